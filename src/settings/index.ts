/**
 * Stack settings: everything under the `monitoring:` namespace of `Pulumi.<stack>.yaml`, read
 * into typed values. Each top-level field below is one config key (`monitoring:contacts`,
 * `monitoring:routing`, ...). Unknown keys are errors, so a typo never silently does nothing.
 */
import { z } from "zod";
import { Contact, DurationSchema, Key, Routing, TimeZone } from "../model";
import { issuesOf } from "../model/issues";

export const CONFIG_NAMESPACE = "monitoring";

const Level = z.enum(["error", "warning", "off"], { error: 'expected "error", "warning" or "off"' });
export type Level = z.infer<typeof Level>;

const enabled = z.boolean({ error: "expected true or false" }).default(true);

export const UPTIMEROBOT_PLANS = ["free", "solo", "team", "enterprise"] as const;
export const CLOUDFLARE_PLANS = ["free", "pro", "business", "enterprise"] as const;

export const Settings = z.strictObject({
  /** Environment name used in alert names and Sentry filters; defaults to the stack name. */
  environment: z.string().min(1).optional(),
  /** Per service (by key): what differs per stack. */
  services: z
    .record(
      Key,
      z.strictObject({
        baseUrl: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }).optional(),
      }),
    )
    .default({}),
  contacts: z.record(Key, Contact).default({}),
  routing: Routing.default({ critical: [], warning: [] }),
  checks: z
    .strictObject({
      /** Interval for checks that do not set one. */
      interval: DurationSchema.default("5m"),
    })
    .default({ interval: "5m" }),
  statusPage: z
    .strictObject({
      enabled,
      /** Overrides the definition's custom domain on this stack. */
      customDomain: z.string().optional(),
    })
    .default({ enabled: true }),
  vendors: z
    .strictObject({
      uptimerobot: z
        .strictObject({
          enabled,
          plan: z.enum(UPTIMEROBOT_PLANS, { error: `expected one of ${UPTIMEROBOT_PLANS.join(", ")}` }).default("free"),
          /** Monitors the account's plan allows, when it differs from the plan's usual limit. */
          monitorLimit: z.number().int().positive().optional(),
          /** The account's time zone (UptimeRobot runs maintenance windows in it). */
          accountTimeZone: TimeZone.default("UTC"),
        })
        .default({ enabled: true, plan: "free", accountTimeZone: "UTC" }),
      sentry: z
        .strictObject({
          enabled,
          organization: z.string().regex(/^[a-z0-9_-]+$/, { error: "expected a Sentry organization slug" }).optional(),
          /** Team (numeric id) e-mailed by metric alerts; issue alerts without it mail the issue owners. */
          emailTeamId: z.string().regex(/^\d+$/, { error: "expected a numeric Sentry team id" }).optional(),
          /** Sentry's Slack integration id, needed to route alerts to Slack contacts. */
          slackIntegrationId: z.string().regex(/^\d+$/, { error: "expected a numeric Sentry integration id" }).optional(),
          /** Sentry's PagerDuty integration and the service in it, needed to page through Sentry. */
          pagerduty: z
            .strictObject({
              integrationId: z.string().regex(/^\d+$/, { error: "expected a numeric Sentry integration id" }),
              serviceId: z.string().regex(/^\d+$/, { error: "expected a numeric Sentry PagerDuty service id" }),
            })
            .optional(),
        })
        .default({ enabled: true }),
      cloudflare: z
        .strictObject({
          enabled,
          plan: z.enum(CLOUDFLARE_PLANS, { error: `expected one of ${CLOUDFLARE_PLANS.join(", ")}` }).default("free"),
          zoneId: z.string().regex(/^[0-9a-f]{32}$/, { error: "expected a 32-character Cloudflare zone id" }).optional(),
        })
        .default({ enabled: true, plan: "free" }),
      grafana: z
        .strictObject({
          enabled,
          /** URL of the Prometheus data source to create; left out, use `datasourceUid`. */
          prometheusUrl: z.url().optional(),
          /** uid of an existing Prometheus data source. */
          datasourceUid: z.string().min(1).optional(),
          /** "rules": burn-rate alert rules generated here; "grafana-cloud": Grafana Cloud's SLO resource. */
          slo: z.enum(["rules", "grafana-cloud"]).default("rules"),
        })
        .default({ enabled: true, slo: "rules" }),
      stripe: z
        .strictObject({
          enabled,
          /** Stripe API version pinned on webhook endpoints. */
          apiVersion: z.string().optional(),
        })
        .default({ enabled: true }),
    })
    .default({
      uptimerobot: { enabled: true, plan: "free", accountTimeZone: "UTC" },
      sentry: { enabled: true },
      cloudflare: { enabled: true, plan: "free" },
      grafana: { enabled: true, slo: "rules" },
      stripe: { enabled: true },
    }),
  /** How strictly each policy rule is enforced on this stack. */
  policy: z
    .strictObject({
      criticalReachesPager: Level.default("error"),
      checkHasContact: Level.default("error"),
      alertHasRunbook: Level.default("error"),
    })
    .default({ criticalReachesPager: "error", checkHasContact: "error", alertHasRunbook: "error" }),
});
export type Settings = z.output<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;
export type Vendor = keyof Settings["vendors"];

/**
 * Raw stack config the way the Pulumi CLI hands it to a program: `namespace:key` → string,
 * objects and arrays JSON-encoded.
 */
export type RawConfig = Record<string, string>;

export interface SettingsIssue {
  /** e.g. `monitoring:contacts.oncall.phone` */
  path: string;
  message: string;
}

/** Reads the `monitoring:` keys of a raw config map into typed settings, or every problem. */
export function parseSettings(raw: RawConfig): { settings?: Settings; issues: SettingsIssue[] } {
  const issues: SettingsIssue[] = [];
  const object: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, text] of Object.entries(raw)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    object[key] = decodeConfigValue(text);
  }
  const parsed = Settings.safeParse(object);
  if (!parsed.success) {
    for (const issue of issuesOf(parsed.error, Settings)) {
      issues.push({ path: `${CONFIG_NAMESPACE}:${dotted(issue.path)}`, message: issue.message });
    }
    return { issues };
  }
  return { settings: parsed.data, issues };
}

export function dotted(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number" || /^\d+$/.test(String(part))) out += `[${part}]`;
    else out += out === "" ? String(part) : `.${part}`;
  }
  return out;
}

/** Pulumi passes structured values as JSON text and scalars as plain text. */
function decodeConfigValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}
