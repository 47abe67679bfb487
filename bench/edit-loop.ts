/**
 * The edit loop: how long a user waits between saving a definition and seeing it checked, and
 * how long a pull request's `monitoring diff` takes, as ratios measured in one run:
 *
 * - `validate` right after editing one definition file (it rebuilds dist/) against a `validate`
 *   with nothing edited (target: at most 1.5×);
 * - `monitoring diff --base HEAD --all-stacks` of the two stacks (a worktree checked out and
 *   built, four plans) against two `plan`s, dev then prod (target: at most 2×).
 *
 * Every figure is the whole CLI process, as a user runs it, in a scratch copy of the project that
 * is a git repository of its own (the checkout is never touched). The two sides of each ratio
 * alternate, so that a busy neighbour slows both alike.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { median } from "./measure";
import { copyProject } from "./scale";

const EDITED = "monitors/finsight.ts";

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

/** A copy of the project's sources, sharing node_modules, committed as the base of the diff. */
export function scratchRepository(root: string): string {
  const dir = copyProject(root, "monitoring-bench-");
  fs.writeFileSync(path.join(dir, ".gitignore"), "node_modules\ndist\n");
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "-m", "base");
  return dir;
}

/** Runs the `monitoring` command in `dir`; milliseconds of wall time. */
export function monitoring(dir: string, args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(dir, "bin", "monitoring.js"), ...args], { cwd: dir, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`monitoring ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** One small edit to a definition, a different file content each time (a threshold moves). */
function editDefinition(dir: string, i: number): void {
  const file = path.join(dir, EDITED);
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(/moreThan: 1[01],/, `moreThan: ${i % 2 === 0 ? 11 : 10},`);
  if (next === text) throw new Error(`${EDITED}: the edit changed nothing`);
  fs.writeFileSync(file, next);
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** `validate` right after an edit against `validate` with nothing edited; `runs` pairs. */
export function validateAfterEdit(dir: string, runs: number): void {
  monitoring(dir, ["validate", "--stack", "dev"]); // first build of the copy, and warm file caches
  const idle: number[] = [];
  const edited: number[] = [];
  for (let i = 0; i < runs; i++) {
    idle.push(monitoring(dir, ["validate", "--stack", "dev"]));
    editDefinition(dir, i);
    edited.push(monitoring(dir, ["validate", "--stack", "dev"]));
  }
  const v = median(edited) / median(idle);
  console.log(`  validate, nothing edited:        median ${fmt(median(idle))} over ${runs} runs (the floor)`);
  console.log(`  validate after editing ${EDITED}: median ${fmt(median(edited))} over ${runs} runs`);
  console.log(`  ratio ${v.toFixed(2)}× ${v <= 1.5 ? "met" : "MISSED"} (goal ≤ 1.5×)`);
}

/** `diff --base HEAD --all-stacks` against its floor, two `plan`s (dev, then prod); `runs` pairs. */
export function diffAgainstPlans(dir: string, runs: number): void {
  const plans: number[] = [];
  const diffs: number[] = [];
  for (let i = 0; i < runs; i++) {
    plans.push(monitoring(dir, ["plan", "--stack", "dev", "--format", "json"]) + monitoring(dir, ["plan", "--stack", "prod", "--format", "json"]));
    diffs.push(monitoring(dir, ["diff", "--base", "HEAD", "--all-stacks", "--format", "json"]));
  }
  const d = median(diffs) / median(plans);
  console.log(`  two plans (dev, then prod):      median ${fmt(median(plans))} over ${runs} runs (the floor)`);
  console.log(`  diff --base HEAD --all-stacks:   median ${fmt(median(diffs))} over ${runs} runs`);
  console.log(`  ratio ${d.toFixed(2)}× ${d <= 2 ? "met" : "MISSED"} (goal ≤ 2×)`);
}
