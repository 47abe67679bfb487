/**
 * The program runs from compiled JavaScript (dist/). If a source changed after the last
 * successful build, or the last build failed, running dist/ would provision stale alerting; this
 * refuses instead. The rule itself (a hash of every compile input, written by the build only when
 * it succeeds) lives in bin/build.js, which the `monitoring` command applies too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { freshness, staleMessage } from "../bin/build";

/** The nearest folder above this file with a package.json: the project root. */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** True when this code runs from the compiled dist/ (not from TypeScript sources under a test runner). */
export const RUNNING_COMPILED = __filename.endsWith(".js") && __dirname.split(path.sep).includes("dist");

/** Only when running from a checkout (dist/ beside src/); a published package has no sources. */
export function assertBuildFresh(root = PROJECT_ROOT): void {
  if (!RUNNING_COMPILED || !fs.existsSync(path.join(root, "src"))) return;
  const state = freshness(root);
  if (!state.fresh) throw new pulumi.RunError(staleMessage(state));
}
