/** Where a command writes: standard output and error, or a file given with `--out`. */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "./project";

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Writes a command's result to `--out FILE` (saying so on stderr when `what` names it), or to standard output. */
export function writeResult(io: Io, cwd: string, out: string | undefined, text: string, what?: string): void {
  if (out === undefined) {
    io.out(text);
    return;
  }
  const file = path.resolve(cwd, out);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`--out ${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (what !== undefined) io.err(`${what} written to ${out}\n`);
}
