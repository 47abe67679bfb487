/**
 * The `monitoring diff` command: plans at two refs (or two saved plans), compared and rendered.
 */
import * as path from "node:path";
import { compareEncryptedSettings, diffPlans, failsOn, type DiffReport } from "./diff";
import { renderDiff, type DiffFormat, type FailOn } from "./diff-render";
import { writeResult, type Io } from "./io";
import { PlanFailed, planAtRefs } from "./plan-at-ref";
import { readPlanFile } from "./plan-file";
import { findProjectRoot, UsageError } from "./project";

export interface DiffOptions {
  base?: string;
  head?: string;
  basePlan?: string;
  headPlan?: string;
  stack?: string;
  allStacks?: boolean;
  format: DiffFormat;
  failOn?: FailOn;
  out?: string;
}

/** Runs the command; resolves to the exit code (0, or 1 when the plans fail or --fail-on matches). */
export async function runDiff(opts: DiffOptions, io: Io, cwd: string): Promise<number> {
  const usingPlans = opts.basePlan !== undefined || opts.headPlan !== undefined;
  if (usingPlans && (opts.base !== undefined || opts.head !== undefined)) {
    throw new UsageError("--base-plan/--head-plan compare saved plans; they cannot be combined with --base/--head");
  }
  if (opts.stack !== undefined && opts.allStacks) throw new UsageError("--stack and --all-stacks exclude each other (expected one of them, or neither for all stacks)");

  let report: DiffReport;
  if (usingPlans) {
    if (opts.basePlan === undefined || opts.headPlan === undefined) throw new UsageError("--base-plan and --head-plan go together (expected both files)");
    const base = readPlanFile(path.resolve(cwd, opts.basePlan), "--base-plan");
    const head = readPlanFile(path.resolve(cwd, opts.headPlan), "--head-plan");
    if (base.stack !== head.stack) io.err(`warning: the plans are of different stacks (${base.stack} and ${head.stack}); comparing them all the same\n`);
    if (opts.stack !== undefined && opts.stack !== head.stack) throw new UsageError(`--stack ${opts.stack}: the saved plans are of stack ${head.stack}`);
    report = { stacks: [diffPlans(base, head)] };
  } else {
    if (opts.base === undefined) throw new UsageError("missing --base <git-ref> (or --base-plan and --head-plan to compare saved plans)");
    const root = findProjectRoot(cwd);
    try {
      const { base, head, stacks } = await planAtRefs({
        root,
        base: opts.base,
        head: opts.head,
        stacks: opts.stack !== undefined ? [opts.stack] : undefined,
        log: (line) => io.err(`${line}\n`),
      });
      report = {
        stacks: stacks.map((s) => {
          const d = diffPlans(base.plans.get(s), head.plans.get(s));
          const encrypted = compareEncryptedSettings(base.encrypted.get(s) ?? {}, head.encrypted.get(s) ?? {});
          return encrypted.length > 0 ? { ...d, encryptedSettings: encrypted } : d;
        }),
      };
    } catch (e) {
      if (e instanceof PlanFailed) {
        io.err(`monitoring diff: a plan could not be made, so nothing was compared:\n${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }

  writeResult(io, cwd, opts.out, renderDiff(report, opts.format), "diff");
  if (opts.failOn !== undefined && failsOn(report, opts.failOn)) {
    io.err(`monitoring diff: failing because of --fail-on ${opts.failOn}\n`);
    return 1;
  }
  return 0;
}
