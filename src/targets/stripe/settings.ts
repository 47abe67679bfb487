/** `monitoring:vendors.stripe`: the API version pinned on webhook endpoints. */
import { z } from "zod";
import type { ResolvedModel } from "../../resolve";
import { settingsOf, type SettingsOf } from "../types";

export const VENDOR = "stripe";

export const StripeSettings = z.strictObject({
  /** Stripe API version pinned on webhook endpoints. */
  // Stripe API versions are dates, since 2024-09-30 with a release name: "2024-06-20", "2025-03-31.basil".
  apiVersion: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(\.[a-z]{1,40})?$/, { error: 'expected a Stripe API version like "2024-06-20" or "2025-03-31.basil"' })
    .optional(),
});
export type StripeSettings = SettingsOf<typeof StripeSettings>;

export const stripeSettings = (model: ResolvedModel): StripeSettings => settingsOf(model, VENDOR, StripeSettings);
