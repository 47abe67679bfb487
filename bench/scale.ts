/**
 * A project the size a growing team reaches: a scratch copy of this project (its own folder,
 * sharing node_modules) whose monitors/ holds the example service and n − 1 copies of it under
 * other keys, and whose prod stack has plans big enough for them. The checkout is never touched.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";

export const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "package.json", "package-lock.json", "tsconfig.json", "bin", "src", "monitors"];

/** The key of the i-th copy (the example keeps its own key, finsight-api). */
export const copyKey = (i: number) => `svc-${String(i).padStart(4, "0")}`;

/** Services whose copies keep the example's two rate limits: a zone holds at most 100 rules (Cloudflare Enterprise). */
export const RATE_LIMITED_SERVICES = 50;

/**
 * A copy of the example under another key, name, base URL and log source names (Better Stack finds
 * sources by name); copies past the zone's room for rate-limiting rules have none.
 */
function copyModule(i: number): string {
  return [
    `import finsight from "./finsight";`,
    `import { defineService } from "../src/model";`,
    `const logs = Object.fromEntries(Object.entries(finsight.logs ?? {}).map(([k, v]) => [k, { ...v, name: "Service ${i} " + k }]));`,
    // UptimeRobot finds monitors and maintenance windows by name: a stack may not name one twice.
    `const renamed = <T extends { name?: string }>(xs: Record<string, T> | undefined) => xs && Object.fromEntries(Object.entries(xs).map(([k, v]) => [k, v.name === undefined ? v : { ...v, name: "Service ${i} " + v.name }]));`,
    `export default defineService({ ...finsight, key: "${copyKey(i)}", name: "Service ${i}", baseUrl: "https://${copyKey(i)}.example", logs, checks: renamed(finsight.checks)!, maintenance: renamed(finsight.maintenance)${i < RATE_LIMITED_SERVICES ? "" : ", rateLimits: {}"} });`,
    "",
  ].join("\n");
}

/** The stack file with plans that hold every service's checks, rules and rate limits. */
function roomyStack(text: string): string {
  const doc = YAML.parseDocument(text);
  doc.setIn(["config", "monitoring:vendors", "uptimerobot", "plan"], "enterprise");
  doc.setIn(["config", "monitoring:vendors", "uptimerobot", "monitorLimit"], 10_000);
  doc.setIn(["config", "monitoring:vendors", "cloudflare", "plan"], "enterprise");
  doc.setIn(["config", "monitoring:vendors", "relay", "plan"], "paid");
  return doc.toString();
}

/** Builds the copy with the project's own build (bin/build.js), as `npm ci` would. */
export function buildProject(dir: string): void {
  const r = spawnSync(process.execPath, [path.join(dir, "bin", "build.js")], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build of ${dir} failed: ${r.stderr}`);
}

/** A scratch copy of the project's sources in a new temporary folder, sharing node_modules. */
export function copyProject(root: string, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const entry of PROJECT_FILES) fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** A scratch project with `n` services, built; the caller removes it with `removeProject`. */
export function scaledProject(root: string, n: number, stack = "prod"): string {
  const dir = copyProject(root, `monitoring-scale-${n}-`);
  for (let i = 1; i < n; i++) fs.writeFileSync(path.join(dir, "monitors", `${copyKey(i)}.ts`), copyModule(i));
  const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
  fs.writeFileSync(stackFile, roomyStack(fs.readFileSync(stackFile, "utf8")));
  buildProject(dir);
  return dir;
}

export function removeProject(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
