/**
 * Vendor list prices, kept as data for `monitoring cost`. US dollars per month; where a vendor
 * sells cheaper yearly, `usdPerMonth` is the yearly price per month (what the seed guide quotes)
 * and `usdPerMonthBilledMonthly` the month-to-month price when known.
 *
 * Every tier names where its price comes from. "seed guide" is
 * ../shared/seed/monitoring-setup-guide.md section 13 ("Monitoring Budget"); "vendor page" is the
 * vendor's pricing page as transcribed on the date given; "unverified" means from memory of the
 * vendor's page and to be checked before relying on it. Update `asOf` when you check again.
 */

export interface Tier {
  usdPerMonth: number;
  usdPerMonthBilledMonthly?: number;
  /** What the tier includes that matters here. */
  includes: string;
  source: string;
}

export interface VendorPrices {
  /** The vendor's tiers, cheapest first; keys match the stack settings' plan names where there are some. */
  tiers: Record<string, Tier>;
  pricingPage: string;
}

export const PRICES = {
  asOf: "2026-11-27",
  currency: "USD",
  vendors: {
    uptimerobot: {
      pricingPage: "https://uptimerobot.com/pricing/",
      tiers: {
        free: { usdPerMonth: 0, includes: "50 monitors, 5-minute checks, no SMS or voice", source: "seed guide (UptimeRobot $0: 50 monitors, 5-min checks)" },
        solo: { usdPerMonth: 7, includes: "1-minute checks, SMS and voice alerts", source: "seed guide (UptimeRobot Pro $7/mo: 1-min checks, SMS alerts)" },
        team: { usdPerMonth: 29, includes: "100 monitors, 1-minute checks, team seats", source: "unverified (vendor page, yearly billing)" },
        enterprise: { usdPerMonth: 54, includes: "200 monitors, 30-second checks", source: "unverified (vendor page, yearly billing)" },
      },
    },
    sentry: {
      pricingPage: "https://sentry.io/pricing/",
      tiers: {
        developer: { usdPerMonth: 0, includes: "one user, 5k errors a month, no third-party integrations", source: "seed guide (Sentry $0: 5K events/mo); vendor page read 2026-09-20" },
        team: { usdPerMonth: 26, includes: "unlimited users, third-party integrations (Slack, PagerDuty), 50k errors a month", source: "seed guide (Sentry Team $26/mo); vendor page read 2026-09-20" },
      },
    },
    cloudflare: {
      pricingPage: "https://www.cloudflare.com/plans/",
      tiers: {
        free: { usdPerMonth: 0, includes: "1 rate-limiting rule, 10-second periods", source: "seed guide (Cloudflare $0)" },
        pro: { usdPerMonth: 20, usdPerMonthBilledMonthly: 25, includes: "2 rate-limiting rules, periods up to 1 minute", source: "vendor page read 2026-10-07 ($20/mo yearly, $25 monthly)" },
        business: { usdPerMonth: 200, usdPerMonthBilledMonthly: 250, includes: "5 rate-limiting rules, periods up to 10 minutes", source: "vendor page read 2026-10-07 ($200/mo yearly, $250 monthly)" },
        enterprise: { usdPerMonth: Number.NaN, includes: "contract pricing", source: "vendor page (custom)" },
      },
    },
    grafana: {
      pricingPage: "https://grafana.com/pricing/",
      tiers: {
        free: { usdPerMonth: 0, includes: "Grafana Cloud free tier: alerting and dashboards within its metrics-series and user allowance", source: "unverified (vendor page)" },
        pro: { usdPerMonth: 19, includes: "platform fee, usage billed beyond the free allowance", source: "unverified (vendor page)" },
      },
    },
    stripe: {
      pricingPage: "https://stripe.com/pricing",
      tiers: {
        included: { usdPerMonth: 0, includes: "webhook endpoints cost nothing beyond Stripe's payment fees", source: "seed guide (Stripe $0: dashboard + basic analytics)" },
      },
    },
  },
} as const satisfies { asOf: string; currency: string; vendors: Record<string, VendorPrices> };
