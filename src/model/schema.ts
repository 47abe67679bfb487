/**
 * The definition language. Every concern of a service's alerting is a zod schema; the
 * TypeScript types are inferred from them, so an editor completes and checks definitions and
 * the same schemas report every mistake at once, each with its path.
 *
 * Objects are strict: a misspelt field is an error, not a silently ignored setting.
 * Collections that become resources are records keyed by a stable key (never arrays), so that
 * adding or reordering one entry never renames the others.
 */
import { z } from "zod";
import { ErrorAlert, LatencyAlert, RateLimit, StripeAlert } from "./alerts";
import { Check, MaintenanceWindow, StatusPage } from "./checks";
import { HttpUrl, Key, keyed } from "./common";
import { label, text } from "./text";
import { LogSource } from "./logs";
import { Dashboard, Database, MetricAlert, PrometheusMetrics, Slo } from "./metrics";
import { Digest } from "./digest";

export * from "./common";
export * from "./checks";
export * from "./alerts";
export * from "./metrics";
export * from "./prometheus";
export * from "./text";
export * from "./urls";
export * from "./digest";
export * from "./logs";

// ---------------------------------------------------------------------------------------------
// The service: everything above for one deployable

export const Service = z.strictObject({
  key: Key,
  name: label(200),
  description: text(2000).optional(),
  /** The base URL when the stack does not set `monitoring:services.<key>.baseUrl`. */
  baseUrl: HttpUrl.optional(),
  /** Sentry project slug the error and performance alerts watch. */
  sentryProject: z.string().regex(/^[a-z0-9_-]{1,100}$/, { error: "expected a Sentry project slug (lowercase letters, digits, - and _)" }).optional(),
  checks: keyed(Check).prefault({}),
  errors: keyed(ErrorAlert).prefault({}),
  performance: keyed(LatencyAlert).prefault({}),
  metrics: PrometheusMetrics.default(PrometheusMetrics.parse({})),
  metricAlerts: keyed(MetricAlert).prefault({}),
  database: Database.optional(),
  dashboards: keyed(Dashboard).prefault({}),
  slos: keyed(Slo).prefault({}),
  rateLimits: keyed(RateLimit).prefault({}),
  business: z.strictObject({ stripe: keyed(StripeAlert).prefault({}), digest: Digest.optional() }).prefault({}),
  statusPage: StatusPage.optional(),
  maintenance: keyed(MaintenanceWindow).prefault({}),
  /** Log sources the service ships its logs to (Better Stack), by stable key. */
  logs: keyed(LogSource).prefault({}),
});

/** What a team writes: defaults may be left out. */
export type ServiceDefinition = z.input<typeof Service>;
/** The same definition with every default filled in. */
export type ParsedService = z.output<typeof Service>;
