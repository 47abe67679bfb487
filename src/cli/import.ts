/**
 * `monitoring import <vendor>`: reads an existing vendor account into a definitions file, marked
 * for adoption, through the vendor module's importer (src/targets/<vendor>). Reading is code
 * generation: the file is checked by `validate` and `plan` like any hand-written definition.
 */
import { KEY_PATTERN } from "../model";
import { VENDORS } from "../targets";
import { ImportFailed } from "../targets/types";
import { writeResult, type Io } from "./io";
import { findProjectRoot, readProject, readStackConfig, UsageError } from "./project";

export interface ImportOptions {
  stack: string;
  out?: string;
  /** Key of the generated service (default: the vendor's name). */
  key?: string;
}

/** Vendors that can be imported from. */
export const IMPORTERS = VENDORS.filter((v) => v.importer).map((v) => v.name);

export async function runImport(vendorName: string, opts: ImportOptions, io: Io, cwd: string): Promise<number> {
  const vendor = VENDORS.find((v) => v.name === vendorName && v.importer);
  if (!vendor?.importer) throw new UsageError(`import ${vendorName}: unknown vendor (expected ${IMPORTERS.join(" or ")})`);
  const serviceKey = opts.key ?? vendor.name;
  if (!KEY_PATTERN.test(serviceKey)) throw new UsageError(`--key ${serviceKey}: expected a lowercase key of letters, digits and dashes`);
  const root = findProjectRoot(cwd);
  const { config } = readStackConfig(readProject(root), opts.stack);
  let result;
  try {
    result = await vendor.importer.run({ stack: opts.stack, config, env: process.env, serviceKey, log: (line) => io.err(`${line}\n`) });
  } catch (e) {
    if (e instanceof ImportFailed && e.kind === "usage") throw new UsageError(e.message);
    if (e instanceof ImportFailed) {
      io.err(`monitoring import: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  writeResult(io, cwd, opts.out, result.source);
  io.err(`${result.summary}${opts.out ? ` into ${opts.out}` : ""}\n`);
  for (const line of result.next) io.err(`next: ${line}\n`);
  for (const n of result.notes) io.err(`note: ${n}\n`);
  return 0;
}
