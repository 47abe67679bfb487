/**
 * Plans several stacks of one tree in one process, for `monitoring diff` (src/cli/plan-at-ref.ts).
 *
 * `node plan-worker.js <tree> <out-prefix> <stack>...`, run in the tree's folder, loads the tree's
 * own compiled CLI (dist/src/cli/plan.js and render.js): each plan is made by the tree's own
 * program, exactly as `monitoring plan --stack <stack> --format json` makes it there, and written
 * to `<out-prefix><stack>.json`. The stacks after the first reuse what the first one loaded (the
 * CLI, the program, every vendor SDK, the serialized dynamic providers): most of a plan's time.
 *
 * Pulumi's runtime is process-global. `runPlan` sets it up afresh for each stack (mock monitor,
 * config) and waits for every registration before it returns, so a successful plan leaves
 * nothing behind; a failed one might, so after a failure nothing more runs here: the failure goes
 * to `<out-prefix><stack>.failed`, and the caller plans the remaining stacks in a new process.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Exit code when the tree's CLI has no `runPlan` and `render` to call: plan it stack by stack with its bin. */
export const UNSUPPORTED = 3;

interface TreeCli {
  runPlan(opts: { root: string; stack: string }): Promise<{ plan?: unknown; failure?: { message?: unknown } }>;
  render(plan: unknown, format: "json"): string;
  /** The plan's cost record, as the tree's `monitoring plan` adds it (absent in trees older than cost). */
  cost?(root: string, stack: string): unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** The tree's own compiled plan and render functions, when it has them. */
function treeCli(tree: string): TreeCli | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const plan: unknown = require(path.join(tree, "dist", "src", "cli", "plan.js"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const render: unknown = require(path.join(tree, "dist", "src", "cli", "render.js"));
    if (isRecord(plan) && typeof plan.runPlan === "function" && isRecord(render) && typeof render.render === "function") {
      return { runPlan: plan.runPlan as TreeCli["runPlan"], render: render.render as TreeCli["render"], cost: treeCost(tree) };
    }
  } catch {
    // not loadable: the caller falls back to the tree's bin
  }
  return undefined;
}

/** The tree's own cost of a stack in the form its plans record (`costOfStack` then `planCost`), when it has them. */
function treeCost(tree: string): TreeCli["cost"] {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cost: unknown = require(path.join(tree, "dist", "src", "cli", "cost.js"));
    if (isRecord(cost) && typeof cost.costOfStack === "function" && typeof cost.planCost === "function") {
      const { costOfStack, planCost } = cost as { costOfStack(root: string, stack: string): unknown; planCost(c: unknown): unknown };
      return (root, stack) => {
        const c = costOfStack(root, stack);
        return c === undefined ? undefined : planCost(c);
      };
    }
  } catch {
    // a tree without cost: its plans carry none, as they did
  }
  return undefined;
}

/** Plans each stack in turn; stops at the first failure. Resolves to the exit code. */
export async function planStacks(tree: string, prefix: string, stacks: string[]): Promise<number> {
  const cli = treeCli(tree);
  if (!cli) return UNSUPPORTED;
  for (const stack of stacks) {
    let failure: string | undefined;
    try {
      const run = await cli.runPlan({ root: tree, stack });
      if (run.plan !== undefined) {
        // What `monitoring plan` adds to the plan it prints: the billed tier per vendor, for diff's cost line.
        // (A tree whose runPlan prices the plan itself has done it already.)
        const cost = isRecord(run.plan) && !("cost" in run.plan) ? cli.cost?.(tree, stack) : undefined;
        fs.writeFileSync(`${prefix}${stack}.json`, cli.render(cost === undefined ? run.plan : { ...run.plan, cost }, "json"));
      }
      else failure = typeof run.failure?.message === "string" ? run.failure.message : "the plan made no result";
    } catch (e) {
      // What `monitoring plan` prints for a project-file mistake (an unreadable stack file, ...).
      failure = `monitoring: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (failure !== undefined) {
      fs.writeFileSync(`${prefix}${stack}.failed`, failure);
      return 1;
    }
  }
  return 0;
}

if (require.main === module) {
  const [tree, prefix, ...stacks] = process.argv.slice(2);
  planStacks(path.resolve(tree), prefix, stacks).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`monitoring: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
