#!/usr/bin/env node
// @ts-check
// The `monitoring` command. It runs the compiled CLI from dist/, building first (bin/build.js:
// esbuild, no type check) when dist/ is not a successful build of the current sources, so that
// edited definitions are what it checks. A source that does not compile stops it here, naming the
// file, line and column; `pulumi up` applies the same rule and refuses such a build.
"use strict";
const path = require("node:path");
const { build, formatErrors, freshness } = require("./build.js");

const root = path.resolve(__dirname, "..");
const entry = path.join(root, "dist", "src", "cli", "main.js");

async function run() {
  if (!freshness(root).fresh) {
    const result = await build(root).catch((e) => {
      throw new Error(`the build could not run: ${e instanceof Error ? e.message : String(e)} (expected \`npm ci\` to have installed esbuild)`);
    });
    if (!result.ok) {
      process.stderr.write(`${formatErrors(result.errors)}\n`);
      process.stderr.write("monitoring: the definitions do not compile (above); nothing ran\n");
      return 1;
    }
  }
  /** @type {{ main(argv: string[]): Promise<number> }} */
  const cli = require(entry);
  return cli.main(process.argv.slice(2));
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`monitoring: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
