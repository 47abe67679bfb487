/**
 * `monitoring cost`: which tier each vendor needs for what a stack declares, what the configured
 * tiers cost, and the monthly total. Each vendor module declares its tiers and prices (dated data
 * with sources) and what decides the tier, from the same limits `validate` enforces.
 */
import { formatProblem, type ResolvedModel } from "../resolve";
import { enabledVendors, type VendorModule } from "../targets";
import type { Pricing } from "../targets/types";
import type { Io } from "./io";
import type { PlanCost } from "./plan";
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
  /** When the vendor's prices were last checked, and where. */
  asOf: string;
  pricingPage: string;
}

export interface StackCost {
  stack: string;
  vendors: VendorCost[];
  /** NaN when a tier has contract pricing. */
  totalUsdPerMonth: number;
  /** The oldest price date among the vendors. */
  asOf: string;
}

const CURRENCY = "USD";

function vendorCost(vendor: VendorModule, pricing: Pricing, model: ResolvedModel): VendorCost {
  const settings = model.settings.vendors[vendor.name];
  const { tier: needed, reasons } = pricing.needs(model, settings);
  const configured = pricing.configured?.(settings);
  const rank = (name: string) => pricing.tiers.findIndex((t) => t.name === name);
  const price = (name: string) => pricing.tiers[rank(name)].usdPerMonth;
  const billed = configured !== undefined && rank(configured) >= rank(needed) ? configured : needed;
  let note: string | undefined;
  if (configured !== undefined && rank(configured) > rank(needed)) {
    note = `configured ${configured} (${usd(price(configured))}) is more than needed: ${needed} would do (${usd(price(needed))})`;
  } else if (configured !== undefined && rank(configured) < rank(needed)) {
    note = `configured ${configured} is not enough: ${needed} is needed (validate reports it)`;
  }
  return { vendor: vendor.name, needed, configured, billed, usdPerMonth: price(billed), reasons, ...(note ? { note } : {}), asOf: pricing.asOf, pricingPage: pricing.pricingPage };
}

export function stackCost(model: ResolvedModel): StackCost {
  const vendors = enabledVendors(model).flatMap((v) => (v.pricing ? [vendorCost(v, v.pricing, model)] : []));
  const asOf = vendors.map((v) => v.asOf).sort()[0] ?? "";
  return { stack: model.stack, vendors, totalUsdPerMonth: vendors.reduce((t, c) => t + c.usdPerMonth, 0), asOf };
}

export function usd(n: number | null): string {
  if (n === null) return "contract price";
  return Number.isNaN(n) ? "contract price" : `$${n % 1 === 0 ? n : n.toFixed(2)}`;
}

export function renderCost(c: StackCost): string {
  const rows = [["vendor", "needs", "configured", "per month", "why"]];
  for (const v of c.vendors) rows.push([v.vendor, v.needed, v.configured ?? "-", usd(v.usdPerMonth), v.reasons.join("; ")]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = [`Monthly cost of stack ${c.stack} (list prices as of ${c.asOf}, ${CURRENCY}; sources in src/targets/<vendor>/pricing)`, ""];
  for (const r of rows) lines.push(r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  "));
  const notes = c.vendors.filter((v) => v.note).map((v) => `note: ${v.vendor}: ${v.note}`);
  if (notes.length) lines.push("", ...notes);
  lines.push("", `Total: ${usd(c.totalUsdPerMonth)}/month`);
  return `${lines.join("\n")}\n`;
}

/** One line for the end of `plan`'s table. */
export function costLine(c: PlanCost, stack: string): string {
  return `Cost: ${c.vendors.map((v) => `${v.vendor} ${v.tier} ${usd(v.usdPerMonth)}`).join(", ")}; ${usd(c.totalUsdPerMonth)}/month (monitoring cost --stack ${stack} for why)`;
}

/**
 * A stack's cost, or nothing when the stack does not resolve (plan reports that itself); of
 * `resolved` when the caller has the stack's model already.
 */
export function costOfStack(root: string, stack: string, resolved?: ResolvedModel): StackCost | undefined {
  try {
    const model = resolved ?? stackModel(root, stack).model;
    return model ? stackCost(model) : undefined;
  } catch {
    return undefined;
  }
}

/** What a plan records of the cost, for `monitoring diff`: the billed tier per vendor. */
export function planCost(c: StackCost): PlanCost {
  const money = (n: number) => (Number.isNaN(n) ? null : n);
  return { totalUsdPerMonth: money(c.totalUsdPerMonth), vendors: c.vendors.map((v) => ({ vendor: v.vendor, tier: v.billed, usdPerMonth: money(v.usdPerMonth) })) };
}

export async function runCost(opts: { stack: string; format?: "table" | "json" }, io: Io, cwd: string): Promise<number> {
  const root = findProjectRoot(cwd);
  const { resolved, problems } = stackModel(root, opts.stack);
  const errors = problems.filter((p) => p.level === "error");
  // The tiers a stack needs are worth knowing most when they exceed the configured ones: then the
  // table is printed all the same, and the problems after it (exit 1).
  if (resolved) {
    const c = stackCost(resolved);
    io.out(opts.format === "json" ? `${JSON.stringify({ ...c, totalUsdPerMonth: Number.isNaN(c.totalUsdPerMonth) ? null : c.totalUsdPerMonth }, null, 2)}\n` : renderCost(c));
  }
  if (errors.length > 0) io.err(`${errors.map((p) => formatProblem(opts.stack, p)).join("\n")}\n`);
  return errors.length > 0 ? 1 : 0;
}
