/**
 * Plans of the project's stacks at a git ref, or in the working tree, for `monitoring diff`.
 *
 * Each plan is made by the CLI of that tree (`bin/monitoring.js plan --format json`) in a process
 * of its own: Pulumi's runtime is process-global, and the tree's own CLI runs the tree's own
 * program. A ref is checked out into a temporary `git worktree` that is removed afterwards; it
 * reuses the working tree's node_modules (a symlink) when its package-lock.json is the same,
 * and runs `npm ci` in it otherwise.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { parseDocument } from "yaml";
import { parsePlan } from "./plan-file";
import { FINGERPRINT_KEY_ENV, type Plan } from "./plan";
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
  let compiling: ChildProcess | undefined;
  const tree: Tree = {
    label: ref,
    projectDir,
    ready: Promise.resolve(undefined),
    cleanup: () => {
      if (compiling && compiling.exitCode === null) compiling.kill();
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
      // Compiled here, in the background, so that the working tree's plans run meanwhile (the
      // tree's own CLI would otherwise compile it on its first plan).
      const c = compile(projectDir);
      compiling = c.child;
      tree.ready = c.done;
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

/** Compiles a checked-out tree; a tree that does not compile cannot be planned. */
function compile(projectDir: string): { child: ChildProcess; done: Promise<string | undefined> } {
  const tsc = path.join(projectDir, "node_modules", "typescript", "bin", "tsc");
  const child = spawn(process.execPath, [tsc, "-p", path.join(projectDir, "tsconfig.json")], { cwd: projectDir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (output += d));
  const done = new Promise<string | undefined>((resolve) => {
    child.on("error", (e) => resolve(`the compiler could not be started (${e.message})`));
    child.on("close", (code) =>
      resolve(code === 0 ? undefined : `the definitions do not compile there:\n${output.trim().split("\n").slice(0, 20).join("\n")}`),
    );
  });
  return { child, done };
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

function runPlanProcess(projectDir: string, stack: string, out: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const bin = path.join(projectDir, "bin", "monitoring.js");
    const child = spawn(process.execPath, [bin, "plan", "--stack", stack, "--format", "json", "--out", out], {
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

/** Runs `tasks` with at most `limit` at once. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
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

type PlanJob = { tree: Tree; stack: string; side: "base" | "head" };

/** The stacks to plan and which tree plans which; an unknown stack or a tree without the CLI is a usage error. */
function planJobs(opts: PlanAtRefsOptions, baseTree: Tree, headTree: Tree): { stacks: string[]; baseStacks: string[]; headStacks: string[]; jobs: PlanJob[] } {
  const stacksOf = (t: Tree) => (fs.existsSync(path.join(t.projectDir, "Pulumi.yaml")) ? listStacks(t.projectDir) : []);
  const baseStacks = stacksOf(baseTree);
  const headStacks = stacksOf(headTree);
  const stacks = opts.stacks ?? [...new Set([...baseStacks, ...headStacks])].sort();
  for (const s of opts.stacks ?? []) {
    if (!baseStacks.includes(s) && !headStacks.includes(s)) {
      throw new UsageError(`unknown stack "${s}": there is no Pulumi.${s}.yaml at ${opts.base} or in ${headTree.label} (expected one of: ${[...new Set([...baseStacks, ...headStacks])].join(", ") || "none"})`);
    }
  }
  const jobs: PlanJob[] = [];
  for (const stack of stacks) {
    if (baseStacks.includes(stack)) jobs.push({ tree: baseTree, stack, side: "base" });
    if (headStacks.includes(stack)) jobs.push({ tree: headTree, stack, side: "head" });
  }
  for (const j of jobs) {
    if (!fs.existsSync(path.join(j.tree.projectDir, "bin", "monitoring.js"))) {
      throw new UsageError(`${j.tree.label} has no bin/monitoring.js, so its plans cannot be made (expected a ref that has the monitoring CLI)`);
    }
  }
  return { stacks, baseStacks, headStacks, jobs };
}

/**
 * The first plan in each tree may compile it (the working tree, when stale); the tree's other
 * plans wait for that one, then run side by side. A checked-out ref compiles in the background
 * while the working tree's plans run.
 */
async function runJobs(jobs: PlanJob[], headTree: Tree, run: (j: PlanJob) => Promise<void>): Promise<void> {
  const planned = [...new Set(jobs.map((j) => j.tree))];
  const firsts = planned.map((t) => jobs.find((j) => j.tree === t)!);
  const firstDone = new Map(firsts.map((j) => [j.tree, run(j)] as const));
  const rest = jobs.filter((j) => !firsts.includes(j));
  rest.sort((a, b) => (a.tree === headTree ? 0 : 1) - (b.tree === headTree ? 0 : 1));
  await Promise.all([
    ...firstDone.values(),
    pool(
      rest.map((j) => () => firstDone.get(j.tree)!.then(() => run(j))),
      Math.max(1, Math.min(4, os.cpus().length)),
    ),
  ]);
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
    let headTree: Tree = { label: "working tree", projectDir: root, ready: Promise.resolve(undefined), cleanup: () => undefined };
    if (opts.head !== undefined) {
      opts.log(`monitoring diff: checking out ${opts.head}...`);
      headTree = checkout(top, rel, opts.head, "--head", root, tmp, opts.log);
      trees.push(headTree);
    }
    const { stacks, baseStacks, headStacks, jobs } = planJobs(opts, baseTree, headTree);
    const failures: PlanFailure[] = [];
    const base: TreePlans = { label: opts.base, plans: new Map(), encrypted: new Map(), stacks: baseStacks };
    const head: TreePlans = { label: headTree.label, plans: new Map(), encrypted: new Map(), stacks: headStacks };
    for (const stack of stacks) {
      if (baseStacks.includes(stack)) base.encrypted.set(stack, encryptedSettings(baseTree.projectDir, stack));
      if (headStacks.includes(stack)) head.encrypted.set(stack, encryptedSettings(headTree.projectDir, stack));
    }
    let done = 0;
    const brokenTrees = new Set<Tree>();
    const run = async (j: PlanJob) => {
      const compileError = await j.tree.ready;
      if (compileError !== undefined) {
        if (!brokenTrees.has(j.tree)) failures.push({ stack: "(all stacks)", label: j.tree.label, message: compileError });
        brokenTrees.add(j.tree);
        return;
      }
      const file = path.join(tmp, `${j.side}-${j.stack}.json`);
      const r = await runPlanProcess(j.tree.projectDir, j.stack, file);
      done += 1;
      if (r.code !== 0 || !fs.existsSync(file)) {
        const lines = r.stderr.split("\n").filter((l) => l.trim() !== "" && !/^monitoring: compiling/.test(l));
        failures.push({ stack: j.stack, label: j.tree.label, message: lines.join("\n") || `the plan exited with code ${r.code}` });
        opts.log(`monitoring diff: [${done}/${jobs.length}] ${j.stack} at ${j.tree.label}: failed`);
        return;
      }
      const plan = parsePlan(fs.readFileSync(file, "utf8"), `the plan of ${j.stack} at ${j.tree.label}`);
      (j.side === "base" ? base : head).plans.set(j.stack, plan);
      opts.log(`monitoring diff: [${done}/${jobs.length}] planned ${j.stack} at ${j.tree.label}`);
    };
    await runJobs(jobs, headTree, run);
    if (failures.length > 0) throw new PlanFailed(failures);
    return { base, head, stacks };
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    cleanupAll();
  }
}
