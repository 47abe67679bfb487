/**
 * Where a plan's CPU goes, against the engine floor's: `node dist/bench/profile.js [services]`
 * (default 100) builds the scratch project of that size (./scale), captures it (./capture), runs
 * `monitoring plan` and the floor once each under `node --cpu-prof`, and prints both profiles'
 * samples by owner, side by side: each sample belongs to the nearest frame (from the top of the
 * stack down) that is in a package or in the project, so work Node does for a module (loading it,
 * a regular expression, JSON) counts for that module. The project's own share is its code plus
 * the libraries only it uses.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { machine, table } from "./measure";
import { floorArgs, planArgs, prepareSizes } from "./plan-floor";
import { removeProject } from "./scale";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Libraries the project loads and the floor does not (its model, build, HTTP and vendor SDKs). */
const PROJECT_LIBRARIES = ["zod", "esbuild", "yaml", "commander", "re2js", "axios", "stripe", "@grafana/grafana-foundation-sdk"];

/** The owner of a frame's script, or undefined for Node's own code and native frames. */
function ownerOf(url: string): string | undefined {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg === "typescript" || url.includes("@pulumi/pulumi/typescript-shim")) return "TypeScript compiler (loaded by @pulumi/pulumi, for closure serialization)";
  if (url.includes("@pulumi/pulumi/runtime/closure/")) return "Pulumi closure serialization (dynamic providers)";
  if (pkg && PROJECT_LIBRARIES.includes(pkg)) return "project: libraries only it uses (zod, esbuild, yaml, commander, ...)";
  if (pkg) return "Pulumi SDKs and their dependencies (protobuf, gRPC, ...)";
  if (/\/dist\/(src|monitors)\/|\/bin\/monitoring\.js|\/bin\/build\.js/.test(url)) return "project: its own code";
  if (/\/dist\/bench\//.test(url)) return "the floor program's own code";
  return undefined;
}

/** CPU ms per owner. */
export function byOwner(profile: CpuProfile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owners = new Map<number, string>();
  const ownerOfNode = (id: number): string => {
    const known = owners.get(id);
    if (known) return known;
    const n = nodes.get(id)!;
    const own = n.callFrame.url ? ownerOf(n.callFrame.url) : undefined;
    const up = parent.get(id);
    const leafName = n.callFrame.functionName;
    const o = own ?? (up !== undefined && up !== profile.nodes[0].id ? ownerOfNode(up) : leafName === "(garbage collector)" ? "garbage collection" : "Node itself (no package on the stack)");
    owners.set(id, o);
    return o;
  };
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const n = nodes.get(id)!;
    const owner = n.callFrame.functionName === "(garbage collector)" ? "garbage collection" : n.callFrame.functionName === "(idle)" ? "idle" : ownerOfNode(id);
    out.set(owner, (out.get(owner) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  out.delete("idle");
  return out;
}

/** Runs node with --cpu-prof; the profile is kept as `<keep>/<name>.cpuprofile` when `keep` is given. */
function profiled(args: readonly string[], cwd: string, name: string, keep?: string): CpuProfile {
  const dir = path.join(cwd, `prof-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const r = spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, ...args], { cwd, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")}: ${r.stderr}`);
  const [file] = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (keep) fs.copyFileSync(path.join(dir, file), path.join(keep, `${name}.cpuprofile`));
  return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
}

function printComparison(services: number, plan: Map<string, number>, floor: Map<string, number>): void {
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const [tp, tf] = [total(plan), total(floor)];
  const owners = [...new Set([...plan.keys(), ...floor.keys()])].sort((a, b) => (plan.get(b) ?? 0) - (plan.get(a) ?? 0));
  const pct = (v: number, t: number) => `${((100 * v) / t).toFixed(1)}%`;
  const rows = [["owner", "plan", "share", "floor", "plan − floor"]];
  for (const o of owners) {
    const [p, f] = [plan.get(o) ?? 0, floor.get(o) ?? 0];
    rows.push([o, `${(p / 1000).toFixed(2)} s`, pct(p, tp), `${(f / 1000).toFixed(2)} s`, `${((p - f) / 1000).toFixed(2)} s`]);
  }
  rows.push(["total (profiled, one run each)", `${(tp / 1000).toFixed(2)} s`, "100%", `${(tf / 1000).toFixed(2)} s`, `${((tp - tf) / 1000).toFixed(2)} s`]);
  console.log(`CPU profile of \`monitoring plan\` and the engine floor, ${services} service(s) [machine: ${machine()}]`);
  console.log(table(rows));
  const own = owners.filter((o) => o.startsWith("project:")).reduce((s, o) => s + (plan.get(o) ?? 0), 0);
  console.log(`  the project's own share of the plan's CPU: ${pct(own, tp)} (its code and the libraries only it uses)`);
}

if (require.main === module) {
  // node dist/bench/profile.js [services] [folder to keep the .cpuprofile files in, for Chrome DevTools]
  const services = Number(process.argv[2] ?? 100);
  const keep = process.argv[3] ? path.resolve(process.argv[3]) : undefined;
  if (keep) fs.mkdirSync(keep, { recursive: true });
  const root = path.resolve(__dirname, "..", "..");
  const [sized] = prepareSizes(root, [services]);
  try {
    const plan = byOwner(profiled(planArgs(sized.dir), sized.dir, "plan", keep));
    const floor = byOwner(profiled(floorArgs(sized), sized.dir, "floor", keep));
    printComparison(services, plan, floor);
  } finally {
    removeProject(sized.dir);
  }
}
