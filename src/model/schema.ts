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
import { type Duration, isDuration, durationMs } from "./duration";

// ---------------------------------------------------------------------------------------------
// Building blocks

export const KEY_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const Key = z
  .string()
  .regex(KEY_PATTERN, { error: 'expected a lowercase key of letters, digits and dashes, like "api-health"' });

export const DurationSchema = z.custom<Duration>((value) => typeof value === "string" && isDuration(value), {
  error: (issue) =>
    typeof issue.input === "string"
      ? `"${issue.input}" is not a duration (expected a whole number and a unit: ms, s, m, h, d or w, like "5m")`
      : 'expected a duration string like "30s", "5m", "1h" or "30d"',
});

/** A duration within bounds, for messages such as `must be at least 30s`. */
export function durationBetween(min: Duration, max: Duration) {
  return DurationSchema.refine((d) => durationMs(d) >= durationMs(min) && durationMs(d) <= durationMs(max), {
    error: `expected a duration between ${min} and ${max}`,
  });
}

export const Severity = z.enum(["critical", "warning"], {
  error: 'expected severity "critical" (wakes someone) or "warning" (e-mail or Slack)',
});
export type Severity = z.infer<typeof Severity>;

const HttpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

/**
 * A value that is a secret (phone number, webhook URL with a token, integration key).
 * When a stack is planned offline, `secure:` values cannot be decrypted; they arrive as
 * {@link OFFLINE_SECRET}, which passes validation because its real shape cannot be known here.
 */
export const OFFLINE_SECRET = "[secret: encrypted in stack config]";
function secret(shape: z.ZodType<string>, expected: string) {
  return z
    .string({ error: expected })
    .refine((value) => value === OFFLINE_SECRET || shape.safeParse(value).success, { error: expected });
}

const RUNBOOK = "expected a runbook: an http(s) URL, or { url?, steps: [...] }";
export const Runbook = z.union(
  [
    z.url({ protocol: /^https?$/, error: RUNBOOK }),
    z
      .strictObject({
        url: HttpUrl.optional(),
        steps: z.array(z.string().min(1)).min(1, { error: "expected at least one step" }).optional(),
      })
      .refine((r) => r.url !== undefined || r.steps !== undefined, { error: "expected a runbook url or steps" }),
  ],
  { error: RUNBOOK },
);
export type Runbook = z.infer<typeof Runbook>;

/** Fields every alert shares: who hears of it, how loudly, and what to do about it. */
const alertFields = {
  /** Human name shown in the vendor's UI; defaults to the service name and the key. */
  name: z.string().min(1).max(200).optional(),
  severity: Severity.default("warning"),
  runbook: Runbook.optional(),
  /** Contact keys that hear of this alert instead of the stack's routing for its severity. */
  notify: z.array(Key).optional(),
  description: z.string().optional(),
};

// ---------------------------------------------------------------------------------------------
// Contacts and routing (usually written in stack settings, since they differ per environment)

const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/);
const PHONE = "expected a phone number in E.164 form, like +15555550100";
/**
 * UptimeRobot verifies phone numbers in its app, and its API cannot create SMS or voice
 * contacts: give the id of the verified contact so uptime checks can text or call it.
 */
const UPTIMEROBOT_ID = z
  .string()
  .regex(/^\d+$/, { error: "expected the numeric id of the contact verified in UptimeRobot (Integrations & Team → the contact)" })
  .optional();

export const Contact = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("email"), address: z.email({ error: "expected an e-mail address" }) }),
    z.strictObject({ type: z.literal("sms"), phone: secret(E164, PHONE), uptimerobotId: UPTIMEROBOT_ID }),
    z.strictObject({ type: z.literal("voice"), phone: secret(E164, PHONE), uptimerobotId: UPTIMEROBOT_ID }),
    z.strictObject({
      type: z.literal("slack"),
      webhookUrl: secret(z.url({ protocol: /^https$/ }), "expected a Slack incoming-webhook https:// URL"),
      channel: z.string().optional(),
    }),
    z.strictObject({
      type: z.literal("pagerduty"),
      integrationKey: secret(z.string().regex(/^[A-Za-z0-9]{32}$/), "expected a 32-character PagerDuty Events v2 integration key"),
    }),
    z.strictObject({ type: z.literal("webhook"), url: secret(HttpUrl, "expected an http:// or https:// URL") }),
  ],
  { error: 'expected a contact with type "email", "sms", "voice", "slack", "pagerduty" or "webhook"' },
);
export type Contact = z.infer<typeof Contact>;
export type ContactType = Contact["type"];
/** Contact types that wake someone up. */
export const PAGING_CONTACT_TYPES: readonly ContactType[] = ["sms", "voice", "pagerduty"];

