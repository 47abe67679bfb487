/**
 * Plans of the project's stacks at a git ref, or in the working tree, for `monitoring diff`.
 *
 * Each tree's plans are made by that tree's own compiled CLI and program (the tree's own
 * `runPlan`, as its `monitoring plan --format json` would), in one process per tree
 * (plan-worker.ts) so that the second stack does not load and serialize everything again; the two
 * trees plan side by side. A ref is checked out into a temporary `git worktree` that is removed
 * afterwards and built here (bin/build.js, in the background while the working tree plans); it
 * reuses the working tree's node_modules (a symlink) when its package-lock.json is the same, and
 * runs `npm ci` in it otherwise.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { parseDocument } from "yaml";
import { build, formatErrors, freshness } from "../../bin/build";
import { parsePlan } from "./plan-file";
import { FINGERPRINT_KEY_ENV, type Plan } from "./plan";
import { UNSUPPORTED } from "./plan-worker";
import { listStacks, UsageError } from "./project";

export interface TreePlans {
  /** "working tree" or the ref as given. */
  label: string;
  /** Plans by stack; a stack without Pulumi.<stack>.yaml in this tree is absent. */
  plans: Map<string, Plan>;
  /** Per stack, its encrypted settings: config path → hash of the ciphertext (never the ciphertext). */
  encrypted: Map<string, Record<string, string>>;
  stacks: string[];
}

export interface PlanFailure {
  stack: string;
  label: string;
  message: string;
}

/** A plan that could not be made: the definitions at that tree have problems, or do not build. */
export class PlanFailed extends Error {
  constructor(readonly failures: PlanFailure[]) {
    super(failures.map((f) => `${f.stack} at ${f.label}:\n${f.message.trimEnd().replace(/^/gm, "  ")}`).join("\n"));
    this.name = "PlanFailed";
  }
}

export interface Log {
  (line: string): void;
}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.error) throw new UsageError(`git could not be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}; expected git on PATH)`);
  return { ok: r.status === 0, out: r.stdout.trim(), err: r.stderr.trim() };
}

export function gitTopLevel(root: string): string {
  const r = git(root, ["rev-parse", "--show-toplevel"]);
  if (!r.ok) throw new UsageError(`${root} is not inside a git repository (expected one for --base/--head; use --base-plan/--head-plan otherwise)`);
  return fs.realpathSync(r.out);
}

export function resolveCommit(top: string, ref: string, option: string): string {
  if (ref.startsWith("-")) throw new UsageError(`${option} ${ref}: not a git ref`);
  const r = git(top, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (!r.ok) {
    throw new UsageError(
      `${option} ${ref}: no such commit in this repository (expected a branch, tag or commit such as origin/main; in CI, fetch the base branch first, e.g. actions/checkout with fetch-depth: 0)`,
    );
  }
  return r.out;
}

interface Tree {
  label: string;
  /** The project's folder in this tree (where Pulumi.yaml is). */
  projectDir: string;
  /** Settles when the tree is compiled: undefined, or what the compiler said when it failed. */
  ready: Promise<string | undefined>;
  cleanup(): void;
}

/** Checks `ref` out into a temporary worktree, with dependencies installed. */
function checkout(top: string, rel: string, ref: string, option: string, headRoot: string, tmp: string, log: Log): Tree {
  const commit = resolveCommit(top, ref, option);
  const dir = path.join(tmp, option.replace(/^-+/, ""));
  const add = git(top, ["worktree", "add", "--detach", "--quiet", dir, commit]);
  if (!add.ok) throw new UsageError(`${option} ${ref}: could not check it out into a temporary worktree (${add.err.split("\n")[0]})`);
  const projectDir = path.join(dir, rel);
  const link = path.join(projectDir, "node_modules");
  const tree: Tree = {
    label: ref,
    projectDir,
    ready: Promise.resolve(undefined),
    cleanup: () => {
      try {
        if (fs.lstatSync(link).isSymbolicLink()) fs.unlinkSync(link);
      } catch {
        // no link
      }
      git(top, ["worktree", "remove", "--force", dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) return tree; // no project at that ref: no stacks
    const lock = (d: string) => {
      try {
        return fs.readFileSync(path.join(d, "package-lock.json"));
      } catch {
        return undefined;
      }
    };
    const mine = lock(headRoot);
    const theirs = lock(projectDir);
    if (mine && theirs && mine.equals(theirs) && fs.existsSync(path.join(headRoot, "node_modules"))) {
      fs.symlinkSync(path.join(headRoot, "node_modules"), link, "dir");
      // Built here, in the background, while the working tree's plans run (the tree's own CLI
      // would otherwise build it on its first plan).
      tree.ready = compile(projectDir);
    } else {
      log(`monitoring diff: package-lock.json differs at ${ref}; installing its dependencies (npm ci)...`);
      const npm = process.platform === "win32" ? "npm.cmd" : "npm";
      const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: projectDir, encoding: "utf8" });
      if (r.status !== 0) throw new UsageError(`${option} ${ref}: npm ci failed there (${(r.stderr || r.stdout || "").trim().split("\n").pop()})`);
    }
  } catch (e) {
    tree.cleanup();
    throw e;
  }
  return tree;
}

/**
 * Builds a checked-out tree the way its own `monitoring` command would (bin/build.js: esbuild,
 * no type check, then the build stamp), in this process; a tree that does not compile cannot be
 * planned. This process's builder also builds refs older than it, which had none.
 */
function compile(projectDir: string): Promise<string | undefined> {
  return build(projectDir).then(
    (r) => (r.ok ? undefined : `the definitions do not compile there:\n${formatErrors(r.errors)}`),
    (e: unknown) => `the build could not run there (${e instanceof Error ? e.message : String(e)})`,
  );
}

/**
 * The `secure:` values of a stack file, by config path (`monitoring:contacts.x.phone`), each as a
 * short hash of its ciphertext: enough to see that one was set again, nothing to decrypt.
 */
export function encryptedSettings(projectDir: string, stack: string): Record<string, string> {
  const out: Record<string, string> = {};
  let doc: unknown;
  try {
    doc = parseDocument(fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8")).toJS();
  } catch {
    return out; // the plan reports an unreadable stack file
  }
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
    else if (value && typeof value === "object") {
      const obj = value as Record<string, unknown>;
      if (Object.keys(obj).length === 1 && typeof obj.secure === "string") {
        out[at] = createHash("sha256").update(obj.secure).digest("hex").slice(0, 16);
        return;
      }
      for (const [k, v] of Object.entries(obj)) walk(v, at ? `${at}.${k}` : k);
    }
  };
  const config = (doc as { config?: unknown } | null)?.config;
  if (config && typeof config === "object") for (const [k, v] of Object.entries(config)) walk(v, k);
  return out;
}

const SESSION_FINGERPRINT_KEY = randomBytes(32).toString("hex");
/** The plan worker of this CLI (compiled beside this file). */
const WORKER = path.join(__dirname, "plan-worker.js");

interface ChildRun {
  code: number;
  stderr: string;
}

function runChild(projectDir: string, args: string[]): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: projectDir,
      // One key for every plan of this diff, never written anywhere (see secretFingerprint).
      env: { ...process.env, [FINGERPRINT_KEY_ENV]: SESSION_FINGERPRINT_KEY },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => (stderr += d));
    child.on("error", (e) => resolve({ code: 2, stderr: `could not start the plan (${e.message})` }));
    child.on("close", (code) => resolve({ code: code ?? 2, stderr }));
  });
}

