/**
 * `monitoring:vendors.relay`: the Cloudflare Worker that receives the Stripe events of business
 * alerts without a `path` or `url` of their own, tells the alert's contacts, and sends the daily
 * digest. Keys and the mail API key are secrets (`pulumi config set --secret --path ...`).
 */
import { z } from "zod";
import { DurationSchema, durationBetween, HttpUrl, TimeOfDay, TimeZone } from "../../model";
import type { ResolvedModel, ResolvedService } from "../../resolve";
import { settingsOf, type SettingsOf } from "../types";

export const VENDOR = "relay";

/** A secret value from stack config: any non-empty text (offline plans see a placeholder). */
const SecretText = z.string().min(1, { error: "expected a non-empty secret (pulumi config set --secret --path ...)" }).meta({ secret: true });

export const RelaySettings = z.strictObject({
  /** The Cloudflare account the Worker runs in (its 32-hex-digit id). */
  accountId: z.string().regex(/^[0-9a-f]{32}$/, { error: "expected the 32-character Cloudflare account id" }).optional(),
  /** The account's workers.dev subdomain: the relay answers at https://<script>.<subdomain>.workers.dev. */
  workersDevSubdomain: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { error: "expected the account's workers.dev subdomain, like finsight" }).optional(),
  /** Workers runtime version the script is written against. */
  compatibilityDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date YYYY-MM-DD" }).default("2025-09-01"),
  /** Cloudflare Workers plan of the account, for `monitoring cost` and its limits. */
  plan: z.enum(["free", "paid"], { error: "expected free or paid" }).default("free"),
  /** E-mail through Resend's API: a verified sender and an API key with sending access. */
  mail: z.strictObject({ from: z.string().min(3), apiKey: SecretText }).optional(),
  /** Read-only keys the digest reads with (restricted Stripe key, UptimeRobot read-only key, Sentry token with event:read). */
  keys: z.strictObject({ stripe: SecretText.optional(), uptimerobot: SecretText.optional(), sentry: SecretText.optional() }).prefault({}),
  /** The digest's time and zone on this stack, over the definition's. */
  digest: z.strictObject({ at: TimeOfDay.optional(), timeZone: TimeZone.optional() }).prefault({}),
  /** How long an event id is remembered, so a replay within it is delivered once (Stripe retries for up to 3 days). */
  replayTtl: durationBetween("1h", "30d").default("4d"),
  /** How many times a channel is tried per delivery before the relay gives up and Stripe retries later. */
  attempts: z.number().int().min(1).max(5).default(3),
  /** Sentry's address (self-hosted Sentry elsewhere). */
  sentryUrl: HttpUrl.default("https://sentry.io"),
  /** Total time the relay spends delivering one event before answering Stripe. */
  deliveryBudget: DurationSchema.default("10s"),
});
export type RelaySettings = SettingsOf<typeof RelaySettings>;

export const relaySettings = (model: ResolvedModel): RelaySettings => settingsOf(model, VENDOR, RelaySettings);

/** Business alerts of a service that the relay receives (no path or url of their own). */
export const relayedAlerts = (service: ResolvedService) => service.stripeAlerts.filter((a) => a.url === undefined);

/** Whether a service needs a relay Worker on this stack. */
export const needsRelay = (service: ResolvedService): boolean => relayedAlerts(service).length > 0 || service.digest !== undefined;

/** The Worker's name: the service, "relay" and the environment, as Cloudflare allows (lowercase, dashes, 63 at most). */
export function scriptName(model: ResolvedModel, service: ResolvedService): string {
  const env = model.environment.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return `${service.key}-relay-${env}`.slice(0, 63).replace(/-+$/, "");
}

/** The path Stripe posts to on the relay. */
export const STRIPE_PATH = "/stripe";

/** Where Stripe delivers a service's relayed events: the Worker's workers.dev address. */
export function relayUrl(model: ResolvedModel, service: ResolvedService): string {
  const sub = relaySettings(model)?.workersDevSubdomain ?? "<workersDevSubdomain>";
  return `https://${scriptName(model, service)}.${sub}.workers.dev${STRIPE_PATH}`;
}
