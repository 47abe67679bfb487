/**
 * `monitoring check`: runs every probe the enabled vendors declare (today UptimeRobot's HTTP
 * checks) once, from this machine, with the assertions the vendor would make (method, headers,
 * body, timeout, accepted statuses, keyword), before the checks exist anywhere. No Pulumi runtime:
 * definitions and stack config go through the same resolve step as the program, and the requests
 * are made with Node's fetch.
 */
import { performance } from "node:perf_hooks";
import type { StatusCode } from "../model";
import { networkErrorText } from "../network-errors";
import { formatProblem, type ResolvedModel } from "../resolve";
import type { RawConfig } from "../settings";
import { enabledVendors, VENDORS } from "../targets";
import type { HttpProbe, Probe } from "../targets/types";
import type { Io } from "./io";
import { findProjectRoot, UsageError } from "./project";
import { stackModel } from "./stack-model";

export interface CheckOptions {
  stack: string;
  baseUrl?: string;
  only?: string;
  /** Checks run at once (default 4). */
  concurrency?: number;
}

export type Outcome = "pass" | "fail" | "skipped";

export interface CheckResult {
  /** `service/check`, what --only matches. */
  id: string;
  name: string;
  url: string;
  method: string;
  status?: number;
  latencyMs?: number;
  outcome: Outcome;
  why: string;
}

/** `*` any run of characters, `?` one; matched against the whole text. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

/** Stack config with every service's base URL replaced by `baseUrl`, and only the rules of vendors with probes in force. */
export function withBaseUrl(config: RawConfig, services: readonly unknown[], baseUrl: string): RawConfig {
  let parsed: Record<string, Record<string, unknown>> = {};
  const current = config["monitoring:services"];
  if (current !== undefined) {
    try {
      parsed = JSON.parse(current) as Record<string, Record<string, unknown>>;
    } catch {
      parsed = {};
    }
  }
  for (const s of services) {
    const key = s && typeof s === "object" && "key" in s && typeof s.key === "string" ? s.key : undefined;
    if (key !== undefined) parsed[key] = { ...(parsed[key] ?? {}), baseUrl };
  }
  // Other vendors' rules about the base URL (Stripe delivers to https only, ...) do not apply to a
  // local server the checks are pointed at; only the vendors whose probes run matter here.
  let vendors: Record<string, Record<string, unknown>> = {};
  try {
    vendors = JSON.parse(config["monitoring:vendors"] ?? "{}") as Record<string, Record<string, unknown>>;
  } catch {
    vendors = {};
  }
  for (const v of VENDORS) if (!v.probes) vendors[v.name] = { ...(vendors[v.name] ?? {}), enabled: false };
  return { ...config, "monitoring:services": JSON.stringify(parsed), "monitoring:vendors": JSON.stringify(vendors) };
}

function statusAccepted(status: number, accepted: readonly StatusCode[]): boolean {
  return accepted.some((a) => (typeof a === "number" ? a === status : Math.floor(status / 100) === Number(a[0])));
}

function describeNetworkError(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return `no answer within the timeout (${timeoutMs / 1000}s)`;
  const code = err?.cause?.code;
  return code ? networkErrorText(code) : `request failed (${err?.cause?.message ?? err?.message ?? "unknown error"})`;
}

