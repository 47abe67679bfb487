/**
 * `monitoring cost`: which tier each vendor needs for what a stack declares, what the configured
 * tiers cost, and the monthly total, from the price table in ./prices. The tier rules reuse the
 * vendors' own limit tables (src/targets/<vendor>/limits.ts), so `cost` and `validate` agree.
 */
import { durationSeconds } from "../model";
import { formatProblem, type ResolvedModel } from "../resolve";
import { CLOUDFLARE_PLANS, UPTIMEROBOT_PLANS } from "../settings";
import { PLAN_LIMITS as CLOUDFLARE_LIMITS } from "../targets/cloudflare/limits";
import { UPTIMEROBOT_PLAN_LIMITS } from "../targets/uptimerobot/limits";
import type { CommandIo } from "./diff-command";
import { PRICES, type Tier } from "./prices";
import { findProjectRoot } from "./project";
import { stackModel } from "./stack-model";

export interface VendorCost {
  vendor: string;
  /** Cheapest tier that covers what the stack declares. */
  needed: string;
  /** Tier set in the stack settings, where the settings have one. */
  configured?: string;
  /** Tier the bill is for: the configured one when it covers the need, else the needed one. */
  billed: string;
  usdPerMonth: number;
  /** What decided the needed tier. */
  reasons: string[];
  /** e.g. "configured business ($200) is more than needed: pro would do ($20)". */
  note?: string;
}

export interface StackCost {
  stack: string;
  vendors: VendorCost[];
  /** NaN when a tier has contract pricing. */
  totalUsdPerMonth: number;
  asOf: string;
}

function tier(vendor: keyof typeof PRICES.vendors, name: string): Tier {
  return (PRICES.vendors[vendor].tiers as Record<string, Tier>)[name];
}

function rank<T extends string>(order: readonly T[], t: T): number {
  return order.indexOf(t);
}

function uptimeRobot(model: ResolvedModel): VendorCost {
  const checks = model.services.flatMap((s) => s.checks);
  const http = checks.filter((c) => c.kind === "http");
  const shortest = http.length ? Math.min(...http.map((c) => durationSeconds(c.interval))) : Infinity;
  const phoneContacts = [...new Set(checks.flatMap((c) => c.contacts).filter((k) => ["sms", "voice"].includes(model.contacts[k]?.contact.type ?? "")))];
  const reasons: string[] = [];
  const needed =
    UPTIMEROBOT_PLANS.find((p) => {
      const l = UPTIMEROBOT_PLAN_LIMITS[p];
      return l.monitors >= checks.length && l.minIntervalSeconds <= shortest && (phoneContacts.length === 0 || l.smsAndVoice);
    }) ?? "enterprise";
  const free = UPTIMEROBOT_PLAN_LIMITS.free;
  reasons.push(`${checks.length} monitor${checks.length === 1 ? "" : "s"}${checks.length > free.monitors ? ` (free allows ${free.monitors})` : ""}`);
  if (shortest < Infinity) reasons.push(`checks every ${fmtSeconds(shortest)}${shortest < free.minIntervalSeconds ? ` (free checks every ${fmtSeconds(free.minIntervalSeconds)} at most)` : ""}`);
  if (phoneContacts.length) reasons.push(`SMS/voice contact${phoneContacts.length === 1 ? "" : "s"} ${phoneContacts.join(", ")} (paid plans only)`);
  return settle("uptimerobot", needed, model.settings.vendors.uptimerobot.plan, UPTIMEROBOT_PLANS, reasons);
}

function cloudflare(model: ResolvedModel): VendorCost {
  const rules = model.services.flatMap((s) => s.rateLimits).filter((r) => r.enabled);
  const longest = Math.max(0, ...rules.map((r) => r.periodSeconds));
  const mitigation = Math.max(0, ...rules.map((r) => r.mitigationTimeoutSeconds));
  const log = rules.some((r) => r.action === "log");
  const needed =
    CLOUDFLARE_PLANS.find((p) => {
      const l = CLOUDFLARE_LIMITS[p];
      return l.rules >= rules.length && l.maxPeriodSeconds >= longest && l.maxMitigationSeconds >= mitigation && (!log || l.logAction);
    }) ?? "enterprise";
  const free = CLOUDFLARE_LIMITS.free;
  const reasons = [`${rules.length} rate-limiting rule${rules.length === 1 ? "" : "s"}${rules.length > free.rules ? ` (free allows ${free.rules})` : ""}`];
  if (longest > free.maxPeriodSeconds) reasons.push(`a ${fmtSeconds(longest)} period (free allows ${fmtSeconds(free.maxPeriodSeconds)})`);
  if (mitigation > free.maxMitigationSeconds) reasons.push(`a ${fmtSeconds(mitigation)} mitigation timeout (free allows ${fmtSeconds(free.maxMitigationSeconds)})`);
  if (log) reasons.push("the log action (Enterprise only)");
  return settle("cloudflare", needed, model.settings.vendors.cloudflare.plan, CLOUDFLARE_PLANS, reasons);
}

