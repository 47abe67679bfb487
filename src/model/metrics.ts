/** Prometheus metrics, dashboards, database and API metric alerts (Grafana), and SLOs. */
import { z } from "zod";
import { alertFields, DurationSchema, keyed, Runbook, Severity } from "./common";
import { label } from "./text";
import { Percentile } from "./alerts";

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
  name: label(200).default("Database"),
  /** Connection pool size the app is configured with. */
  poolSize: z.number().int().positive(),
  /** Queries slower than this count as slow (documentation for the exporter's setting). */
  slowQueryMs: z.number().positive().default(1000),
  alerts: keyed(DatabaseAlert).prefault({}),
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
      title: label(200).optional(),
      percentiles: z.array(Percentile).optional(),
    }),
    z.strictObject({
      kind: z.literal("query"),
      title: label(200),
      expr: z.string().min(1),
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

const window = DurationSchema.default("30d");
export const Slo = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("availability"),
      name: label(200).optional(),
      /** Share of requests that succeed, e.g. 99.9. */
      objectivePercent: z.number().gt(0).lt(100, { error: "expected an objective below 100% (100% leaves no error budget)" }),
      window,
      runbook: Runbook.optional(),
    }),
    z.strictObject({
      kind: z.literal("latency"),
      name: label(200).optional(),
      /** "p95 < 500 ms" is percentile 95, thresholdMs 500: 95% of requests finish within 500 ms. */
      percentile: Percentile,
      thresholdMs: z.number().positive(),
      window,
      runbook: Runbook.optional(),
    }),
    z.strictObject({
      kind: z.literal("error-rate"),
      name: label(200).optional(),
      /** At most this share of requests fail, e.g. 0.1 (1 in 1000). */
      maxErrorPercent: z.number().gt(0).lt(100),
      window,
      runbook: Runbook.optional(),
    }),
  ],
  { error: 'expected an SLO with kind "availability", "latency" or "error-rate"' },
);
export type Slo = z.infer<typeof Slo>;
