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
import * as os from "node:os";
import * as path from "node:path";

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "package.json", "package-lock.json", "tsconfig.json", "bin", "src", "monitors"];
const EDITED = "monitors/finsight.ts";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

/** A copy of the project's sources, sharing node_modules, committed as the base of the diff. */
function scratchRepository(root: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monitoring-bench-"));
  for (const entry of PROJECT_FILES) fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  fs.writeFileSync(path.join(dir, ".gitignore"), "node_modules\ndist\n");
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "-m", "base");
  return dir;
}

/** Runs the `monitoring` command in `dir`; milliseconds of wall time. */
function monitoring(dir: string, args: string[]): number {
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

/** Measures and prints the edit loop; `runs` pairs of each measurement. */
export function editLoop(root: string, runs = 5): void {
  const cpus = os.cpus();
  console.log(`edit loop: machine ${cpus[0]?.model ?? "unknown cpu"}, ${cpus.length} cpus, load average ${os.loadavg()[0].toFixed(2)} at start`);
  const dir = scratchRepository(root);
  try {
    monitoring(dir, ["validate", "--stack", "dev"]); // first build of the copy, and warm file caches
    const idle: number[] = [];
    const edited: number[] = [];
    for (let i = 0; i < runs; i++) {
      idle.push(monitoring(dir, ["validate", "--stack", "dev"]));
      editDefinition(dir, i);
      edited.push(monitoring(dir, ["validate", "--stack", "dev"]));
    }
    const v = median(edited) / median(idle);
    console.log(`  validate, nothing edited:        median ${fmt(median(idle))} over ${runs} runs`);
    console.log(`  validate after editing ${EDITED}: median ${fmt(median(edited))} over ${runs} runs`);
    console.log(`  ratio ${v.toFixed(2)} (target ≤ 1.5)`);

    const plans: number[] = [];
    const diffs: number[] = [];
    const diffRuns = Math.max(3, Math.ceil(runs / 2));
    for (let i = 0; i < diffRuns; i++) {
      plans.push(monitoring(dir, ["plan", "--stack", "dev", "--format", "json"]) + monitoring(dir, ["plan", "--stack", "prod", "--format", "json"]));
      diffs.push(monitoring(dir, ["diff", "--base", "HEAD", "--all-stacks", "--format", "json"]));
    }
    const d = median(diffs) / median(plans);
    console.log(`  two plans (dev, then prod):      median ${fmt(median(plans))} over ${diffRuns} runs`);
    console.log(`  diff --base HEAD --all-stacks:   median ${fmt(median(diffs))} over ${diffRuns} runs`);
    console.log(`  ratio ${d.toFixed(2)} (target ≤ 2)`);
    console.log(`edit loop: load average ${os.loadavg()[0].toFixed(2)} at the end`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
