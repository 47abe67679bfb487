/**
 * The team's services: every module under monitors/ whose default export is a service definition
 * (the object `defineService` returns), in the order of their file paths. Nothing lists them, so
 * nothing can forget one. The program (src/program.ts) and the CLI (src/cli/stack-model.ts) load
 * them only through here, from the compiled modules in dist/monitors.
 *
 * A module that cannot be loaded (a missing import, a throw while it runs), whose default export
 * is something else, or that defines a service key another file already defines, is one problem
 * naming its source file under monitors/ (and the line, when there is one), never a raw
 * JavaScript error. Modules without a default export are helpers, and are loaded like the rest.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { inspect } from "node:util";
import { PROJECT_ROOT } from "./build-state";
import { isServiceDefinition } from "./model";
import { ValidationFailed } from "./pipeline";
import type { Problem } from "./resolve";
import { formatLocation, locateIn, sourceOf, type SourceLocation } from "./source-location";

/** The folder of the team's definitions, relative to the project root. */
export const DEFINITIONS_DIR = "monitors";

const EXPECTED_EXPORT = "expected `export default defineService({...})`";

export interface Definitions {
  /** The services, read into plain data from each module's default export, by file path. */
  services: unknown[];
  /** The source file of each service (parallel to `services`), e.g. `monitors/finsight.ts`. */
  files: string[];
  /** Every module that could not be used; empty when all is well. */
  problems: Problem[];
}

/** The compiled modules under dist/monitors, sorted by path. */
function compiledModules(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".js")) out.push(full);
    }
  };
  walk(path.join(root, "dist", DEFINITIONS_DIR));
  const key = (file: string) => path.relative(root, file).split(path.sep).join("/");
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const firstLine = (text: string) => text.split("\n")[0].trim();

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${firstLine(error.message)}`;
  return typeof error === "string" ? firstLine(error) : inspect(error, { depth: 1, breakLength: Infinity });
}

/** A module that failed while Node loaded it, as one problem at its place in the source. */
function loadProblem(root: string, loading: SourceLocation, error: unknown): Problem {
  const at = locateIn(root, DEFINITIONS_DIR, error) ?? loading;
  const e = error as NodeJS.ErrnoException & { requireStack?: string[] };
  const wanted = e?.code === "MODULE_NOT_FOUND" ? /Cannot find module '([^']+)'/.exec(String(e.message))?.[1] : undefined;
  if (wanted !== undefined) {
    const name = path.isAbsolute(wanted) ? (sourceOf(root, wanted)?.file ?? path.relative(root, wanted)) : wanted;
    const from = e.requireStack?.[0] === undefined ? undefined : sourceOf(root, e.requireStack[0]);
    const who = from && from.file !== at.file ? ` (from ${from.file}, which it imports)` : "";
    return {
      level: "error",
      where: formatLocation(at),
      message: `imports "${name}", which cannot be found${who} (expected a path to a module under ${DEFINITIONS_DIR}/ or src/model, or an installed package)`,
    };
  }
  return { level: "error", where: formatLocation(at), message: `threw ${errorText(error)} while loading (expected the module to load without throwing)` };
}

/** The definition as plain data: every getter read once, here, where a throw can be located. */
function plain(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(plain(item, seen));
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // a Date, a class instance: as it is
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) out[key] = plain((value as Record<string, unknown>)[key], seen);
  return out;
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return "an object that `defineService` did not return (a copy, or a plain object)";
  return `a ${typeof value}`;
}

interface Exported {
  /** Absent when the module has no default export. */
  default?: { value: unknown };
  named: [string, unknown][];
}

/** The module's exports, read; CommonJS `module.exports = x` counts as a default export. */
function exportsOf(exports: unknown): Exported {
  if (typeof exports !== "object" || exports === null) return exports === undefined ? { named: [] } : { default: { value: exports }, named: [] };
  const record = exports as Record<string, unknown>;
  if (!record.__esModule) return Object.keys(record).length === 0 ? { named: [] } : { default: { value: exports }, named: [] };
  const named = Object.keys(record)
    .filter((k) => k !== "default")
    .map((k): [string, unknown] => [k, record[k]]);
  return { ...("default" in record ? { default: { value: record.default } } : {}), named };
}

interface Found {
  service?: unknown;
  problem?: Problem;
}

/** What one loaded module contributes: its service, nothing (a helper), or a problem. */
function serviceOf(root: string, at: SourceLocation, exports: unknown): Found {
  const problem = (message: string): Found => ({ problem: { level: "error", where: formatLocation(at), message } });
  let exported: Exported;
  try {
    exported = exportsOf(exports);
  } catch (e) {
    return { problem: loadProblem(root, at, e) };
  }
  if (!exported.default) {
    const named = exported.named.find(([, v]) => isServiceDefinition(v));
    if (named) return problem(`exports a service definition as \`${named[0]}\` but has no default export, so it would be missed (${EXPECTED_EXPORT})`);
    return {};
  }
  const value = exported.default.value;
  if (!isServiceDefinition(value)) return problem(`its default export is ${describe(value)}, not a service definition (${EXPECTED_EXPORT}; a module of helpers has no default export)`);
  try {
    return { service: plain(value) };
  } catch (e) {
    const where = locateIn(root, DEFINITIONS_DIR, e) ?? at;
    return { problem: { level: "error", where: formatLocation(where), message: `reading the service definition threw ${errorText(e)} (expected plain values)` } };
  }
}

/** Loads every module under monitors/ (compiled, from dist/) and collects the services and problems. */
export function loadDefinitions(root = PROJECT_ROOT): Definitions {
  const load = createRequire(path.join(root, "package.json"));
  const result: Definitions = { services: [], files: [], problems: [] };
  const seenProblems = new Set<string>();
  const report = (p: Problem) => {
    const id = `${p.where}\0${p.message}`;
    if (!seenProblems.has(id)) result.problems.push(p);
    seenProblems.add(id);
  };
  const keys = new Map<string, string>();
  for (const js of compiledModules(root)) {
    const at = sourceOf(root, js) ?? { file: path.relative(root, js) };
    let exports: unknown;
    try {
      exports = load(js);
    } catch (e) {
      report(loadProblem(root, at, e));
      continue;
    }
    const found = serviceOf(root, at, exports);
    if (found.problem) report(found.problem);
    if (!("service" in found)) continue;
    const key = (found.service as { key?: unknown }).key;
    if (typeof key === "string" && keys.has(key)) {
      report({ level: "error", where: at.file, message: `defines the service key "${key}", which ${keys.get(key)} defines already (expected each service in one file)` });
      continue;
    }
    if (typeof key === "string") keys.set(key, at.file);
    result.services.push(found.service);
    result.files.push(at.file);
  }
  if (result.services.length === 0 && result.problems.length === 0) {
    report({ level: "error", where: `${DEFINITIONS_DIR}/`, message: `no module defines a service (${EXPECTED_EXPORT} in a file under ${DEFINITIONS_DIR}/)` });
  }
  return result;
}

/**
 * The services, for the program: a ValidationFailed (a `pulumi.RunError`: printed without a stack
 * trace, nothing registered) listing every module that could not be used.
 */
export function loadServices(stack: string, root = PROJECT_ROOT): unknown[] {
  const { services, problems } = loadDefinitions(root);
  if (problems.length > 0) throw new ValidationFailed(stack, problems);
  return services;
}
