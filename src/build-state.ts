/**
 * The program runs from compiled JavaScript (dist/). If a definition changed after the last
 * build, running the old build would provision stale alerting; this refuses instead.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** The nearest folder above this file with a package.json: the project root. */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** True when this code runs from the compiled dist/ (not from TypeScript sources under a test runner). */
export const RUNNING_COMPILED = __filename.endsWith(".js") && __dirname.split(path.sep).includes("dist");

/** TypeScript sources under src/ and monitors/ newer than their compiled JavaScript. */
export function staleSources(root = PROJECT_ROOT): string[] {
  const dist = path.join(root, "dist");
  if (!fs.existsSync(dist)) return ["dist/ (never built)"];
  const stale: string[] = [];
  for (const dir of ["src", "monitors"]) {
    walk(path.join(root, dir), (file) => {
      if (!file.endsWith(".ts") || file.endsWith(".d.ts")) return;
      const rel = path.relative(root, file);
      const js = path.join(dist, rel.replace(/\.ts$/, ".js"));
      if (!fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(file).mtimeMs) stale.push(rel);
    });
  }
  return stale;
}

function walk(dir: string, visit: (file: string) => void): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else visit(full);
  }
}

/** Only when running from a checkout (dist/ beside src/); a published package has no sources. */
export function assertBuildFresh(root = PROJECT_ROOT): void {
  if (!RUNNING_COMPILED || !fs.existsSync(path.join(root, "src"))) return;
  const stale = staleSources(root);
  if (stale.length > 0) {
    throw new pulumi.RunError(
      `the compiled program is older than ${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ` and ${stale.length - 3} more` : ""}: run \`npm run build\` first (expected dist/ to be built from the current sources)`,
    );
  }
}