export const Routing = z.strictObject({
  critical: z.array(Key).default([]),
  warning: z.array(Key).default([]),
});
export type Routing = z.infer<typeof Routing>;

// ---------------------------------------------------------------------------------------------
// Uptime checks

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const STATUS = "expected an HTTP status code (100-599) or a class like \"2xx\"";
const StatusCode = z.union([
  z.number({ error: STATUS }).int({ error: STATUS }).min(100, { error: STATUS }).max(599, { error: STATUS }),
  z.enum(["1xx", "2xx", "3xx", "4xx", "5xx"]),
], { error: 'expected an HTTP status code (100-599) or a class like "2xx"' });
export type StatusCode = z.infer<typeof StatusCode>;

export const HttpCheck = z
  .strictObject({
    kind: z.literal("http"),
    ...alertFields,
    severity: Severity.default("critical"),
    /** A path under the service's base URL for this stack, such as "/health"... */
    path: z.string().startsWith("/", { error: 'expected a path starting with "/"' }).optional(),
    /** ...or a full URL, for endpoints that are not under the base URL. */
    url: HttpUrl.optional(),
    method: z.enum(HTTP_METHODS).default("GET"),
    headers: z.record(z.string().min(1), z.string()).default({}),
    body: z
      .union([
        z.strictObject({ json: z.unknown() }),
        z.strictObject({ raw: z.string(), contentType: z.string().default("text/plain") }),
      ], { error: "expected a body { json: ... } or { raw: \"...\", contentType? }" })
      .optional(),
    /** Statuses that count as up, e.g. [200, 400] for an endpoint that rejects an empty body. */
    expectStatus: z.array(StatusCode).min(1).default(["2xx", "3xx"]),
    /** Text that must be (or must not be) in the response body. */
    keyword: z
      .strictObject({
        text: z.string().min(1),
        expect: z.enum(["present", "absent"]).default("present"),
        caseSensitive: z.boolean().default(false),
      })
      .optional(),
    timeout: durationBetween("1s", "60s").default("30s"),
    /** How often to check; when left out, the stack's `monitoring:checks.interval`. */
    interval: durationBetween("30s", "1d").optional(),
    /** Alert only after the check has been failing this long (vendor rounds to whole checks). */
    alertAfter: DurationSchema.optional(),
    /** Repeat the alert this often while down; left out, alert once. */
    repeatEvery: DurationSchema.optional(),
    tags: z.array(z.string().min(1)).default([]),
    /** Take over an existing vendor monitor with the same name instead of creating a duplicate. */
    adopt: z.boolean().default(false),
  })
  .refine((c) => (c.path === undefined) !== (c.url === undefined), {
    error: "expected exactly one of path or url",
    path: ["path"],
  })
  .refine((c) => c.body === undefined || !["GET", "HEAD"].includes(c.method), {
    error: "expected a method that carries a body (POST, PUT, PATCH, DELETE or OPTIONS) when body is set",
    path: ["method"],
  });

export const HeartbeatCheck = z.strictObject({
  kind: z.literal("heartbeat"),
  ...alertFields,
  severity: Severity.default("critical"),
  /** How often the job reports in: a cron job running daily has period "1d". */
  period: durationBetween("30s", "7d"),
  /** How late a report may be before it counts as missed. */
  grace: durationBetween("0s", "1d").default("5m"),
  tags: z.array(z.string().min(1)).default([]),
  adopt: z.boolean().default(false),
});

