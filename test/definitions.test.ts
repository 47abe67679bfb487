/**
 * How services are found: every module under monitors/ whose default export is a service
 * definition, with nothing to list them in; and what the user sees when a module cannot be used.
 * Through the CLI, as a subprocess, in a scratch copy of the project.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, scratchProject } from "./helpers";

const NO_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

const BILLING = `import { defineService } from "../src/model";

export default defineService({
  key: "billing",
  name: "Billing",
  baseUrl: "https://billing.example",
  checks: { health: { kind: "http", path: "/health", severity: "warning", runbook: "https://wiki.example/billing" } },
});
`;

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

/** The services of a plan (their component resources), in the order the program registered them. */
function plannedServices(dir: string): string[] {
  const r = cli(["plan", "--stack", "dev", "--format", "json"], dir);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).resources.filter((x: { type: string }) => x.type === "monitoring:index:Service").map((x: { name: string }) => x.name);
}

describe("services are found in monitors/", () => {
  it("a new file is planned without being listed anywhere, in file-path order; a deleted one is gone", () => {
    const dir = scratchProject();
    expect(fs.existsSync(path.join(dir, "monitors", "index.ts"))).toBe(false);
    write(dir, "monitors/billing.ts", BILLING);
    write(dir, "monitors/team/payments.ts", BILLING.replace("../src/model", "../../src/model").replace('key: "billing"', 'key: "payments"').replace('name: "Billing"', 'name: "Payments"'));
    // A module of helpers (no default export) is allowed and is not a service.
    write(dir, "monitors/shared.ts", 'export const WIKI = "https://wiki.example";\n');
    expect(plannedServices(dir)).toEqual(["billing", "finsight-api", "payments"]);

    fs.rmSync(path.join(dir, "monitors/billing.ts"));
    expect(plannedServices(dir)).toEqual(["finsight-api", "payments"]);
  });

  it("a default export that is not a service, a service exported under another name, and a key defined twice: one problem each, naming the file", () => {
    const dir = scratchProject();
    write(dir, "monitors/billing.ts", BILLING);
    write(dir, "monitors/billing-v2.ts", BILLING);
    write(dir, "monitors/helpers.ts", "export default function runbook(url: string) {\n  return { url };\n}\n");
    write(dir, "monitors/payments.ts", BILLING.replace("export default defineService", "export const payments = defineService").replace('"billing"', '"payments"'));
    const expected = [
      'dev monitors/billing.ts: defines the service key "billing", which monitors/billing-v2.ts defines already (expected each service in one file)',
      "dev monitors/helpers.ts: its default export is a function, not a service definition (expected `export default defineService({...})`; a module of helpers has no default export)",
      "dev monitors/payments.ts: exports a service definition as `payments` but has no default export, so it would be missed (expected `export default defineService({...})`)",
    ];
    const r = cli(["validate", "--stack", "dev"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual(["3 problems in the monitoring definitions for stack dev; nothing was provisioned:", ...expected.map((l) => `  ${l}`)]);
    // The commands that resolve without the Pulumi runtime load them the same way.
    const cost = cli(["cost", "--stack", "dev"], dir);
    expect(cost.code).toBe(1);
    expect(cost.stderr.trim().split("\n")).toEqual(expected);
  });
});

describe("a module that cannot be loaded is one problem at its place in the source", () => {
  it("an import of a missing module, a throw while loading and a getter that throws name the file under monitors/, line and column", () => {
    const dir = scratchProject();
    write(
      dir,
      "monitors/billing.ts",
      BILLING.replace('import { defineService } from "../src/model";', 'import { defineService } from "../src/model";\nimport { steps } from "./runbooks";').replace(
        'runbook: "https://wiki.example/billing"',
        "runbook: { steps }",
      ),
    );
    write(dir, "monitors/payments.ts", `import { defineService } from "../src/model";\n\nconst owner = teamOf("payments");\n\nexport default defineService({ key: "payments", name: owner });\n`);
    write(
      dir,
      "monitors/search.ts",
      `import { defineService } from "../src/model";\n\nexport default defineService({\n  key: "search",\n  name: "Search",\n  get description(): string {\n    throw new Error("not written yet");\n  },\n});\n`,
    );
    for (const command of ["validate", "plan"]) {
      const r = cli([command, "--stack", "dev"], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(
        'dev monitors/billing.ts:2:23: imports "./runbooks", which cannot be found (expected a path to a module under monitors/ or src/model, or an installed package)',
      );
      expect(r.stderr).toContain("dev monitors/payments.ts:3:15: threw ReferenceError: teamOf is not defined while loading (expected the module to load without throwing)");
      expect(r.stderr).toContain("dev monitors/search.ts:7:11: reading the service definition threw Error: not written yet (expected plain values)");
      expect(r.stderr).not.toContain("dist/");
      expect(r.stderr).not.toMatch(NO_TRACE);
    }
  });
});
