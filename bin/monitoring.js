#!/usr/bin/env node
// The `monitoring` command. It runs the compiled CLI from dist/, compiling first when a source
// under src/ or monitors/ is newer than its build, so that edited definitions are what it checks.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.resolve(__dirname, "..");
const entry = path.join(root, "dist", "src", "cli", "main.js");

function stale() {
  const buildState = path.join(root, "dist", "src", "build-state.js");
  if (!fs.existsSync(entry) || !fs.existsSync(buildState)) return true;
  // The same per-file comparison the program makes before it runs.
  return require(buildState).staleSources(root).length > 0;
}

if (stale()) {
  process.stderr.write("monitoring: compiling definitions (src/, monitors/)...\n");
  const tsc = require.resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json")], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    process.stderr.write("monitoring: the definitions do not compile (type errors above); nothing was planned\n");
    process.exit(1);
  }
}

require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
