/**
 * Benchmarks (`npm run bench`): how long checking and planning take, and how much memory a plan
 * needs. Figures are medians over several runs, printed with the machine they ran on; these
 * machines are shared and noisy, so compare ratios, not single numbers.
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import finsight from "../monitors/finsight";
import { readProject, readStackConfig } from "../src/cli/project";
import { validateStack } from "../src/pipeline";
import { editLoop } from "./edit-loop";

const ROOT = path.resolve(__dirname, "..", "..");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

/** n copies of the FinSight service under different keys. */
function services(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({ ...structuredClone(finsight), key: `svc-${i}`, name: `Service ${i}` }));
}

const config = readStackConfig(readProject(ROOT), "prod").config;
/** The stack's vendor settings with plans big enough for many services. */
function withRoom(vendors: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return {
    ...vendors,
    uptimerobot: { ...vendors.uptimerobot, plan: "enterprise", monitorLimit: 10_000 },
    cloudflare: { ...vendors.cloudflare, plan: "enterprise" },
  };
}

const withBases = (n: number) => ({
  ...config,
  "monitoring:services": JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`svc-${i}`, { baseUrl: `https://svc-${i}.example` }]))),
  // enough room for the checks and rules of n services
  "monitoring:vendors": JSON.stringify(withRoom(JSON.parse(config["monitoring:vendors"]))),
});

console.log(`machine: ${os.cpus()[0]?.model ?? "unknown cpu"} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);

for (const n of [1, 10, 40]) {
  const input = { stack: "prod", services: services(n), config: withBases(n) };
  const first = validateStack(input);
  if (!first.model) throw new Error(`bench input invalid: ${first.problems.map((p) => p.message).join("; ")}`);
  const runs = time(() => validateStack(input), 15);
  console.log(`validate ${String(n).padStart(3)} service(s): median ${median(runs).toFixed(1)} ms over ${runs.length} runs (${(median(runs) / n).toFixed(2)} ms per service)`);
}

const planRuns: number[] = [];
const rss: number[] = [];
const reporter = path.join(__dirname, "rss-reporter.js");
for (let i = 0; i < 5; i++) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", reporter, path.join(ROOT, "bin", "monitoring.js"), "plan", "--stack", "prod", "--format", "json"], { cwd: ROOT, encoding: "utf8" });
  planRuns.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (r.status !== 0) throw new Error(`plan failed: ${r.stderr}`);
  const m = /maxRSS=(\d+)/.exec(r.stderr);
  if (m) rss.push(Number(m[1]) / 1024);
}
console.log(`plan --stack prod (whole CLI process): median ${median(planRuns).toFixed(0)} ms over ${planRuns.length} runs, median peak RSS ${median(rss).toFixed(0)} MiB`);

editLoop(ROOT);
