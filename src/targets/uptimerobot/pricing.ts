/**
 * UptimeRobot's tiers for `monitoring cost`: which plan a stack's checks need, from the same limit
 * table `validate` enforces (./plans, where each limit's source is named), and the list prices.
 *
 * Prices are per month, billed yearly. "seed guide" is ../shared/seed/monitoring-setup-guide.md
 * section 13 ("Monitoring Budget"), whose "Pro $7/mo" predates the Solo plan; "unverified" means
 * from memory of the vendor's page, to be checked before relying on it.
 */
import { durationSeconds } from "../../model";
import type { ResolvedModel } from "../../resolve";
import type { Pricing } from "../types";
import { UPTIMEROBOT_PLAN_LIMITS, type UptimeRobotPlanLimits } from "./plans";
import { UPTIMEROBOT_PLANS, type UptimeRobotSettings } from "./settings";
import { comparedTier, fmtSeconds, plural } from "../format";

/** What a stack declares that decides its UptimeRobot plan. */
function demand(model: ResolvedModel) {
  const checks = model.services.flatMap((s) => s.checks);
  const http = checks.filter((c) => c.kind === "http");
  return {
    checks,
    shortest: http.length ? Math.min(...http.map((c) => durationSeconds(c.interval))) : Infinity,
    phones: [...new Set(checks.flatMap((c) => c.contacts).filter((k) => ["sms", "voice"].includes(model.contacts[k]?.contact.type ?? "")))],
    heartbeats: checks.filter((c) => c.kind === "heartbeat").map((c) => c.key),
    delays: http.filter((c) => c.alertAfter || c.repeatEvery).map((c) => c.key),
    domains: [...model.services.filter((s) => s.statusPage?.customDomain).map((s) => s.key), ...(model.statusPage?.customDomain ? ["stack"] : [])],
  };
}

function covers(l: UptimeRobotPlanLimits, d: ReturnType<typeof demand>): boolean {
  return (
    l.monitors >= d.checks.length &&
    l.minIntervalSeconds <= d.shortest &&
    (d.phones.length === 0 || l.smsAndVoice) &&
    (d.heartbeats.length === 0 || l.heartbeats) &&
    (d.delays.length === 0 || l.alertDelays) &&
    (d.domains.length === 0 || l.statusPageCustomDomain)
  );
}

export const uptimeRobotPricing: Pricing<UptimeRobotSettings> = {
  asOf: "2026-09-18",
  pricingPage: "https://uptimerobot.com/pricing/",
  tiers: [
    { name: "free", usdPerMonth: 0, includes: "50 monitors, 5-minute checks; no SMS or voice, heartbeats, alert delays or status-page domain", source: "seed guide; uptimerobot.com/pricing as noted 2026-09 (see plans.ts)" },
    { name: "solo", usdPerMonth: 9, includes: "1-minute checks, SMS and voice, heartbeats, alert delays, status-page domain", source: "uptimerobot.com/pricing as noted 2026-09: $9/mo billed yearly, $10 monthly" },
    { name: "team", usdPerMonth: 29, includes: "100 monitors, 1-minute checks, team seats", source: "unverified (vendor page, yearly billing)" },
    { name: "enterprise", usdPerMonth: 54, includes: "200 monitors, 30-second checks", source: "unverified (vendor page, yearly billing)" },
  ],
  configured: (settings) => settings.plan,
  needs(model, settings) {
    const d = demand(model);
    const tier = UPTIMEROBOT_PLANS.find((p) => covers(UPTIMEROBOT_PLAN_LIMITS[p], d)) ?? "enterprise";
    // Each parenthesis says what the compared tier lacks: the configured plan when it is short.
    const ref = comparedTier(UPTIMEROBOT_PLANS, tier, settings.plan);
    const l = UPTIMEROBOT_PLAN_LIMITS[ref];
    const lacks = (has: boolean) => (has ? "" : ` (not on ${ref})`);
    const reasons = [`${plural(d.checks.length, "monitor")}${d.checks.length > l.monitors ? ` (${ref} allows ${l.monitors})` : ""}`];
    if (d.shortest < Infinity) reasons.push(`checks every ${fmtSeconds(d.shortest)}${d.shortest < l.minIntervalSeconds ? ` (${ref} checks every ${fmtSeconds(l.minIntervalSeconds)} at most)` : ""}`);
    if (d.phones.length) reasons.push(`SMS/voice contact${d.phones.length === 1 ? "" : "s"} ${d.phones.join(", ")}${lacks(l.smsAndVoice)}`);
    if (d.heartbeats.length) reasons.push(`heartbeat check${d.heartbeats.length === 1 ? "" : "s"} ${d.heartbeats.join(", ")}${lacks(l.heartbeats)}`);
    if (d.delays.length) reasons.push(`alertAfter/repeatEvery on ${d.delays.join(", ")}${lacks(l.alertDelays)}`);
    if (d.domains.length) reasons.push(`status-page custom domain${lacks(l.statusPageCustomDomain)}`);
    return { tier, reasons };
  },
};