type Outcome = { file: string } | { failure: string };

const failureText = (r: ChildRun) => r.stderr.split("\n").filter((l) => l.trim() !== "").join("\n") || `the plan exited with code ${r.code}`;

/** One stack with the tree's own `monitoring plan`, in a process of its own (trees whose CLI the worker cannot drive). */
async function planWithBin(tree: Tree, stack: string, prefix: string): Promise<Outcome> {
  const file = `${prefix}${stack}.json`;
  const r = await runChild(tree.projectDir, [path.join(tree.projectDir, "bin", "monitoring.js"), "plan", "--stack", stack, "--format", "json", "--out", file]);
  return r.code === 0 && fs.existsSync(file) ? { file } : { failure: failureText(r) };
}

/**
 * Plans `stacks` of one tree: all of them in one process (plan-worker.ts), the tree's own program
 * making each plan; after a failure, the rest in a new process.
 */
async function planTree(tree: Tree, stacks: string[], prefix: string, settle: (stack: string, outcome: Outcome) => void): Promise<void> {
  let rest = stacks;
  while (rest.length > 0) {
    const r = fs.existsSync(WORKER) ? await runChild(tree.projectDir, [WORKER, tree.projectDir, prefix, ...rest]) : { code: UNSUPPORTED, stderr: "" };
    if (r.code === UNSUPPORTED) {
      for (const stack of rest) settle(stack, await planWithBin(tree, stack, prefix));
      return;
    }
    let attempted = 0;
    for (const stack of rest) {
      const file = `${prefix}${stack}.json`;
      const failed = `${prefix}${stack}.failed`;
      if (fs.existsSync(file)) settle(stack, { file });
      else if (fs.existsSync(failed)) settle(stack, { failure: fs.readFileSync(failed, "utf8") });
      else break;
      attempted += 1;
    }
    if (attempted === 0) {
      // The process ended before its first stack had a result: that one fails, the rest go on.
      settle(rest[0], { failure: failureText(r) });
      attempted = 1;
    }
    rest = rest.slice(attempted);
  }
}

export interface PlanAtRefsOptions {
  /** The project's folder in the working tree. */
  root: string;
  base: string;
  /** A ref; left out, the working tree. */
  head?: string;
  /** Stacks to plan; left out, every stack of either tree. */
  stacks?: string[];
  log: Log;
}

