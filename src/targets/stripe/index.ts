/**
 * Stripe: business alerts (failed payments, cancellations, disputes) as webhook endpoints, through
 * this project's dynamic provider on the official `stripe` SDK.
 */
import { defineVendor } from "../types";
import { registerService } from "./mapping";
import { stripeProblems } from "./problems";
import { replaceOnChange } from "./provider";
import { StripeSettings, VENDOR } from "./settings";
import { plural } from "../format";

export { endpointsOf } from "./mapping";

export const stripe = defineVendor<typeof StripeSettings>({
  name: VENDOR,
  title: "Stripe",
  settings: StripeSettings,
  concerns: ["stripeAlerts"],
  problems: stripeProblems,
  registerService,
  pricing: {
    asOf: "2026-11-27",
    pricingPage: "https://stripe.com/pricing",
    tiers: [{ name: "included", usdPerMonth: 0, includes: "webhook endpoints cost nothing beyond Stripe's payment fees", source: "seed guide (Stripe $0: dashboard + basic analytics)" }],
    needs: (model) => ({ tier: "included", reasons: [`${plural(model.services.reduce((m, s) => m + s.stripeAlerts.length, 0), "business alert")} on webhook endpoints`] }),
  },
  replaceOnChange,
});