export const Check = z.discriminatedUnion("kind", [HttpCheck, HeartbeatCheck], {
  error: 'expected a check with kind "http" or "heartbeat"',
});
export type Check = z.infer<typeof Check>;
export type HttpCheck = z.infer<typeof HttpCheck>;
export type HeartbeatCheck = z.infer<typeof HeartbeatCheck>;

// ---------------------------------------------------------------------------------------------
// Error alerts (Sentry issue alerts and the failure-rate metric alert)

export const ErrorAlert = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("first-seen"),
      ...alertFields,
      /** Sentry environment filter; left out, the stack's environment. */
      environment: z.string().optional(),
      /** At most one notification per issue in this interval. */
      throttle: DurationSchema.default("30m"),
    }),
    z.strictObject({
      kind: z.literal("event-frequency"),
      ...alertFields,
      /** More than this many events... */
      moreThan: z.number().int().positive({ error: "expected a positive whole number of events" }),
      /** ...within this interval. */
      interval: DurationSchema,
      environment: z.string().optional(),
      throttle: DurationSchema.default("1h"),
    }),
    z.strictObject({
      kind: z.literal("failure-rate"),
      ...alertFields,
      /** Share of failed transactions, in percent (0-100). */
      abovePercent: z.number().gt(0).max(100, { error: "expected a percentage between 0 and 100" }),
      /** A lower share that raises a warning first. */
      warnAbovePercent: z.number().gt(0).max(100).optional(),
      window: DurationSchema,
      environment: z.string().optional(),
    }),
  ],
  { error: 'expected an error alert with kind "first-seen", "event-frequency" or "failure-rate"' },
);
export type ErrorAlert = z.infer<typeof ErrorAlert>;

// ---------------------------------------------------------------------------------------------
// Performance alerts (Sentry metric alerts on transaction duration)

export const Percentile = z.union([z.literal(50), z.literal(75), z.literal(90), z.literal(95), z.literal(99), z.literal(100)], {
  error: "expected a percentile of 50, 75, 90, 95, 99 or 100",
});
export type Percentile = z.infer<typeof Percentile>;

export const LatencyAlert = z.strictObject({
  ...alertFields,
  percentile: Percentile,
  aboveMs: z.number().positive(),
  warnAboveMs: z.number().positive().optional(),
  window: DurationSchema,
  /** Sentry search query narrowing the transactions, e.g. "transaction:/api/v1/*". */
  query: z.string().default(""),
  environment: z.string().optional(),
});
export type LatencyAlert = z.infer<typeof LatencyAlert>;

// ---------------------------------------------------------------------------------------------
// Prometheus metrics, dashboards, database and API metric alerts (Grafana)

/** Names of the app's metrics; defaults follow common Prometheus client conventions. */
export const PrometheusMetrics = z.strictObject({
  /** Label selector the app's queries are narrowed by, e.g. `job="finsight-api"`. */
  selector: z.string().default(""),
  /** Label selector of the database exporter's metrics (it is scraped as its own job); left out, `selector`. */
  databaseSelector: z.string().optional(),
  requestsTotal: z.string().default("http_requests_total"),
  statusLabel: z.string().default("status"),
  endpointLabel: z.string().default("handler"),
  /** Status label values matching this regular expression count as errors. */
  errorStatusPattern: z.string().default("5.."),
  durationHistogram: z.string().default("http_request_duration_seconds"),
  activeConnections: z.string().default("http_active_connections"),
  dbCpuPercent: z.string().default("db_cpu_usage_percent"),
  dbConnectionsActive: z.string().default("pg_stat_activity_count"),
  dbDiskUsedPercent: z.string().default("db_disk_used_percent"),
  dbSlowQueriesTotal: z.string().default("db_slow_queries_total"),
  dbUp: z.string().default("pg_up"),
});
export type PrometheusMetrics = z.infer<typeof PrometheusMetrics>;

