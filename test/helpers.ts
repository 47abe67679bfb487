/** Shared test helpers: the real project files, a scratch copy of the project, the CLI as a subprocess. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import finsight from "../monitors/finsight";
import { readProject, readStackConfig } from "../src/cli/project";
import type { RawConfig } from "../src/settings";
import { scratchDir } from "./scratch";

export { scratchDir } from "./scratch";

export const ROOT = path.resolve(__dirname, "..");

/** The stack's config exactly as the CLI hands it to the program, for every service under monitors/. */
export function shippedStackConfig(stack: string): RawConfig {
  return readStackConfig(readProject(ROOT), stack).config;
}

/**
 * The stack's config for the FinSight service alone, as most tests load it (`services:
 * [finsightCopy()]`): the per-service settings of the other example services are left out, since
 * settings for a service that is not there are a problem of their own.
 */
export function stackConfig(stack: string): RawConfig {
  const config = shippedStackConfig(stack);
  const raw = config["monitoring:services"];
  if (raw === undefined) return config;
  const services = JSON.parse(raw) as Record<string, unknown>;
  return { ...config, "monitoring:services": JSON.stringify({ [finsight.key]: services[finsight.key] }) };
}

/** A deep copy of the FinSight definition to break in a test. */
export function finsightCopy(): Record<string, any> {
  return structuredClone(finsight) as Record<string, any>;
}

/** Config with one `monitoring:` key replaced (value given as a JS value). */
export function withSetting(config: RawConfig, key: string, value: unknown): RawConfig {
  return { ...config, [`monitoring:${key}`]: typeof value === "string" ? value : JSON.stringify(value) };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `monitoring ...` the way a user does (bin/monitoring.js), in `cwd`. */
export function cli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): CliResult {
  const bin = path.join(cwd, "bin", "monitoring.js");
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A scratch copy of the project (sources, definitions, stack files, compiled dist/) with
 * node_modules linked, to break things in without touching the repository; removed when the test
 * file ends.
 */
export function scratchProject(): string {
  const dir = scratchDir("monitoring-");
  for (const entry of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "package.json", "tsconfig.json", "bin", "src", "monitors", "dist"]) {
    const from = path.join(ROOT, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true, preserveTimestamps: true });
  }
  // Only what the program needs compiled: tests and benchmarks stay out of the scratch build.
  const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8"));
  tsconfig.include = ["src/**/*.ts", "monitors/**/*.ts"];
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

export function editFile(dir: string, rel: string, edit: (text: string) => string): void {
  const file = path.join(dir, rel);
  const before = fs.readFileSync(file, "utf8");
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${rel} changed nothing`);
  fs.writeFileSync(file, after);
  // Make sure the edit is newer than the build even on coarse file-system clocks.
  const later = new Date(Date.now() + 2000);
  fs.utimesSync(file, later, later);
}
