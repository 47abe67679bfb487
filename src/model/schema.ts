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
import { HttpUrl, Key } from "./common";
import { LogSource } from "./logs";
import { Dashboard, Database, MetricAlert, PrometheusMetrics, Slo } from "./metrics";

export * from "./common";
export * from "./checks";
export * from "./alerts";
export * from "./metrics";
export * from "./prometheus";
export * from "./logs";

// ---------------------------------------------------------------------------------------------
// The service: everything above for one deployable

export const Service = z.strictObject({
  key: Key,
  name: z.string().min(1),
  description: z.string().optional(),
  /** The base URL when the stack does not set `monitoring:services.<key>.baseUrl`. */
  baseUrl: HttpUrl.optional(),
  /** Sentry project slug the error and performance alerts watch. */
  sentryProject: z.string().regex(/^[a-z0-9_-]+$/, { error: "expected a Sentry project slug" }).optional(),
  checks: z.record(Key, Check).default({}),
  errors: z.record(Key, ErrorAlert).default({}),
  performance: z.record(Key, LatencyAlert).default({}),
  metrics: PrometheusMetrics.default(PrometheusMetrics.parse({})),
  metricAlerts: z.record(Key, MetricAlert).default({}),
  database: Database.optional(),
  dashboards: z.record(Key, Dashboard).default({}),
  slos: z.record(Key, Slo).default({}),
  rateLimits: z.record(Key, RateLimit).default({}),
  business: z.strictObject({ stripe: z.record(Key, StripeAlert).default({}) }).default({ stripe: {} }),
  statusPage: StatusPage.optional(),
  maintenance: z.record(Key, MaintenanceWindow).default({}),
  /** Log sources the service ships its logs to (Better Stack), by stable key. */
  logs: z.record(Key, LogSource).default({}),
});

/** What a team writes: defaults may be left out. */
export type ServiceDefinition = z.input<typeof Service>;
/** The same definition with every default filled in. */
export type ParsedService = z.output<typeof Service>;