interface Side {
  tree: Tree;
  plans: TreePlans;
  /** The stacks to plan in this tree. */
  stacks: string[];
  name: "base" | "head";
}

/** Builds (when needed) and plans both trees side by side; every failure is collected. */
async function planSides(sides: Side[], tmp: string, log: Log): Promise<PlanFailure[]> {
  const failures: PlanFailure[] = [];
  const total = sides.reduce((n, s) => n + s.stacks.length, 0);
  let done = 0;
  await Promise.all(
    sides.map(async ({ tree, plans, stacks, name }) => {
      if (stacks.length === 0) return;
      const buildError = await tree.ready;
      if (buildError !== undefined) {
        failures.push({ stack: "(all stacks)", label: tree.label, message: buildError });
        return;
      }
      await planTree(tree, stacks, path.join(tmp, `${name}-`), (stack, outcome) => {
        done += 1;
        if ("failure" in outcome) {
          failures.push({ stack, label: tree.label, message: outcome.failure });
          log(`monitoring diff: [${done}/${total}] ${stack} at ${tree.label}: failed`);
          return;
        }
        plans.plans.set(stack, parsePlan(fs.readFileSync(outcome.file, "utf8"), `the plan of ${stack} at ${tree.label}`));
        log(`monitoring diff: [${done}/${total}] planned ${stack} at ${tree.label}`);
      });
    }),
  );
  return failures;
}

function stacksOf(tree: Tree): string[] {
  return fs.existsSync(path.join(tree.projectDir, "Pulumi.yaml")) ? listStacks(tree.projectDir) : [];
}

/** The stacks to compare: the ones asked for (each must exist on one side), or every stack of either tree. */
function stacksToCompare(opts: PlanAtRefsOptions, baseStacks: string[], headStacks: string[], headLabel: string): string[] {
  const known = [...new Set([...baseStacks, ...headStacks])].sort();
  for (const s of opts.stacks ?? []) {
    if (!known.includes(s)) {
      throw new UsageError(`unknown stack "${s}": there is no Pulumi.${s}.yaml at ${opts.base} or in ${headLabel} (expected one of: ${known.join(", ") || "none"})`);
    }
  }
  return opts.stacks ?? known;
}

/** The working tree as the head: built here first when a source changed since its last build. */
function workingTree(root: string): Tree {
  return { label: "working tree", projectDir: root, ready: freshness(root).fresh ? Promise.resolve(undefined) : compile(root), cleanup: () => undefined };
}

/** Plans at base and head; the temporary worktrees are gone when this returns or throws. */
export async function planAtRefs(opts: PlanAtRefsOptions): Promise<{ base: TreePlans; head: TreePlans; stacks: string[] }> {
  const top = gitTopLevel(opts.root);
  const root = fs.realpathSync(opts.root);
  const rel = path.relative(top, root);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "monitoring-diff-"));
  const trees: Tree[] = [];
  const cleanupAll = () => {
    for (const t of trees.splice(0)) {
      try {
        t.cleanup();
      } catch {
        // best effort
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    git(top, ["worktree", "prune"]);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    cleanupAll();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    opts.log(`monitoring diff: checking out ${opts.base}...`);
    const baseTree = checkout(top, rel, opts.base, "--base", root, tmp, opts.log);
    trees.push(baseTree);
    if (opts.head !== undefined) opts.log(`monitoring diff: checking out ${opts.head}...`);
    const headTree = opts.head === undefined ? workingTree(root) : checkout(top, rel, opts.head, "--head", root, tmp, opts.log);
    trees.push(headTree);
    const baseStacks = stacksOf(baseTree);
    const headStacks = stacksOf(headTree);
    const stacks = stacksToCompare(opts, baseStacks, headStacks, headTree.label);
    const base: TreePlans = { label: opts.base, plans: new Map(), encrypted: new Map(), stacks: baseStacks };
    const head: TreePlans = { label: headTree.label, plans: new Map(), encrypted: new Map(), stacks: headStacks };
    const sides: Side[] = [
      { tree: baseTree, plans: base, stacks: stacks.filter((s) => baseStacks.includes(s)), name: "base" },
      { tree: headTree, plans: head, stacks: stacks.filter((s) => headStacks.includes(s)), name: "head" },
    ];
    for (const side of sides) {
      if (side.stacks.length > 0 && !fs.existsSync(path.join(side.tree.projectDir, "bin", "monitoring.js"))) {
        throw new UsageError(`${side.tree.label} has no bin/monitoring.js, so its plans cannot be made (expected a ref that has the monitoring CLI)`);
      }
      for (const stack of side.stacks) side.plans.encrypted.set(stack, encryptedSettings(side.tree.projectDir, stack));
    }
    const failures = await planSides(sides, tmp, opts.log);
    if (failures.length > 0) throw new PlanFailed(failures);
    return { base, head, stacks };
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    // A build still writing into a worktree (when planning stopped early) finishes first.
    await Promise.all(trees.map((t) => t.ready));
    cleanupAll();
  }
}
