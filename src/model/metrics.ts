/** Prometheus metrics, dashboards, database and API metric alerts (Grafana), and SLOs. */
import { z } from "zod";
import { alertFields, DurationSchema, keyed, Runbook, Severity } from "./common";
import { label } from "./text";
import { Percentile } from "./alerts";
import { LABEL_NAME, LABEL_NAME_EXPECTED, METRIC_NAME, METRIC_NAME_EXPECTED, parseSelector, promqlTextProblem, regexProblem, SELECTOR_EXPECTED } from "./prometheus";

// ---------------------------------------------------------------------------------------------
// Prometheus metrics, dashboards, database and API metric alerts (Grafana)

const MetricName = z.string().regex(METRIC_NAME, { error: (issue) => `${JSON.stringify(issue.input)} is not a metric name (${METRIC_NAME_EXPECTED})` });
const LabelName = z.string().regex(LABEL_NAME, { error: (issue) => `${JSON.stringify(issue.input)} is not a label name (${LABEL_NAME_EXPECTED})` });
/** Label matchers as text, parsed the way Prometheus parses them (and written back quoted). */
const Selector = z.string().superRefine((text, ctx) => {
  const parsed = parseSelector(text);
  if ("error" in parsed) ctx.addIssue({ code: "custom", message: `${JSON.stringify(text)} is not a label selector: ${parsed.error} (${SELECTOR_EXPECTED})` });
});
/** A regular expression Prometheus compiles (RE2 syntax, anchored). */
const PromRegex = z.string().superRefine((text, ctx) => {
  const problem = regexProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: `${JSON.stringify(text)} is not a regular expression Prometheus compiles: ${problem} (expected RE2 syntax, like "5.." or "5[0-9]{2}")` });
});
/** A PromQL query written by hand (a custom panel): strings, brackets and regexes must be whole. */
export const PromqlText = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const problem = promqlTextProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: `not a PromQL expression: ${problem} (expected a query Prometheus parses, like sum(rate(payments_total[5m])))` });
  });

/** Names of the app's metrics; defaults follow common Prometheus client conventions. */
export const PrometheusMetrics = z.strictObject({
  /** Label selector the app's queries are narrowed by, e.g. `job="finsight-api"`. */
  selector: Selector.default(""),
  /** Label selector of the database exporter's metrics (it is scraped as its own job); left out, `selector`. */
  databaseSelector: Selector.optional(),
  requestsTotal: MetricName.default("http_requests_total"),
  statusLabel: LabelName.default("status"),
  endpointLabel: LabelName.default("handler"),
  /** The label naming the API client or user, when requests carry one (the product dashboard's per-client panels). */
  clientLabel: LabelName.optional(),
  /** Status label values matching this regular expression count as errors. */
  errorStatusPattern: PromRegex.default("5.."),
  durationHistogram: MetricName.default("http_request_duration_seconds"),
  activeConnections: MetricName.default("http_active_connections"),
  dbCpuPercent: MetricName.default("db_cpu_usage_percent"),
  dbConnectionsActive: MetricName.default("pg_stat_activity_count"),
  dbDiskUsedPercent: MetricName.default("db_disk_used_percent"),
  dbSlowQueriesTotal: MetricName.default("db_slow_queries_total"),
  dbUp: MetricName.default("pg_up"),
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
  name: label(200).default("Database"),
  /** Connection pool size the app is configured with. */
  poolSize: z.number().int().positive(),
  /** Queries slower than this count as slow (documentation for the exporter's setting). */
  slowQueryMs: z.number().positive().default(1000),
  alerts: keyed(DatabaseAlert).prefault({}),
});
export type Database = z.infer<typeof Database>;

/** Fields of the alerts on any metric of the app (not only its HTTP requests): which series, and the rule group they go in. */
const anyMetric = {
  /** The metric's name: a histogram's base name (without _bucket), a counter's or a gauge's. */
  metric: MetricName,
  /** Label matchers narrowing it beyond the service's selector, e.g. `queue="invoices"`. */
  selector: Selector.optional(),
  /** The Grafana rule group (and Prometheus rule group) it is evaluated in. */
  group: label(100).default("Metrics"),
  for: DurationSchema.default("5m"),
};
/** One of a threshold's sides. */
const exactlyOneSide = (a: { above?: number; below?: number }) => (a.above === undefined) !== (a.below === undefined);

