/**
 * Group 5: `monitoring diff` of two saved 10,000-resource plans, against its floor: the same
 * command on two saved plans of one resource (loading the command and reading two files), so the
 * difference is what comparing 10,000 resources costs (goal ≤ 1 s). The plans are the project's
 * own prod plan repeated under other names (as 240 services would be), the head changing one
 * resource in a hundred, removing 50 and adding 50. Then `diff --base` of the two stacks against
 * two `plan`s (./edit-loop).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Plan, PlannedResource } from "../src/cli/plan";
import { diffAgainstPlans, monitoring, scratchRepository } from "./edit-loop";
import { paired, runMeasured, seconds, table } from "./measure";

const RESOURCES = 10_000;

function projectPlan(root: string): Plan {
  const r = spawnSync(process.execPath, [path.join(root, "bin", "monitoring.js"), "plan", "--stack", "prod", "--format", "json"], { cwd: root, encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`plan failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Plan;
}

/** The plan's resources repeated under other names until there are `count`. */
function repeated(plan: Plan, count: number): PlannedResource[] {
  const out: PlannedResource[] = [];
  for (let copy = 0; out.length < count; copy++) {
    const rename = (urn: string | undefined) => (urn && !urn.endsWith("::pulumi:pulumi:Stack") ? `${urn}-c${copy}` : urn);
    for (const r of plan.resources) {
      if (out.length === count) break;
      out.push({ ...r, urn: rename(r.urn)!, name: `${r.name}-c${copy}`, parent: rename(r.parent) });
    }
  }
  return out;
}

/** One resource in a hundred changed, 50 removed, 50 added. */
function edited(resources: readonly PlannedResource[]): PlannedResource[] {
  const kept = resources.slice(0, resources.length - 50).map((r, i) => (i % 100 === 7 ? { ...r, inputs: { ...r.inputs, benchChanged: i } } : r));
  const added = resources.slice(0, 50).map((r) => ({ ...r, urn: `${r.urn}-new`, name: `${r.name}-new` }));
  return [...kept, ...added];
}

function savedPlans(root: string, dir: string): { big: [string, string]; small: [string, string] } {
  const plan = projectPlan(root);
  const base = repeated(plan, RESOURCES);
  const write = (name: string, resources: PlannedResource[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify({ ...plan, resources }));
    return file;
  };
  return {
    big: [write("base-10000.json", base), write("head-10000.json", edited(base))],
    small: [write("base-1.json", base.slice(0, 1)), write("head-1.json", [{ ...base[0], inputs: { ...base[0].inputs, benchChanged: 1 } }])],
  };
}

/** The saved-plan diff against its floor; `runs` pairs. */
export function diffSavedPlans(root: string, runs: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monitoring-diff-bench-"));
  try {
    const { big, small } = savedPlans(root, dir);
    const diff = (files: [string, string]) => () => runMeasured([path.join(root, "bin", "monitoring.js"), "diff", "--base-plan", files[0], "--head-plan", files[1], "--format", "json"], root);
    const r = paired(runs, diff(big), diff(small));
    const beyond = r.a.wallMs - r.b.wallMs;
    console.log(`\n5. diff: \`monitoring diff --base-plan --head-plan\` of two saved ${RESOURCES.toLocaleString("en")}-resource plans (100 changed, 50 removed,`);
    console.log("   50 added) against its floor, the same command on two saved one-resource plans (module load, reading two files)");
    console.log(
      table([
        ["", "wall", "CPU", "pairs"],
        [`diff of ${RESOURCES} resources`, seconds(r.a.wallMs), seconds(r.a.cpuMs), String(runs)],
        ["floor: diff of 1 resource", seconds(r.b.wallMs), seconds(r.b.cpuMs), String(runs)],
        ["beyond the floor", `${seconds(beyond)} ${beyond <= 1000 ? "met" : "MISSED"} (goal ≤ 1 s)`, seconds(r.a.cpuMs - r.b.cpuMs), ""],
      ]),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `diff --base` of both stacks in a scratch repository against two plans. */
export function diffBase(root: string, runs: number): void {
  console.log("   `monitoring diff --base HEAD --all-stacks` (whole command, wall time, scratch git repository) against two `plan`s:");
  const dir = scratchRepository(root);
  try {
    monitoring(dir, ["validate", "--stack", "dev"]); // the copy's first build, and warm file caches
    diffAgainstPlans(dir, runs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
