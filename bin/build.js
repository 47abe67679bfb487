#!/usr/bin/env node
// @ts-check
/**
 * The build, and the rule that says whether dist/ may run.
 *
 * `node bin/build.js` (npm run build, npm's prepare step, and the `monitoring` command whenever a
 * source changed) compiles every TypeScript file under src/ and monitors/ into dist/ with esbuild,
 * one file at a time and without type-checking (that is `npm run typecheck`, the editor and CI).
 * When the compile succeeds, and only then, it writes dist/build-stamp.json: a SHA-256 hash of
 * every compile input (the sources, this file, the compiler options of tsconfig.json and the
 * esbuild version). A failed compile writes nothing at all, so the stamp keeps describing the last
 * successful build, and sources that changed since no longer match it.
 *
 * `freshness()` compares the stamp with the sources as they are now. The `monitoring` command
 * rebuilds on a mismatch; the program (dist/src/program.js, run by `pulumi up`) refuses to run.
 * Both use this file, so they cannot disagree: what `plan` ran is what `pulumi up` runs.
 *
 * Plain JavaScript, because it must run before anything is compiled. The build copies it to
 * dist/bin/build.js, from where the compiled program uses the copy it was built with.
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** The program's source folders: what `pulumi up` and every `monitoring` command run. */
const PROGRAM_DIRS = ["src", "monitors"];
/** This file, a compile input too (it is copied into dist/ and decides what "fresh" means). */
const BUILDER = "bin/build.js";
const STAMP = "dist/build-stamp.json";
const STAMP_FORMAT = 1;

/**
 * @typedef {{ format: number, settings: string, inputs: Record<string, string> }} Stamp
 * @typedef {{ fresh: true } | { fresh: false, stale: string[] }} Freshness
 *   `stale` names what changed since the last successful build ("monitors/a.ts", "monitors/b.ts
 *   (new)", ...); it is empty when dist/ holds no successful build at all.
 * @typedef {{ file: string, line: number, column: number, text: string, lineText: string }} CompileError
 * @typedef {{ ok: true, files: number, ms: number } | { ok: false, errors: CompileError[] }} BuildResult
 * @typedef {{ also?: string[] }} BuildOptions
 *   `also`: more folders to compile into dist/ (e.g. bench/), outside the stamp.
 */

/** @param {string | Buffer} data */
function sha256(data) {
  return crypto.createHash("sha256").update(data).digest("hex");
}

/**
 * TypeScript files (not declarations) and JSON files under `dir`, as sorted project-relative paths
 * with forward slashes.
 * @param {string} root
 * @param {string} dir
 * @returns {string[]}
 */
function sourcesUnder(root, dir) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} rel */
  const walk = (rel) => {
    /** @type {fs.Dirent[]} */
    let entries;
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return; // no such folder
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if ((entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) || entry.name.endsWith(".json")) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * What the output depends on besides the sources: tsconfig.json's compiler options (only those:
 * which files it includes does not change what a file compiles to) and the esbuild version.
 * @param {string} root
 */
function buildSettings(root) {
  let options = "";
  try {
    const text = fs.readFileSync(path.join(root, "tsconfig.json"), "utf8");
    try {
      options = JSON.stringify(JSON.parse(text).compilerOptions ?? {});
    } catch {
      options = text; // not plain JSON (comments): every change to the file counts
    }
  } catch {
    options = "(no tsconfig.json)";
  }
  /** @type {string} */
  let esbuild;
  try {
    esbuild = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json", { paths: [root, __dirname] }), "utf8")).version;
  } catch {
    esbuild = "(not installed)";
  }
  return sha256(JSON.stringify({ options, esbuild }));
}

/**
 * The compile inputs as they are now, read once: what a build compiles and what its stamp hashes.
 * @param {string} root
 * @returns {{ contents: Map<string, Buffer>, stamp: Stamp }}
 */
function readInputs(root) {
  /** @type {Map<string, Buffer>} */
  const contents = new Map();
  for (const rel of [...PROGRAM_DIRS.flatMap((d) => sourcesUnder(root, d)), BUILDER]) {
    try {
      contents.set(rel, fs.readFileSync(path.join(root, rel)));
    } catch {
      // gone between listing and reading: it is not an input
    }
  }
  /** @type {Record<string, string>} */
  const inputs = {};
  for (const [rel, data] of contents) inputs[rel] = sha256(data);
  return { contents, stamp: { format: STAMP_FORMAT, settings: buildSettings(root), inputs } };
}

/**
 * Whether dist/ is a successful build of the current sources.
 * @param {string} root the project folder (where package.json is)
 * @returns {Freshness}
 */
function freshness(root) {
  /** @type {Stamp} */
  let built;
  try {
    built = JSON.parse(fs.readFileSync(path.join(root, STAMP), "utf8"));
  } catch {
    return { fresh: false, stale: [] };
  }
  if (built.format !== STAMP_FORMAT || typeof built.inputs !== "object" || built.inputs === null) return { fresh: false, stale: [] };
  const now = readInputs(root).stamp;
  /** @type {string[]} */
  const stale = [];
  if (built.settings !== now.settings) stale.push("tsconfig.json's compiler options or the esbuild version");
  for (const [rel, hash] of Object.entries(now.inputs)) {
    if (!(rel in built.inputs)) stale.push(`${rel} (new)`);
    else if (built.inputs[rel] !== hash) stale.push(rel);
  }
  for (const rel of Object.keys(built.inputs)) if (!(rel in now.inputs)) stale.push(`${rel} (deleted)`);
  return stale.length === 0 ? { fresh: true } : { fresh: false, stale };
}

/**
 * One line for a build that may not run, saying what to run.
 * @param {Freshness} state
 */
