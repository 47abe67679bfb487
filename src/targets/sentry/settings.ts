/** `monitoring:vendors.sentry`: the organization and the integrations alerts deliver through. */
import { z } from "zod";
import type { ResolvedModel } from "../../resolve";
import { settingsOf, type SettingsOf } from "../types";

export const VENDOR = "sentry";

/**
 * Where the organization's performance alerts read from (see ./kinds/metric-alert.ts): Sentry
 * refuses `transactions` where performance metrics are on, and both `transactions` and
 * `generic_metrics` past the transactions deprecation (then: `spans`).
 */
export const PERFORMANCE_DATASETS = ["transactions", "generic_metrics", "spans"] as const;
export type PerformanceDataset = (typeof PERFORMANCE_DATASETS)[number];

export const SentrySettings = z.strictObject({
  organization: z.string().regex(/^[a-z0-9_-]+$/, { error: "expected a Sentry organization slug" }).optional(),
  /** Team (numeric id) e-mailed by metric alerts; issue alerts without it mail the issue owners. */
  emailTeamId: z.string().regex(/^\d{1,19}$/, { error: "expected a numeric Sentry team id" }).optional(),
  /** Sentry's Slack integration id, needed to route alerts to Slack contacts. */
  slackIntegrationId: z.string().regex(/^\d{1,19}$/, { error: "expected a numeric Sentry integration id" }).optional(),
  /** Sentry's PagerDuty integration and the service in it, needed to page through Sentry. */
  pagerduty: z
    .strictObject({
      integrationId: z.string().regex(/^\d{1,19}$/, { error: "expected a numeric Sentry integration id" }),
      serviceId: z.string().regex(/^\d{1,19}$/, { error: "expected a numeric Sentry PagerDuty service id" }),
    })
    .optional(),
  /** The dataset of failure-rate and latency alerts: what the organization accepts. */
  performanceDataset: z.enum(PERFORMANCE_DATASETS, { error: 'expected "transactions", "generic_metrics" or "spans" (what the Sentry organization accepts for performance alerts)' }).default("transactions"),
});
export type SentrySettings = SettingsOf<typeof SentrySettings>;

export const sentrySettings = (model: ResolvedModel): SentrySettings => settingsOf(model, VENDOR, SentrySettings);

/** Who a service's warning triggers reach: `monitoring:services.<key>.routing.warning`, else `monitoring:routing.warning`. */
export function warningRoute(model: ResolvedModel, serviceKey: string): readonly string[] {
  const own = Object.hasOwn(model.settings.services, serviceKey) ? model.settings.services[serviceKey] : undefined;
  return own?.routing?.warning ?? model.settings.routing.warning;
}
