/** Grafana Cloud's tiers for `monitoring cost`: what the rules and dashboards need is within the free tier. */
import type { Pricing } from "../types";
import { plural } from "../format";
import type { GrafanaSettings } from "./settings";

export const grafanaPricing: Pricing<GrafanaSettings> = {
  asOf: "2026-11-27",
  pricingPage: "https://grafana.com/pricing/",
  tiers: [
    { name: "free", usdPerMonth: 0, includes: "Grafana Cloud free tier: alerting and dashboards within its metrics-series and user allowance", source: "unverified (vendor page)" },
    { name: "pro", usdPerMonth: 19, includes: "platform fee, usage billed beyond the free allowance", source: "unverified (vendor page)" },
  ],
  needs(model) {
    const rules = model.services.reduce((n, s) => n + s.metricAlerts.length + (s.database?.alerts.length ?? 0) + s.slos.reduce((m, slo) => m + [slo.page, slo.ticket, slo.budgetExhausted].filter(Boolean).length, 0), 0);
    const dashboards = model.services.reduce((n, s) => n + s.dashboards.length, 0);
    return { tier: "free", reasons: [`${plural(rules, "alert rule")}, ${plural(dashboards, "dashboard")}`, "metrics-series volume decides whether Pro is needed"] };
  },
};
