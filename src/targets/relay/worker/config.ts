/**
 * What the relay Worker is told by the program: a JSON binding (`CONFIG`, Cloudflare's `json`
 * binding type) with the service's relayed alerts, its contacts (by the secret binding that holds
 * each contact's URL or key, never the value), the digest and the delivery policy. Secrets arrive
 * as `secret_text` bindings named below. Shared by the program (which builds it) and the Worker.
 *
 * Bindings: https://developers.cloudflare.com/workers/configuration/multipart-upload-metadata/#bindings
 * (the `bindings` of pulumi-cloudflare's WorkersScript: json, kv_namespace, secret_text).
 */

export type Channel = "slack" | "pagerduty" | "webhook" | "email";

export interface RelayContact {
  type: Channel;
  /** The secret binding holding the Slack webhook URL, the PagerDuty routing key or the webhook URL. */
  secret?: string;
  /** An e-mail contact's address (not a secret). */
  address?: string;
}

export interface RelayRunbook {
  url?: string;
  steps?: string[];
}

/** One business alert: the events it covers and who hears of it. */
export interface RelayEntry {
  key: string;
  name: string;
  severity: "critical" | "warning";
  events: string[];
  runbook?: RelayRunbook;
  /** Contact keys (the definition's notify, else the stack's routing for its severity). */
  contacts: string[];
}

export interface DigestConfig {
  name: string;
  /** Local "HH:MM" and IANA zone; the cron runs at every UTC time this can be, the Worker sends at the one that matches. */
  at: string;
  timeZone: string;
  contacts: string[];
  goals: { monthlyChurnPercent: number; conversionPercent?: number };
  freeUsers?: "zero-amount-subscriptions" | "customers-without-paid-subscription";
  /** UptimeRobot monitors of the service's checks, by the name the program gives them. */
  uptime?: Array<{ key: string; name: string }>;
  /** The service's Sentry project. */
  sentry?: { url: string; organization: string; project: string };
}

export interface RelayConfig {
  service: { key: string; name: string };
  environment: string;
  entries: RelayEntry[];
  contacts: Record<string, RelayContact>;
  /** Resend's sender; the API key is the MAIL_API_KEY secret. */
  mail?: { from: string };
  digest?: DigestConfig;
  /** How long an event id is remembered (KV expirationTtl, at least 60 s). */
  replayTtlSeconds: number;
  delivery: { attempts: number; budgetMs: number; baseDelayMs: number };
  /** The vendors' addresses (tests point them at fakes on 127.0.0.1). */
  api: { stripe: string; pagerduty: string; resend: string; uptimerobot: string };
}

/** Names of the secret bindings. */
export const SECRET = {
  webhook: "STRIPE_WEBHOOK_SECRET",
  mail: "MAIL_API_KEY",
  stripe: "STRIPE_READ_KEY",
  uptimerobot: "UPTIMEROBOT_READ_KEY",
  sentry: "SENTRY_TOKEN",
} as const;

/** The secret binding of a contact's URL or key: `team-slack` → `CONTACT_TEAM_SLACK`. */
export const contactSecret = (key: string): string => `CONTACT_${key.toUpperCase().replace(/-/g, "_")}`;

/** The vendors' own addresses. */
export const VENDOR_APIS: RelayConfig["api"] = {
  stripe: "https://api.stripe.com",
  pagerduty: "https://events.pagerduty.com/v2/enqueue",
  resend: "https://api.resend.com/emails",
  uptimerobot: "https://api.uptimerobot.com/v3",
};
