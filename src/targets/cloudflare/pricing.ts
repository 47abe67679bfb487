/** Cloudflare's plans for `monitoring cost`: rate-limiting rules per zone, periods and mitigation timeouts. */
import type { Pricing } from "../types";
import { comparedTier, fmtSeconds, plural } from "../format";
import { edgeTier } from "./edge-problems";
import { PLAN_LIMITS } from "./problems";
import { CLOUDFLARE_PLANS, type CloudflarePlan, type CloudflareSettings } from "./settings";

/** The higher of two plans. */
function higher(a: CloudflarePlan, b: CloudflarePlan): CloudflarePlan {
  return CLOUDFLARE_PLANS.indexOf(a) >= CLOUDFLARE_PLANS.indexOf(b) ? a : b;
}

export const cloudflarePricing: Pricing<CloudflareSettings> = {
  asOf: "2026-11-27",
  pricingPage: "https://www.cloudflare.com/plans/",
  tiers: [
    { name: "free", usdPerMonth: 0, includes: "1 rate-limiting rule, 10-second periods", source: "seed guide (Cloudflare $0)" },
    { name: "pro", usdPerMonth: 20, usdPerMonthBilledMonthly: 25, includes: "2 rate-limiting rules, periods up to 1 minute", source: "vendor page read 2026-10-07 ($20/mo yearly, $25 monthly)" },
    { name: "business", usdPerMonth: 200, usdPerMonthBilledMonthly: 250, includes: "5 rate-limiting rules, periods up to 10 minutes", source: "vendor page read 2026-10-07 ($200/mo yearly, $250 monthly)" },
    { name: "enterprise", usdPerMonth: Number.NaN, includes: "contract pricing", source: "vendor page (custom)" },
  ],
  configured: (settings) => settings.plan,
  needs(model, settings) {
    const rules = model.services.flatMap((s) => s.rateLimits).filter((r) => r.enabled);
    const longest = Math.max(0, ...rules.map((r) => r.periodSeconds));
    const mitigation = Math.max(0, ...rules.map((r) => r.mitigationTimeoutSeconds));
    const log = rules.some((r) => r.action === "log");
    const tier =
      CLOUDFLARE_PLANS.find((p) => {
        const l = PLAN_LIMITS[p];
        return l.rules >= rules.length && l.maxPeriodSeconds >= longest && l.maxMitigationSeconds >= mitigation && (!log || l.logAction);
      }) ?? "enterprise";
    // The zone's edge settings may need a higher plan than its rate limits (Super Bot Fight Mode needs Pro, ...).
    const edge = edgeTier(settings.edge);
    const needed = higher(tier, edge.tier);
    // Each parenthesis says what the compared tier allows: the configured plan when it is short.
    const ref = comparedTier(CLOUDFLARE_PLANS, needed, settings.plan);
    const l = PLAN_LIMITS[ref];
    const reasons = [`${plural(rules.length, "rate-limiting rule")}${rules.length > l.rules ? ` (${ref} allows ${l.rules})` : ""}`];
    if (longest > l.maxPeriodSeconds) reasons.push(`a ${fmtSeconds(longest)} period (${ref} allows ${fmtSeconds(l.maxPeriodSeconds)})`);
    if (mitigation > l.maxMitigationSeconds) reasons.push(`a ${fmtSeconds(mitigation)} mitigation timeout (${ref} allows ${fmtSeconds(l.maxMitigationSeconds)})`);
    if (log) reasons.push("the log action (Enterprise only)");
    reasons.push(...edge.reasons);
    return { tier: needed, reasons };
  },
};