function staleMessage(state) {
  if (state.fresh) return "";
  const what =
    state.stale.length === 0
      ? `the compiled program is not a finished build (${STAMP} is missing: the last build failed, was interrupted or never ran)`
      : `the compiled program is older than ${state.stale.slice(0, 3).join(", ")}${state.stale.length > 3 ? ` and ${state.stale.length - 3} more` : ""}`;
  return `${what}: run \`npm run build\` first (expected dist/ to be built from the current sources)`;
}

/**
 * Writes a file so that a reader sees the old content or the new one, never half of it.
 * @param {string} file
 * @param {string | Uint8Array} data
 */
function writeAtomically(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * Removes compiled files of the program's folders whose source is gone (a renamed or deleted
 * definition must not linger in dist/).
 * @param {string} root
 * @param {Set<string>} written absolute paths of this build's outputs
 */
function removeOrphans(root, written) {
  for (const dir of PROGRAM_DIRS) {
    /** @param {string} abs */
    const walk = (abs) => {
      /** @type {fs.Dirent[]} */
      let entries;
      try {
        entries = fs.readdirSync(abs, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const child = path.join(abs, entry.name);
        if (entry.isDirectory()) walk(child);
        else if (/\.(js|js\.map|json)$/.test(entry.name) && !written.has(child)) fs.rmSync(child, { force: true });
      }
    };
    walk(path.join(root, "dist", dir));
  }
}

/**
 * Compiles the inputs read in memory (so that the stamp hashes exactly what was compiled).
 * @param {string} root
 * @param {Map<string, Buffer>} contents project-relative path → content
 * @returns {Promise<{ outputs: { path: string, contents: Uint8Array }[] } | { errors: CompileError[] }>}
 */
async function compile(root, contents) {
  const esbuild = require("esbuild");
  const entryPoints = [...contents.keys()].filter((rel) => rel.endsWith(".ts")).map((rel) => path.join(root, rel));
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints,
      outbase: root,
      outdir: path.join(root, "dist"),
      bundle: false,
      format: "cjs",
      platform: "node",
      target: "node20",
      sourcemap: "linked",
      sourcesContent: false,
      write: false,
      logLevel: "silent",
      plugins: [
        {
          name: "inputs-in-memory",
          setup(b) {
            b.onLoad({ filter: /\.ts$/ }, (args) => {
              const data = contents.get(path.relative(root, args.path).split(path.sep).join("/"));
              return data === undefined ? undefined : { contents: data, loader: "ts" };
            });
          },
        },
      ],
    });
    return { outputs: result.outputFiles ?? [] };
  } catch (e) {
    const failure = /** @type {{ errors?: import("esbuild").Message[] }} */ (e);
    if (!Array.isArray(failure.errors)) throw e;
    return {
      errors: failure.errors.map((m) => ({
        file: m.location?.file ?? "(unknown file)",
        line: m.location?.line ?? 0,
        column: (m.location?.column ?? 0) + 1,
        text: m.text,
        lineText: m.location?.lineText ?? "",
      })),
    };
  }
}

/**
 * Compiles src/ and monitors/ into dist/; writes the stamp only when everything compiled.
 * @param {string} root the project folder (where package.json is)
 * @param {BuildOptions} [options]
 * @returns {Promise<BuildResult>}
 */
async function build(root, options = {}) {
  const started = Date.now();
  const { contents, stamp } = readInputs(root);
  const extra = new Map((options.also ?? []).flatMap((d) => sourcesUnder(root, d)).map((rel) => [rel, fs.readFileSync(path.join(root, rel))]));
  const compiled = await compile(root, new Map([...contents, ...extra]));
  if ("errors" in compiled) return { ok: false, errors: compiled.errors };
  // From here on dist/ changes: without a stamp it counts as unfinished until the new one is written.
  fs.rmSync(path.join(root, STAMP), { force: true });
  /** @type {Set<string>} */
  const written = new Set();
  for (const out of compiled.outputs) {
    writeAtomically(out.path, out.contents);
    written.add(out.path);
  }
  for (const [rel, data] of [...contents, ...extra]) {
    if (rel.endsWith(".ts")) continue;
    const to = path.join(root, "dist", rel);
    writeAtomically(to, data);
    written.add(to);
  }
  removeOrphans(root, written);
  writeAtomically(path.join(root, STAMP), `${JSON.stringify(stamp, null, 1)}\n`);
  return { ok: true, files: contents.size + extra.size, ms: Date.now() - started };
}

/**
 * Compile errors as the user reads them: `file:line:column: message`, then the line.
 * @param {CompileError[]} errors
 */
function formatErrors(errors) {
  return errors
    .slice(0, 10)
    .map((e) => `${e.file}:${e.line}:${e.column}: ${e.text}${e.lineText ? `\n    ${e.lineText.trim()}` : ""}`)
    .concat(errors.length > 10 ? [`... and ${errors.length - 10} more`] : [])
    .join("\n");
}

module.exports = { build, freshness, staleMessage, formatErrors, STAMP };

if (require.main === module) {
  // npm run build / prepare; `node bin/build.js bench` also compiles bench/ (npm run bench).
  const root = path.resolve(__dirname, "..");
  build(root, { also: process.argv.slice(2) }).then(
    (result) => {
      if (result.ok) {
        process.stderr.write(`built dist/ from ${result.files} files in ${result.ms} ms (no type check: npm run typecheck)\n`);
      } else {
        process.stderr.write(`${formatErrors(result.errors)}\nthe sources do not compile (above); dist/ was left as it was\n`);
        process.exitCode = 1;
      }
    },
    (e) => {
      process.stderr.write(`build failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
