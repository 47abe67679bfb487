/** Sentry's tiers for `monitoring cost`: Team when alerts go through integrations or e-mail a team. */
import type { Pricing } from "../types";
import { plural } from "../format";
import type { SentrySettings } from "./settings";

export const sentryPricing: Pricing<SentrySettings> = {
  asOf: "2026-11-27",
  pricingPage: "https://sentry.io/pricing/",
  tiers: [
    { name: "developer", usdPerMonth: 0, includes: "one user, 5k errors a month, no third-party integrations", source: "seed guide (Sentry $0: 5K events/mo); vendor page read 2026-09-20" },
    { name: "team", usdPerMonth: 26, includes: "unlimited users, third-party integrations (Slack, PagerDuty), 50k errors a month", source: "seed guide (Sentry Team $26/mo); vendor page read 2026-09-20" },
  ],
  needs(model, cfg) {
    const alerts = model.services.flatMap((s) => [...s.errors, ...s.performance]);
    const integrations = new Set<string>();
    for (const a of alerts) {
      for (const k of a.contacts) {
        const type = model.contacts[k]?.contact.type;
        if (type === "slack" && cfg.slackIntegrationId) integrations.add("Slack");
        if (type === "pagerduty" && cfg.pagerduty) integrations.add("PagerDuty");
      }
    }
    const reasons = [plural(alerts.length, "alert")];
    if (integrations.size) reasons.push(`alerts through ${[...integrations].join(" and ")} (third-party integrations: Team)`);
    if (cfg.emailTeamId) reasons.push("alerts e-mail a team (Developer has one user: Team)");
    const tier = integrations.size || cfg.emailTeamId ? "team" : "developer";
    if (tier === "developer") reasons.push("event volume may still call for Team (50k errors a month)");
    return { tier, reasons };
  },
};
