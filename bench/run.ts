/**
 * Benchmarks (`npm run bench`; `npm run bench -- --quick` for a shorter run, `--only=1,4` for some
 * groups): every figure beside its floor and the ratio, in one run, each group headed by the
 * machine it ran on (cpu, cores, load average). The machines are shared and noisy: figures are
 * medians of runs whose two sides alternate; compare ratios, not times.
 *
 * 1. plan vs the engine floor at 1, 10, 100 and 333 services (./plan-floor), with growth exponents;
 * 2. validate at the same sizes, per service, against the schema alone (./validate);
 * 3. serialized provider and state bytes per resource kind (./state-bytes);
 * 4. UptimeRobot calls of a refresh, a no-op up and paced creates (./uptimerobot-calls);
 * 5. diff of two saved 10,000-resource plans, and `diff --base` against two plans (./diff-bench);
 * and the edit loop's `validate` after an edit (./edit-loop).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { diffBase, diffSavedPlans } from "./diff-bench";
import { scratchRepository, validateAfterEdit } from "./edit-loop";
import { machine } from "./measure";
import { measurePlan, prepareSizes, printPlanFigures, type Sized } from "./plan-floor";
import { removeProject } from "./scale";
import { printStateBytes } from "./state-bytes";
import { printUptimeRobotCalls } from "./uptimerobot-calls";
import { printValidate } from "./validate";

const ROOT = path.resolve(__dirname, "..", "..");
const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",").map(Number);
const wanted = (group: number) => !only || only.includes(group);

/** Services per size, and pairs of runs at each. */
const SIZES: ReadonlyArray<[number, number]> = quick
  ? [
      [1, 2],
      [10, 2],
      [100, 1],
    ]
  : [
      [1, 5],
      [10, 5],
      [100, 5],
      [333, 2],
    ];

const heading = () => console.log(`\n[machine: ${machine()}]`);

async function main(): Promise<void> {
  console.log(`npm run bench${quick ? " -- --quick" : ""}${only ? ` --only=${only.join(",")}` : ""}: ratios to floors; reproduce with the same command`);
  heading();
  let sized: Sized[] = [];
  try {
    if (wanted(1) || wanted(2) || wanted(3)) sized = prepareSizes(ROOT, SIZES.map(([n]) => n));
    if (wanted(1)) printPlanFigures(sized.map((s, i) => measurePlan(s, SIZES[i][1])));
    if (wanted(2)) {
      heading();
      printValidate(sized, quick ? 1500 : 6000);
    }
    if (wanted(3)) {
      heading();
      printStateBytes(sized[0].capture, sized[0].services);
    }
  } finally {
    for (const s of sized) removeProject(s.dir);
  }
  if (wanted(4)) {
    heading();
    await printUptimeRobotCalls(quick ? { monitors: 400, creates: 20, windowMs: 3000 } : { monitors: 1000, creates: 50, windowMs: 6000 });
  }
  if (wanted(5)) {
    heading();
    diffSavedPlans(ROOT, quick ? 1 : 3);
    diffBase(ROOT, quick ? 1 : 3);
  }
  if (wanted(6)) {
    heading();
    console.log("\nedit loop: `validate` right after editing a definition (rebuilds dist/) against `validate` with nothing edited:");
    const dir = scratchRepository(ROOT);
    try {
      validateAfterEdit(dir, quick ? 2 : 5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  heading();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exitCode = 1;
});