export const DatabaseAlert = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("cpu"), ...alertFields, abovePercent: z.number().gt(0).max(100), for: DurationSchema.default("5m") }),
    z.strictObject({
      kind: z.literal("connections"),
      ...alertFields,
      /** Active connections above this share of the pool. */
      abovePercentOfPool: z.number().gt(0).max(100),
      for: DurationSchema.default("5m"),
    }),
    z.strictObject({ kind: z.literal("disk"), ...alertFields, abovePercent: z.number().gt(0).max(100), for: DurationSchema.default("15m") }),
    z.strictObject({
      kind: z.literal("slow-queries"),
      ...alertFields,
      /** More than this many slow queries (as the exporter counts them)... */
      moreThan: z.number().int().nonnegative(),
      /** ...within this window. */
      window: DurationSchema.default("5m"),
    }),
    z.strictObject({ kind: z.literal("down"), ...alertFields, severity: Severity.default("critical"), for: DurationSchema.default("1m") }),
  ],
  { error: 'expected a database alert with kind "cpu", "connections", "disk", "slow-queries" or "down"' },
);
export type DatabaseAlert = z.infer<typeof DatabaseAlert>;

export const Database = z.strictObject({
  name: z.string().default("Database"),
  /** Connection pool size the app is configured with. */
  poolSize: z.number().int().positive(),
  /** Queries slower than this count as slow (documentation for the exporter's setting). */
  slowQueryMs: z.number().positive().default(1000),
  alerts: z.record(Key, DatabaseAlert).default({}),
});
export type Database = z.infer<typeof Database>;

export const MetricAlert = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("latency"), ...alertFields, percentile: Percentile, aboveMs: z.number().positive(), for: DurationSchema.default("5m") }),
    z.strictObject({ kind: z.literal("error-rate"), ...alertFields, abovePercent: z.number().gt(0).max(100), for: DurationSchema.default("5m") }),
  ],
  { error: 'expected a metric alert with kind "latency" or "error-rate"' },
);
export type MetricAlert = z.infer<typeof MetricAlert>;

export const PANEL_KINDS = [
  "requests-per-endpoint",
  "latency-percentiles",
  "error-rate",
  "active-connections",
  "db-cpu",
  "db-connections",
  "db-disk",
  "db-slow-queries",
  "slo-error-budget",
  "slo-burn-rate",
] as const;

export const Panel = z.union(
  [
    z.strictObject({
      kind: z.enum(PANEL_KINDS),
      title: z.string().optional(),
      percentiles: z.array(Percentile).optional(),
    }),
    z.strictObject({
      kind: z.literal("query"),
      title: z.string().min(1),
      expr: z.string().min(1),
      unit: z.string().default("short"),
    }),
  ],
  { error: `expected a panel with kind ${PANEL_KINDS.map((k) => `"${k}"`).join(", ")} or "query"` },
);
export type Panel = z.infer<typeof Panel>;

export const Dashboard = z.strictObject({
  title: z.string().min(1),
  panels: z.array(Panel).min(1),
  refresh: DurationSchema.default("1m"),
  timeRange: DurationSchema.default("6h"),
});
export type Dashboard = z.infer<typeof Dashboard>;

// ---------------------------------------------------------------------------------------------
// SLOs (the guide's "Key Metrics"), expanded into burn-rate alerts

const window = DurationSchema.default("30d");
export const Slo = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("availability"),
      name: z.string().optional(),
      /** Share of requests that succeed, e.g. 99.9. */
      objectivePercent: z.number().gt(0).lt(100, { error: "expected an objective below 100% (100% leaves no error budget)" }),
      window,
      runbook: Runbook.optional(),
    }),
    z.strictObject({
      kind: z.literal("latency"),
      name: z.string().optional(),
      /** "p95 < 500 ms" is percentile 95, thresholdMs 500: 95% of requests finish within 500 ms. */
      percentile: Percentile,
      thresholdMs: z.number().positive(),
      window,
      runbook: Runbook.optional(),
    }),
    z.strictObject({
      kind: z.literal("error-rate"),
      name: z.string().optional(),
      /** At most this share of requests fail, e.g. 0.1 (1 in 1000). */
      maxErrorPercent: z.number().gt(0).lt(100),
      window,
      runbook: Runbook.optional(),
    }),
  ],
  { error: 'expected an SLO with kind "availability", "latency" or "error-rate"' },
);
export type Slo = z.infer<typeof Slo>;

