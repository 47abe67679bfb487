/**
 * Better Stack's Telemetry tiers for `monitoring cost`: which tier a stack's log sources need
 * (retention, expected volume), from the same limits `validate` enforces (./problems).
 *
 * Sources. The pricing page (https://betterstack.com/pricing) cannot be read from the machines
 * this was written on; its figures are taken from independent transcriptions of it found in
 * public repositories by code search: a 2025-06 post ("their free tier allows 3 GB worth of logs
 * retained for 3 days") and 2026 planning documents quoting the page ("Logs | Better Stack Free |
 * US$0; 3 GB/month, kept 3 days"; "Better Stack Nano | US$30/month, or US$25/month billed yearly;
 * 40 GB logs/traces/metrics, logs 30 days"; "ingestion US$0.10/GB; retention US$0.05/GB-month").
 * The seed guide's figures (../shared/seed/monitoring-setup-guide.md section 13: 1 GB/month free,
 * $20/month for 5 GB) are older than these and superseded. Check the page before relying on them.
 */
import type { Pricing } from "../types";
import { plural } from "../format";
import { retentionOf } from "./mapping";
import { BETTERSTACK_PLAN_LIMITS } from "./problems";
import type { BetterStackSettings } from "./settings";

/** Days of log retention the Nano bundle includes; longer is billed per GB-month. */
export const NANO_INCLUDED_RETENTION_DAYS = 30;
const TRANSCRIBED = "betterstack.com/pricing as transcribed in public planning documents, 2026 (not read live)";

export const betterStackPricing: Pricing<BetterStackSettings> = {
  asOf: "2026-11-30",
  pricingPage: "https://betterstack.com/pricing",
  tiers: [
    {
      name: "free",
      usdPerMonth: 0,
      includes: "3 GB of logs a month, kept 3 days (the seed guide counted 1 GB)",
      source: `${TRANSCRIBED}; a 2025-06 post: "3 GB worth of logs retained for 3 days"`,
    },
    {
      name: "nano",
      usdPerMonth: 25,
      usdPerMonthBilledMonthly: 30,
      includes: "40 GB of logs, traces and metrics a month, logs kept 30 days; beyond: $0.10/GB ingested, $0.05/GB-month retained (the seed guide counted $20 for 5 GB)",
      source: `${TRANSCRIBED}: "US$30/month, or US$25/month billed yearly"`,
    },
    { name: "enterprise", usdPerMonth: Number.NaN, includes: "contract pricing", source: "vendor page (custom)" },
  ],
  configured: (settings) => settings.plan,
  needs(model, settings) {
    const sources = model.services.flatMap((s) => s.logs);
    const free = BETTERSTACK_PLAN_LIMITS.free;
    const reasons = [plural(sources.length, "log source")];
    if (sources.length === 0) return { tier: "free", reasons };
    let tier = "free";
    const longest = Math.max(0, ...sources.map((s) => retentionOf(settings, s) ?? 0));
    if (longest > 0 && longest !== free.fixedRetentionDays) {
      tier = "nano";
      reasons.push(`logs kept ${longest} days (free keeps ${free.fixedRetentionDays})`);
      if (longest > NANO_INCLUDED_RETENTION_DAYS) reasons.push(`retention beyond ${NANO_INCLUDED_RETENTION_DAYS} days is billed per GB-month on top`);
    }
    if (settings.monthlyGb !== undefined) {
      const over = settings.monthlyGb > free.includedGbPerMonth;
      if (over) tier = "nano";
      reasons.push(`${settings.monthlyGb} GB of logs a month${over ? ` (free includes ${free.includedGbPerMonth})` : ""}`);
    }
    return { tier, reasons };
  },
};
