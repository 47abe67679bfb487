/**
 * UptimeRobot's tiers for `monitoring cost`: which plan a stack's checks need, from the same limit
 * table `validate` enforces (./problems), and the list prices.
 *
 * "seed guide" is ../shared/seed/monitoring-setup-guide.md section 13 ("Monitoring Budget");
 * "unverified" means from memory of the vendor's page, to be checked before relying on it.
 */
import { durationSeconds } from "../../model";
import type { Pricing } from "../types";
import { UPTIMEROBOT_PLAN_LIMITS } from "./problems";
import { UPTIMEROBOT_PLANS, type UptimeRobotSettings } from "./settings";
import { fmtSeconds, plural } from "../format";

export const uptimeRobotPricing: Pricing<UptimeRobotSettings> = {
  asOf: "2026-11-27",
  pricingPage: "https://uptimerobot.com/pricing/",
  tiers: [
    { name: "free", usdPerMonth: 0, includes: "50 monitors, 5-minute checks, no SMS or voice", source: "seed guide (UptimeRobot $0: 50 monitors, 5-min checks)" },
    { name: "solo", usdPerMonth: 7, includes: "1-minute checks, SMS and voice alerts", source: "seed guide (UptimeRobot Pro $7/mo: 1-min checks, SMS alerts)" },
    { name: "team", usdPerMonth: 29, includes: "100 monitors, 1-minute checks, team seats", source: "unverified (vendor page, yearly billing)" },
    { name: "enterprise", usdPerMonth: 54, includes: "200 monitors, 30-second checks", source: "unverified (vendor page, yearly billing)" },
  ],
  configured: (settings) => settings.plan,
  needs(model) {
    const checks = model.services.flatMap((s) => s.checks);
    const http = checks.filter((c) => c.kind === "http");
    const shortest = http.length ? Math.min(...http.map((c) => durationSeconds(c.interval))) : Infinity;
    const phones = [...new Set(checks.flatMap((c) => c.contacts).filter((k) => ["sms", "voice"].includes(model.contacts[k]?.contact.type ?? "")))];
    const tier =
      UPTIMEROBOT_PLANS.find((p) => {
        const l = UPTIMEROBOT_PLAN_LIMITS[p];
        return l.monitors >= checks.length && l.minIntervalSeconds <= shortest && (phones.length === 0 || l.smsAndVoice);
      }) ?? "enterprise";
    const free = UPTIMEROBOT_PLAN_LIMITS.free;
    const reasons = [`${plural(checks.length, "monitor")}${checks.length > free.monitors ? ` (free allows ${free.monitors})` : ""}`];
    if (shortest < Infinity) reasons.push(`checks every ${fmtSeconds(shortest)}${shortest < free.minIntervalSeconds ? ` (free checks every ${fmtSeconds(free.minIntervalSeconds)} at most)` : ""}`);
    if (phones.length) reasons.push(`SMS/voice contact${phones.length === 1 ? "" : "s"} ${phones.join(", ")} (paid plans only)`);
    return { tier, reasons };
  },
};
