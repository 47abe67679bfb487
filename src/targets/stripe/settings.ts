/** `monitoring:vendors.stripe`: the API version pinned on webhook endpoints. */
import { z } from "zod";
import type { ResolvedModel } from "../../resolve";
import { settingsOf, type SettingsOf } from "../types";

export const VENDOR = "stripe";

export const StripeSettings = z.strictObject({
  /** Stripe API version pinned on webhook endpoints. */
  apiVersion: z.string().optional(),
});
export type StripeSettings = SettingsOf<typeof StripeSettings>;

export const stripeSettings = (model: ResolvedModel): StripeSettings => settingsOf(model, VENDOR, StripeSettings);
