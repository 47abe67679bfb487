/**
 * Cloudflare Workers for `monitoring cost`: the relay fits Workers Free unless the stack needs more
 * than it allows; then Workers Paid. Read 2026-11-27 from Cloudflare's pages:
 *
 * - Free: 100,000 requests a day, 10 ms CPU per invocation, 5 Cron Triggers per account, 3 MB per
 *   Worker; KV 100,000 reads and 1,000 writes a day (https://developers.cloudflare.com/workers/platform/limits/,
 *   https://developers.cloudflare.com/kv/platform/limits/).
 * - Paid: $5 a month with 10 million requests and 30 million CPU-ms included, then $0.30 per
 *   million requests and $0.02 per million CPU-ms; 250 Cron Triggers; KV 10 million reads and
 *   1 million writes a month included (https://developers.cloudflare.com/workers/platform/pricing/).
 *
 * A relayed event costs one request and at most 2 KV writes per contact; Stripe sends a few per
 * customer a month, so only a large account reaches Free's 1,000 KV writes a day.
 */
import type { Pricing } from "../types";
import { plural } from "../format";
import { digestCrons } from "./mapping";
import { FREE_CRON_TRIGGERS } from "./problems";
import { needsRelay, relayedAlerts, type RelaySettings } from "./settings";

export const relayPricing: Pricing<RelaySettings> = {
  asOf: "2026-11-27",
  pricingPage: "https://developers.cloudflare.com/workers/platform/pricing/",
  tiers: [
    {
      name: "free",
      usdPerMonth: 0,
      includes: "100,000 requests/day, 10 ms CPU per request, 5 Cron Triggers per account, KV 1,000 writes/day",
      source: "developers.cloudflare.com/workers/platform/limits and /kv/platform/limits, read 2026-11-27",
    },
    {
      name: "paid",
      usdPerMonth: 5,
      includes: "10M requests and 30M CPU-ms a month included (then $0.30/M requests, $0.02/M CPU-ms), 250 Cron Triggers, KV 1M writes/month",
      source: "developers.cloudflare.com/workers/platform/pricing, read 2026-11-27",
    },
  ],
  configured: (settings) => settings.plan,
  needs(model, settings) {
    const served = model.services.filter(needsRelay);
    const crons = served.reduce((n, s) => n + (s.digest ? digestCrons(settings.digest.at ?? s.digest.at, settings.digest.timeZone ?? s.digest.timeZone).length : 0), 0);
    const alerts = served.reduce((n, s) => n + relayedAlerts(s).length, 0);
    const reasons = [`${plural(served.length, "relay Worker")} for ${plural(alerts, "business alert")}`, `${plural(crons, "Cron Trigger")} for the digest${crons > FREE_CRON_TRIGGERS ? ` (free allows ${FREE_CRON_TRIGGERS})` : ""}`];
    return { tier: crons > FREE_CRON_TRIGGERS ? "paid" : "free", reasons };
  },
};
