/**
 * What the editor says while a definition is written: `defineService` keeps TypeScript's
 * excess-property check, so a misspelt field is a compile error where it is typed (with the
 * compiler's "did you mean"), not only a validation problem later.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers";

// Outside monitors/ (where every module is a definition to load), beside this test.
const DIR = path.join(__dirname, ".compile");

function typeErrors(source: string): string[] {
  fs.mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, `definition-${process.pid}-${Math.random().toString(36).slice(2)}.ts`);
  fs.writeFileSync(file, source.replace("MODEL", path.relative(DIR, path.join(ROOT, "src/model")).split(path.sep).join("/")));
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const program = ts.createProgram([file], { ...options, noEmit: true });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file);
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

describe("defineService in the editor", () => {
  it("a misspelt field of a check does not compile, and the compiler suggests the right one", () => {
    const errors = typeErrors(`import { defineService } from "MODEL";
export default defineService({ key: "api", name: "API", baseUrl: "https://api.example", checks: { health: { kind: "http", path: "/health", expectedStatus: [200] } } });
`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/'expectedStatus' does not exist in type .*Did you mean to write 'expectStatus'\?/s);
  });

  it("a field that belongs to another kind of check does not compile either", () => {
    const errors = typeErrors(`import { defineService } from "MODEL";
export default defineService({ key: "api", name: "API", checks: { beat: { kind: "heartbeat", period: "1d", sslExpirationReminder: true } } });
`);
    expect(errors.join("\n")).toContain("'sslExpirationReminder' does not exist in type");
  });

  it("a correct definition compiles", () => {
    expect(
      typeErrors(`import { defineService } from "MODEL";
export default defineService({ key: "api", name: "API", baseUrl: "https://api.example", checks: { health: { kind: "http", path: "/health", expectStatus: [200], keyword: { text: "ok" } } } });
`),
    ).toEqual([]);
  });
});
