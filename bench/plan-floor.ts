/**
 * Group 1: `monitoring plan` against the engine floor at several sizes. Each size is a scratch
 * project of n services (./scale); its registrations are captured once (./capture), then the
 * whole `plan` command and the floor program (./engine-floor) run in turns, each in a process of
 * its own, and the medians of their CPU and peak memory are compared.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Capture } from "./capture";
import { fitExponent, mib, paired, ratioRange, runMeasured, seconds, table, verdict, type Usage } from "./measure";
import { scaledProject } from "./scale";

export interface Sized {
  services: number;
  /** The scratch project. */
  dir: string;
  /** Its captured registrations (JSON). */
  capture: string;
  resources: number;
}

export interface PlanFigures {
  services: number;
  resources: number;
  plan: Usage;
  floor: Usage;
  runs: number;
  /** Each pair's CPU ratio, plan / floor. */
  cpuRatios: number[];
}

/** Builds the scratch project of each size and captures what its plan registers. */
export function prepareSizes(root: string, sizes: readonly number[]): Sized[] {
  return sizes.map((services) => {
    const dir = scaledProject(root, services);
    const capture = path.join(dir, "bench-capture.json");
    const r = spawnSync(process.execPath, [path.join(__dirname, "capture.js"), dir, "prod", capture], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`capture of ${services} services failed: ${r.stderr}`);
    const resources = (JSON.parse(fs.readFileSync(capture, "utf8")) as Capture).registrations.length;
    return { services, dir, capture, resources };
  });
}

export const planArgs = (dir: string) => [path.join(dir, "bin", "monitoring.js"), "plan", "--stack", "prod", "--format", "json"];
export const floorArgs = (s: Sized) => [path.join(__dirname, "engine-floor.js"), s.capture];

/** Paired runs of the plan and its floor at one size. */
export function measurePlan(s: Sized, runs: number): PlanFigures {
  const r = paired(
    runs,
    () => runMeasured(planArgs(s.dir), s.dir),
    () => runMeasured(floorArgs(s), s.dir),
  );
  return { services: s.services, resources: s.resources, plan: r.a, floor: r.b, runs, cpuRatios: r.cpuRatios };
}

/** The growth exponents: CPU beyond the smallest size against resources beyond it. */
function growth(figures: readonly PlanFigures[]): string {
  if (figures.length < 3) return "  growth: needs three sizes or more (run without --quick)";
  const [first, ...rest] = figures;
  const fit = (pick: (f: PlanFigures) => number) => fitExponent(rest.map((f) => ({ x: f.resources - first.resources, y: pick(f) - pick(first) })));
  const range = `${rest[0].services}–${rest[rest.length - 1].services} services`;
  return (
    `  growth (CPU beyond ${first.services} service(s) ∝ resources^k, least squares over ${range}): plan k = ${fit((f) => f.plan.cpuMs).toFixed(2)}, ` +
    `floor k = ${fit((f) => f.floor.cpuMs).toFixed(2)} (1 = linear); ` +
    `per resource beyond ${first.services}: plan ${perResource(rest[rest.length - 1], first, (f) => f.plan.cpuMs)}, floor ${perResource(rest[rest.length - 1], first, (f) => f.floor.cpuMs)}`
  );
}

function perResource(last: PlanFigures, first: PlanFigures, pick: (f: PlanFigures) => number): string {
  return `${((pick(last) - pick(first)) / (last.resources - first.resources)).toFixed(2)} ms`;
}

export function printPlanFigures(figures: readonly PlanFigures[]): void {
  console.log("\n1. plan vs engine floor: `monitoring plan --stack prod --format json` (the whole command, as a user runs it)");
  console.log("   against bench/engine-floor.js registering the same resources (types, names, parents, inputs, secrets, declared");
  console.log("   properties) with the same SDKs loaded, under the same mocks; no model, validation or dynamic providers.");
  const rows = [["services", "resources", "plan CPU", "floor CPU", "CPU ratio", "pairs' CPU ratios", "plan peak", "floor peak", "memory ratio", "pairs"]];
  for (const f of figures) {
    rows.push([
      String(f.services),
      String(f.resources),
      seconds(f.plan.cpuMs),
      seconds(f.floor.cpuMs),
      verdict(f.plan.cpuMs / f.floor.cpuMs, 1.3),
      ratioRange(f.cpuRatios),
      mib(f.plan.peakMiB),
      mib(f.floor.peakMiB),
      verdict(f.plan.peakMiB / f.floor.peakMiB, 1.1),
      String(f.runs),
    ]);
  }
  console.log(table(rows));
  console.log(growth(figures));
}
