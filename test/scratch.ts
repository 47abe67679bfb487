/**
 * Scratch folders for tests, removed when the test file that made them ends (test/setup.ts). Kept
 * apart from ./helpers so that the setup, which runs before every test file, loads nothing else.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const made = new Set<string>();

/** A new empty folder under the system's temporary folder, removed when the test file ends. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder scratchDir made in this test file. */
export function removeScratchDirs(): void {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  made.clear();
}
