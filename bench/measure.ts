/**
 * How the benchmarks measure: a command in a child process of its own, with ./usage-reporter
 * preloaded, so that the project and its floor are measured alike (CPU from the process's own
 * resource usage, plus the child processes it waited for; peak resident memory); medians of runs
 * whose two sides alternate (ABBA), so a busy neighbour on a shared machine slows both alike; and
 * the machine named beside every figure.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface Usage {
  /** CPU of the process and of the children it waited for, less what it reported as setup. */
  cpuMs: number;
  wallMs: number;
  peakMiB: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The machine, as every figure names it. */
export function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  return `${cpus[0]?.model ?? "unknown cpu"}, ${cpus.length} cores, load average ${load}, node ${process.version}`;
}

const REPORTER = path.join(__dirname, "usage-reporter.js");

/**
 * Runs `node <args>` in `cwd` with the usage reporter; its standard output is discarded. A
 * `setupCpuUs=<n>` line on its standard error (work that is not the measured thing, such as
 * reading an input file) is subtracted from its CPU.
 */
export function runMeasured(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Usage {
  const devNull = fs.openSync(os.devNull, "w");
  const t = process.hrtime.bigint();
  try {
    const r = spawnSync(process.execPath, ["-r", REPORTER, ...args], { cwd, env, stdio: ["ignore", devNull, "pipe"], encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} (in ${cwd}) exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const m = /^usage (\{.*\})$/m.exec(r.stderr);
    if (!m) throw new Error(`node ${args.join(" ")}: no usage line on stderr`);
    const u = JSON.parse(m[1]) as { cpuUs: number; childrenCpuUs: number; maxRssKiB: number };
    const setupUs = Number(/^setupCpuUs=(\d+)$/m.exec(r.stderr)?.[1] ?? 0);
    return { cpuMs: (u.cpuUs + u.childrenCpuUs - setupUs) / 1000, wallMs, peakMiB: u.maxRssKiB / 1024 };
  } finally {
    fs.closeSync(devNull);
  }
}

/**
 * `runs` pairs of (a, b), alternating which goes first; the medians of each side, and each pair's
 * CPU ratio a / b (their spread shows how far one pair can be trusted on a shared machine).
 */
export function paired(runs: number, a: () => Usage, b: () => Usage): { a: Usage; b: Usage; runs: number; cpuRatios: number[] } {
  const as: Usage[] = [];
  const bs: Usage[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      as.push(a());
      bs.push(b());
    } else {
      bs.push(b());
      as.push(a());
    }
  }
  const med = (us: Usage[]): Usage => ({ cpuMs: median(us.map((u) => u.cpuMs)), wallMs: median(us.map((u) => u.wallMs)), peakMiB: median(us.map((u) => u.peakMiB)) });
  return { a: med(as), b: med(bs), runs, cpuRatios: as.map((u, i) => u.cpuMs / bs[i].cpuMs) };
}

/** "1.12–1.31×": the lowest and highest of some ratios. */
export function ratioRange(ratios: readonly number[]): string {
  return ratios.length === 0 ? "-" : `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
}

/** The exponent k of y ∝ x^k, least squares over log-log points. */
export function fitExponent(points: ReadonlyArray<{ x: number; y: number }>): number {
  const ps = points.filter((p) => p.x > 0 && p.y > 0).map((p) => ({ x: Math.log(p.x), y: Math.log(p.y) }));
  if (ps.length < 2) return NaN;
  const mx = ps.reduce((s, p) => s + p.x, 0) / ps.length;
  const my = ps.reduce((s, p) => s + p.y, 0) / ps.length;
  const sxy = ps.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = ps.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

/** "1.23× ✓ (goal ≤ 1.3×)"-style cell. */
export function verdict(ratio: number, goal: number): string {
  return `${ratio.toFixed(2)}× ${ratio <= goal ? "met" : "MISSED"} (goal ≤ ${goal}×)`;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const mib = (m: number) => `${m.toFixed(0)} MiB`;

/** Rows as aligned columns, indented. */
export function table(rows: readonly (readonly string[])[], indent = "  "): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")).join("\n");
}