export const MetricAlert = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("latency"), ...alertFields, percentile: Percentile, aboveMs: z.number().positive(), for: DurationSchema.default("5m") }),
    z.strictObject({ kind: z.literal("error-rate"), ...alertFields, abovePercent: z.number().gt(0).max(100), for: DurationSchema.default("5m") }),
    /** A percentile of any histogram: "queue wait p95 above 30 s". */
    z.strictObject({
      kind: z.literal("histogram"),
      ...alertFields,
      ...anyMetric,
      percentile: Percentile,
      above: z.number().positive(),
      /** The unit `above` is written in. */
      unit: z.enum(["s", "ms"]).default("s"),
      /** The unit the histogram records (Prometheus's convention is seconds). */
      metricUnit: z.enum(["seconds", "milliseconds"]).default("seconds"),
    }),
    /** A counter's rate: "more than 5 failed invoices a minute", "fewer than 1 job a minute". */
    z
      .strictObject({
        kind: z.literal("rate"),
        ...alertFields,
        ...anyMetric,
        above: z.number().nonnegative().optional(),
        below: z.number().positive().optional(),
        per: z.enum(["second", "minute", "hour"]).default("second"),
        /** The rate's window. */
        window: DurationSchema.default("5m"),
      })
      .refine(exactlyOneSide, { error: "expected exactly one of above or below", path: ["above"] }),
    /** A gauge's value (the highest series): "queue depth above 1000". */
    z
      .strictObject({
        kind: z.literal("gauge"),
        ...alertFields,
        ...anyMetric,
        above: z.number().optional(),
        below: z.number().optional(),
        /** What the value counts, for the alert's wording ("jobs", "bytes"). */
        unit: label(40).optional(),
      })
      .refine(exactlyOneSide, { error: "expected exactly one of above or below", path: ["above"] }),
  ],
  { error: 'expected a metric alert with kind "latency", "error-rate", "histogram", "rate" or "gauge"' },
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
  "top-endpoints",
  "failures-per-endpoint",
  "calls-per-client",
  "active-clients",
] as const;

export const Panel = z.union(
  [
    z.strictObject({
      kind: z.enum(PANEL_KINDS),
      title: label(200).optional(),
      percentiles: z.array(Percentile).optional(),
      /** Product panels: how many endpoints or clients to show (topk), so the query stays bounded. */
      top: z.number().int().min(1).max(50).optional(),
    }),
    z.strictObject({
      kind: z.literal("query"),
      title: label(200),
      expr: PromqlText,
      unit: z.string().default("short"),
    }),
  ],
  { error: `expected a panel with kind ${PANEL_KINDS.map((k) => `"${k}"`).join(", ")} or "query"` },
);
export type Panel = z.infer<typeof Panel>;

export const Dashboard = z.strictObject({
  title: label(200),
  panels: z.array(Panel).min(1),
  refresh: DurationSchema.default("1m"),
  timeRange: DurationSchema.default("6h"),
});
export type Dashboard = z.infer<typeof Dashboard>;

// ---------------------------------------------------------------------------------------------
// SLOs (the guide's "Key Metrics"), expanded into burn-rate alerts

/** One pair of a multi-window burn-rate alert: the bad ratio over both windows above `factor` × the error budget. */
export const BurnRatePair = z.strictObject({
  long: DurationSchema,
  short: DurationSchema,
  /** How many times faster than exactly on budget the errors arrive, e.g. 14.4. */
  factor: z.number().positive(),
});
export type BurnRatePair = z.infer<typeof BurnRatePair>;

/** The page and ticket pairs of an SLO (the SRE workbook's table is built in for 28d and 30d windows). */
export const BurnRateTable = z.strictObject({
  page: z.array(BurnRatePair).min(1).max(4),
  ticket: z.array(BurnRatePair).min(1).max(4),
});
export type BurnRateTable = z.infer<typeof BurnRateTable>;

/** Which alerts an SLO sends: the page and the ticket are on unless switched off. */
export const SloAlerts = z
  .strictObject({
    /** Critical: the fast pairs, `(1h ∧ 5m) ∨ (6h ∧ 30m)` for a 30-day window. */
    page: z.boolean().default(true),
    /** Warning: the slow pairs, `(1d ∧ 2h) ∨ (3d ∧ 6h)` for a 30-day window. */
    ticket: z.boolean().default(true),
    /** Warning once the whole error budget of the SLO window is spent. */
    budgetExhausted: z.boolean().default(false),
  })
  .prefault({});
export type SloAlerts = z.infer<typeof SloAlerts>;

const window = DurationSchema.default("30d");
const sloFields = {
  name: label(200).optional(),
  window,
  runbook: Runbook.optional(),
  alerts: SloAlerts,
  /** Burn-rate pairs for this SLO; required for a window other than 28d or 30d. */
  burnRates: BurnRateTable.optional(),
};
export const Slo = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("availability"),
      /** Share of requests that succeed, e.g. 99.9. */
      objectivePercent: z.number().gt(0).lt(100, { error: "expected an objective below 100% (100% leaves no error budget)" }),
      ...sloFields,
    }),
    z.strictObject({
      kind: z.literal("latency"),
      /** "p95 < 500 ms" is percentile 95, thresholdMs 500: 95% of requests finish within 500 ms. */
      percentile: Percentile,
      thresholdMs: z.number().positive(),
      ...sloFields,
    }),
    z.strictObject({
      kind: z.literal("error-rate"),
      /** At most this share of requests fail, e.g. 0.1 (1 in 1000). */
      maxErrorPercent: z.number().gt(0).lt(100),
      ...sloFields,
    }),
  ],
  { error: 'expected an SLO with kind "availability", "latency" or "error-rate"' },
);
export type Slo = z.infer<typeof Slo>;