// ---------------------------------------------------------------------------------------------
// Rate limits (Cloudflare)

export const RATE_LIMIT_ACTIONS = ["block", "managed_challenge", "js_challenge", "challenge", "log"] as const;
export const RateLimit = z
  .strictObject({
    description: z.string().optional(),
    /** Requests whose path starts with this... */
    path: z.string().startsWith("/", { error: 'expected a path starting with "/"' }).optional(),
    /** ...or a Cloudflare rules-language expression, for anything else. */
    expression: z.string().min(1).optional(),
    methods: z.array(z.enum(HTTP_METHODS)).optional(),
    /** At most this many requests per client... */
    requests: z.number().int().positive(),
    /** ...in this period. */
    period: DurationSchema,
    action: z.enum(RATE_LIMIT_ACTIONS).default("block"),
    /** How long the action lasts once triggered. */
    mitigationTimeout: DurationSchema.default("10s"),
    enabled: z.boolean().default(true),
  })
  .refine((r) => (r.path === undefined) !== (r.expression === undefined), {
    error: "expected exactly one of path or expression",
    path: ["path"],
  });
export type RateLimit = z.infer<typeof RateLimit>;

// ---------------------------------------------------------------------------------------------
// Business alerts (Stripe webhooks)

export const StripeAlert = z
  .strictObject({
    ...alertFields,
    /** Stripe event types, e.g. "invoice.payment_failed". */
    events: z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)+$|^\*$/, { error: 'expected a Stripe event type like "invoice.payment_failed"' })).min(1),
    /** Where Stripe delivers the events: a path under the service's base URL... */
    path: z.string().startsWith("/").optional(),
    /** ...or a full https URL. */
    url: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((a) => (a.path === undefined) !== (a.url === undefined), { error: "expected exactly one of path or url", path: ["path"] });
export type StripeAlert = z.infer<typeof StripeAlert>;

// ---------------------------------------------------------------------------------------------
// Status page and maintenance windows

export const StatusPage = z.strictObject({
  title: z.string().min(1),
  /** Keys of this service's checks shown on the page. */
  checks: z.array(Key).min(1),
  /** A custom domain such as status.example.com; a stack may override it. */
  customDomain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, { error: "expected a host name like status.example.com" }).optional(),
});
export type StatusPage = z.infer<typeof StatusPage>;

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time of day "HH:MM" (24-hour)' });
export const TimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'expected an IANA time zone like "UTC" or "Europe/Berlin"' },
);
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const windowFields = {
  name: z.string().optional(),
  duration: durationBetween("1m", "7d"),
  timeZone: TimeZone.default("UTC"),
  /** Keys of the checks paused in this window; left out, all of the service's checks. */
  checks: z.array(Key).optional(),
};
export const MaintenanceWindow = z.discriminatedUnion(
  "repeat",
  [
    z.strictObject({
      repeat: z.literal("once"),
      ...windowFields,
      start: z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a local start "YYYY-MM-DDTHH:MM"' }),
    }),
    z.strictObject({ repeat: z.literal("daily"), ...windowFields, at: TimeOfDay }),
    z.strictObject({ repeat: z.literal("weekly"), ...windowFields, at: TimeOfDay, days: z.array(z.enum(WEEKDAYS)).min(1) }),
    z.strictObject({
      repeat: z.literal("monthly"),
      ...windowFields,
      at: TimeOfDay,
      /** Day of the month, 1-31, or -1 for the last day. */
      dayOfMonth: z.number().int().min(-1).max(31).refine((d) => d !== 0, { error: "expected 1-31, or -1 for the last day" }),
    }),
  ],
  { error: 'expected a maintenance window with repeat "once", "daily", "weekly" or "monthly"' },
);
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

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
});

/** What a team writes: defaults may be left out. */
export type ServiceDefinition = z.input<typeof Service>;
/** The same definition with every default filled in. */
export type ParsedService = z.output<typeof Service>;
