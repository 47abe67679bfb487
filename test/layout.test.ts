/**
 * The layout rules the code keeps so that a vendor stays one folder and every part stays readable:
 * no source file over 450 lines, no function over 80 lines, and no vendor named by the parts that
 * iterate the vendor modules (resolve meets vendors only where the definition language does, as in
 * `business.stripe`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { VENDORS } from "../src/targets";
import { ROOT } from "./helpers";

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

const SRC = sources(path.join(ROOT, "src"));
const rel = (file: string) => path.relative(ROOT, file);

describe("source layout", () => {
  it("no file under src/ is over 450 lines", () => {
    const long = SRC.map((f) => ({ file: rel(f), lines: fs.readFileSync(f, "utf8").split("\n").length })).filter((f) => f.lines > 450);
    expect(long).toEqual([]);
  });

  it("no function under src/ is over 80 lines", () => {
    const long: string[] = [];
    for (const file of SRC) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
          const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
          const last = source.getLineAndCharacterOfPosition(node.end).line;
          const name = "name" in node && node.name ? node.name.getText() : "(anonymous)";
          if (last - first + 1 > 80) long.push(`${rel(file)}:${first + 1} ${name} (${last - first + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });

  it("settings, the pipeline, provisioning and the commands name no vendor", () => {
    const generic = SRC.filter((f) => /^src\/(settings|cli)\/|^src\/(pipeline|provision|program)\.ts$/.test(rel(f)));
    const named: string[] = [];
    for (const file of generic) {
      // Code only: comments may mention vendors as examples.
      const text = fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
      for (const vendor of VENDORS) {
        // A vendor's name as code would use it: a string, a property, a path segment.
        const pattern = new RegExp(`["'\`/.]${vendor.name}\\b`, "i");
        if (pattern.test(text)) named.push(`${rel(file)} names ${vendor.name}`);
      }
    }
    expect(named).toEqual([]);
  });
});