function sentry(model: ResolvedModel): VendorCost {
  const cfg = model.settings.vendors.sentry;
  const alerts = model.services.flatMap((s) => [...s.errors, ...s.performance]);
  const integrations = new Set<string>();
  for (const a of alerts) {
    for (const k of a.contacts) {
      const type = model.contacts[k]?.contact.type;
      if (type === "slack" && cfg.slackIntegrationId) integrations.add("Slack");
      if (type === "pagerduty" && cfg.pagerduty) integrations.add("PagerDuty");
    }
  }
  const reasons = [`${alerts.length} alert${alerts.length === 1 ? "" : "s"}`];
  if (integrations.size) reasons.push(`alerts through ${[...integrations].join(" and ")} (third-party integrations: Team)`);
  if (cfg.emailTeamId) reasons.push("alerts e-mail a team (Developer has one user: Team)");
  const needed = integrations.size || cfg.emailTeamId ? "team" : "developer";
  if (needed === "developer") reasons.push("event volume may still call for Team (50k errors a month)");
  return settle("sentry", needed, undefined, ["developer", "team"], reasons);
}

function grafana(model: ResolvedModel): VendorCost {
  const rules = model.services.reduce((n, s) => n + s.metricAlerts.length + (s.database?.alerts.length ?? 0) + s.slos.reduce((m, slo) => m + slo.burnRateAlerts.length, 0), 0);
  const dashboards = model.services.reduce((n, s) => n + Object.keys(s.dashboards).length, 0);
  return settle("grafana", "free", undefined, ["free", "pro"], [
    `${rules} alert rule${rules === 1 ? "" : "s"}, ${dashboards} dashboard${dashboards === 1 ? "" : "s"}`,
    "metrics-series volume decides whether Pro is needed",
  ]);
}

function stripe(model: ResolvedModel): VendorCost {
  const n = model.services.reduce((m, s) => m + s.stripeAlerts.length, 0);
  return settle("stripe", "included", undefined, ["included"], [`${n} business alert${n === 1 ? "" : "s"} on webhook endpoints`]);
}

function settle<T extends string>(vendor: keyof typeof PRICES.vendors, needed: T, configured: T | undefined, order: readonly T[], reasons: string[]): VendorCost {
  const billed = configured !== undefined && rank(order, configured) >= rank(order, needed) ? configured : needed;
  const price = tier(vendor, billed).usdPerMonth;
  let note: string | undefined;
  if (configured !== undefined && rank(order, configured) > rank(order, needed)) {
    note = `configured ${configured} (${usd(price)}) is more than needed: ${needed} would do (${usd(tier(vendor, needed).usdPerMonth)})`;
  } else if (configured !== undefined && rank(order, configured) < rank(order, needed)) {
    note = `configured ${configured} is not enough: ${needed} is needed (validate reports it)`;
  }
  return { vendor, needed, configured, billed, usdPerMonth: price, reasons, ...(note ? { note } : {}) };
}

export function stackCost(model: ResolvedModel): StackCost {
  const v = model.settings.vendors;
  const vendors: VendorCost[] = [];
  if (v.uptimerobot.enabled) vendors.push(uptimeRobot(model));
  if (v.sentry.enabled) vendors.push(sentry(model));
  if (v.cloudflare.enabled) vendors.push(cloudflare(model));
  if (v.grafana.enabled) vendors.push(grafana(model));
  if (v.stripe.enabled) vendors.push(stripe(model));
  return { stack: model.stack, vendors, totalUsdPerMonth: vendors.reduce((t, c) => t + c.usdPerMonth, 0), asOf: PRICES.asOf };
}

function usd(n: number): string {
  return Number.isNaN(n) ? "contract price" : `$${n % 1 === 0 ? n : n.toFixed(2)}`;
}

function fmtSeconds(s: number): string {
  return s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}

export function renderCost(c: StackCost): string {
  const rows = [["vendor", "needs", "configured", "per month", "why"]];
  for (const v of c.vendors) rows.push([v.vendor, v.needed, v.configured ?? "-", usd(v.usdPerMonth), v.reasons.join("; ")]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = [`Monthly cost of stack ${c.stack} (list prices as of ${c.asOf}, ${PRICES.currency}; sources in src/cli/prices.ts)`, ""];
  for (const r of rows) lines.push(r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  "));
  const notes = c.vendors.filter((v) => v.note).map((v) => `note: ${v.vendor}: ${v.note}`);
  if (notes.length) lines.push("", ...notes);
  lines.push("", `Total: ${usd(c.totalUsdPerMonth)}/month`);
  return `${lines.join("\n")}\n`;
}

/** One line for the end of `plan`'s table. */
export function costLine(c: StackCost): string {
  return `Cost: ${c.vendors.map((v) => `${v.vendor} ${v.billed} ${usd(v.usdPerMonth)}`).join(", ")}; ${usd(c.totalUsdPerMonth)}/month (monitoring cost --stack ${c.stack} for why)`;
}

/** The plan's cost line, or nothing when the stack does not resolve (plan reports that itself). */
export function costLineFor(root: string, stack: string): string | undefined {
  try {
    const { model } = stackModel(root, stack);
    return model ? costLine(stackCost(model)) : undefined;
  } catch {
    return undefined;
  }
}

export async function runCost(opts: { stack: string; format?: "table" | "json" }, io: CommandIo, cwd: string): Promise<number> {
  const root = findProjectRoot(cwd);
  const { model, problems } = stackModel(root, opts.stack);
  if (!model) {
    io.err(`${problems.map((p) => formatProblem(opts.stack, p)).join("\n")}\n`);
    return 1;
  }
  const c = stackCost(model);
  io.out(opts.format === "json" ? `${JSON.stringify({ ...c, totalUsdPerMonth: Number.isNaN(c.totalUsdPerMonth) ? null : c.totalUsdPerMonth }, null, 2)}\n` : renderCost(c));
  return 0;
}
