/**
 * The Worker's code as one ES module, bundled with esbuild from ./worker (the official `stripe`
 * SDK included, resolved through its `workerd`/`worker` export conditions, which select its
 * fetch- and Web-Crypto-based build for Cloudflare Workers). Written to `dist/relay/worker.js`
 * under the project and handed to Cloudflare as `contentFile` with its `contentSha256`, so plans
 * show a path and a hash (a code change is a changed hash), not 250 kB of JavaScript.
 * `pulumi up` runs from the project directory, where the Cloudflare provider reads the file.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../build-state";

export interface WorkerBundle {
  /** Path relative to the project root. */
  contentFile: string;
  contentSha256: string;
  bytes: number;
  /** The code itself (tests hand it to workerd). */
  code: string;
}

let cached: WorkerBundle | undefined;

/** The worker's entry: its TypeScript source in a checkout, else the compiled JavaScript beside this file. */
function entry(): string {
  const source = path.join(PROJECT_ROOT, "src", "targets", "relay", "worker", "index.ts");
  return fs.existsSync(source) ? source : path.join(__dirname, "worker", "index.js");
}

export function workerBundle(): WorkerBundle {
  if (cached) return cached;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [entry()],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    nodePaths: [path.join(PROJECT_ROOT, "node_modules")],
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  const contentFile = path.join("dist", "relay", "worker.js");
  const file = path.join(PROJECT_ROOT, contentFile);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== code) fs.writeFileSync(file, code);
  cached = { contentFile: contentFile.split(path.sep).join("/"), contentSha256: createHash("sha256").update(code).digest("hex"), bytes: Buffer.byteLength(code), code };
  return cached;
}