/** Makes one probe's request once and judges the answer. */
export async function runProbe(c: HttpProbe): Promise<CheckResult> {
  const base = { id: c.id, name: c.name, url: c.url, method: c.method };
  const timeoutMs = c.timeoutMs;
  const headers = new Headers();
  for (const [k, v] of Object.entries(c.headers)) headers.set(k, v);
  const body = c.body?.text;
  if (c.body && !headers.has("content-type")) headers.set("content-type", c.body.contentType);
  if (!headers.has("user-agent")) headers.set("user-agent", "monitoring-check (monitoring as code)");
  const started = performance.now();
  let status: number;
  let text: string;
  try {
    const response = await fetch(c.url, { method: c.method, headers, body, redirect: "follow", signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    text = c.method === "HEAD" ? "" : await response.text();
  } catch (e) {
    return { ...base, latencyMs: Math.round(performance.now() - started), outcome: "fail", why: describeNetworkError(e, timeoutMs) };
  }
  const latencyMs = Math.round(performance.now() - started);
  const problems: string[] = [];
  if (!statusAccepted(status, c.expectStatus)) problems.push(`status ${status}, expected ${c.expectStatus.join(" or ")}`);
  if (c.keyword) {
    const hay = c.keyword.caseSensitive ? text : text.toLowerCase();
    const needle = c.keyword.caseSensitive ? c.keyword.text : c.keyword.text.toLowerCase();
    const found = hay.includes(needle);
    if (c.keyword.expect === "present" && !found) problems.push(`keyword "${c.keyword.text}" not in the response`);
    if (c.keyword.expect === "absent" && found) problems.push(`keyword "${c.keyword.text}" is in the response, expected it absent`);
  }
  if (problems.length > 0) return { ...base, status, latencyMs, outcome: "fail", why: problems.join("; ") };
  const why = [`status ${status} accepted`, c.keyword ? `keyword ${c.keyword.expect}` : ""].filter(Boolean).join(", ");
  return { ...base, status, latencyMs, outcome: "pass", why };
}

const isHttp = (p: Probe): p is HttpProbe => !("skipped" in p);

/** The probes of the enabled vendors, with --only applied; throws when --only matches nothing. */
export function selectProbes(model: ResolvedModel, only?: string): Probe[] {
  const all = enabledVendors(model).flatMap((v) => v.probes?.(model, model.settings.vendors[v.name]) ?? []);
  if (only === undefined) return all;
  const re = globToRegExp(only);
  const picked = all.filter(({ id, name }) => re.test(id) || re.test(id.slice(id.indexOf("/") + 1)) || re.test(name));
  if (picked.length === 0) {
    throw new UsageError(`--only ${only}: no check matches (expected a glob over service/check keys or names, e.g. "*/health"; checks: ${all.map((a) => a.id).join(", ") || "none"})`);
  }
  return picked;
}

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}

export function renderResults(results: CheckResult[]): string {
  const rows = [["name", "URL", "status", "latency", "result", "why"]];
  for (const r of results) {
    rows.push([
      r.name,
      r.outcome === "skipped" ? "-" : `${r.method} ${r.url}`,
      r.status === undefined ? "-" : String(r.status),
      r.latencyMs === undefined ? "-" : `${r.latencyMs} ms`,
      r.outcome === "pass" ? "PASS" : r.outcome === "fail" ? "FAIL" : "skipped",
      r.why,
    ]);
  }
  const passed = results.filter((r) => r.outcome === "pass").length;
  const failed = results.filter((r) => r.outcome === "fail").length;
  const skipped = results.filter((r) => r.outcome === "skipped").length;
  return `${pad(rows)}\n\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`;
}

/** Runs the command; resolves to the exit code (1 when a check fails or the definitions have problems). */
export async function runCheck(opts: CheckOptions, io: Io, cwd: string): Promise<number> {
  const root = findProjectRoot(cwd);
  const baseUrl = opts.baseUrl;
  if (baseUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    throw new UsageError(`--base-url ${baseUrl}: expected an http:// or https:// URL, like http://127.0.0.1:8000`);
  }
  const { model, problems } = stackModel(root, opts.stack, baseUrl === undefined ? undefined : (config, services) => withBaseUrl(config, services, baseUrl));
  if (!model) {
    io.err(`${problems.map((p) => formatProblem(opts.stack, p)).join("\n")}\n`);
    return 1;
  }
  const selected = selectProbes(model, opts.only);
  const http = selected.filter(isHttp);
  const results: CheckResult[] = new Array(selected.length);
  let done = 0;
  io.err(`checking ${http.length} HTTP check${http.length === 1 ? "" : "s"} of stack ${opts.stack} from this machine...\n`);
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const i = next++;
      const probe = selected[i];
      if (!isHttp(probe)) {
        results[i] = { id: probe.id, name: probe.name, url: "", method: "", outcome: "skipped", why: probe.skipped };
        continue;
      }
      const id = probe.id;
      io.err(`  ${id}: ${probe.method} ${probe.url} ...\n`);
      const r = await runProbe(probe);
      results[i] = r;
      done += 1;
      io.err(`  [${done}/${http.length}] ${id}: ${r.outcome === "pass" ? "pass" : `FAIL: ${r.why}`}${r.latencyMs !== undefined ? ` (${r.latencyMs} ms)` : ""}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, selected.length)) }, worker));
  io.out(renderResults(results));
  return results.some((r) => r.outcome === "fail") ? 1 : 0;
}
