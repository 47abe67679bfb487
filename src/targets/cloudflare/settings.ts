/** `monitoring:vendors.cloudflare`: the zone's plan and id, and its edge settings (./edge). */
import { z } from "zod";
import { EdgeSettings } from "./edge";
import type { ResolvedModel } from "../../resolve";
import { settingsOf, type SettingsOf } from "../types";

export const VENDOR = "cloudflare";
export const CLOUDFLARE_PLANS = ["free", "pro", "business", "enterprise"] as const;

export const CloudflareSettings = z.strictObject({
  plan: z.enum(CLOUDFLARE_PLANS, { error: `expected one of ${CLOUDFLARE_PLANS.join(", ")}` }).default("free"),
  zoneId: z.string().regex(/^[0-9a-f]{32}$/, { error: "expected a 32-character Cloudflare zone id" }).optional(),
  /** Zone-wide HTTPS, TLS, SSL mode, security level and bot protection (./edge); what is left out is left as it is. */
  edge: EdgeSettings.optional(),
});
export type CloudflareSettings = SettingsOf<typeof CloudflareSettings>;
export type CloudflarePlan = CloudflareSettings["plan"];

export const cloudflareSettings = (model: ResolvedModel): CloudflareSettings => settingsOf(model, VENDOR, CloudflareSettings);
