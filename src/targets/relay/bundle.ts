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

/** What the last bundle was made from (each input file's hash), kept beside it so a plan can reuse it. */
interface BundleRecord {
  inputs: Record<string, string>;
  contentSha256: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

function hashesOf(files: readonly string[]): Record<string, string> | undefined {
  try {
    return Object.fromEntries(files.map((f) => [f, sha256(fs.readFileSync(path.resolve(PROJECT_ROOT, f)))]));
  } catch {
    return undefined; // an input is gone: bundle again
  }
}

/** The bundle written by an earlier plan, when none of its inputs (the worker's sources, the SDK) changed since. */
function reusable(file: string, recordFile: string): string | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(recordFile, "utf8")) as BundleRecord;
    const now = hashesOf(Object.keys(record.inputs));
    if (!now || Object.entries(record.inputs).some(([f, h]) => now[f] !== h)) return undefined;
    const code = fs.readFileSync(file, "utf8");
    return sha256(code) === record.contentSha256 ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The worker's bundle. esbuild takes ~0.4 s of CPU for it, every plan: a bundle made by an earlier
 * plan from the very same input files (hashes recorded in `dist/relay/worker.inputs.json`) is used
 * again instead.
 */
export function workerBundle(): WorkerBundle {
  if (cached) return cached;
  const contentFile = path.join("dist", "relay", "worker.js");
  const file = path.join(PROJECT_ROOT, contentFile);
  const recordFile = path.join(PROJECT_ROOT, "dist", "relay", "worker.inputs.json");
  let code = reusable(file, recordFile);
  if (code === undefined) {
    const built = bundle();
    code = built.code;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== code) fs.writeFileSync(file, code);
    const inputs = hashesOf(built.inputs);
    if (inputs) fs.writeFileSync(recordFile, JSON.stringify({ inputs, contentSha256: sha256(code) } satisfies BundleRecord));
  }
  cached = { contentFile: contentFile.split(path.sep).join("/"), contentSha256: sha256(code), bytes: Buffer.byteLength(code), code };
  return cached;
}

/** Bundles the worker with esbuild; the code and the project-relative input files it read. */
function bundle(): { code: string; inputs: string[] } {
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
    metafile: true,
    absWorkingDir: PROJECT_ROOT,
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}
