/**
 * PromQL for the app's metrics: pure functions of the metric-name settings, no Pulumi.
 *
 * Every expression here is what Grafana runs (alert-rule queries and dashboard panels) and is
 * also written to the Prometheus rule file (./rule-file.ts) so that promtool parses and tests it.
 * Keep them free of Grafana template variables such as `$__rate_interval`: promtool must be able
 * to parse exactly the text Grafana receives.
 */
import type { PrometheusMetrics } from "../../model";

/** The rate window of the API alerts and the dashboards' rate panels. */
export const RATE_WINDOW = "5m";

/** A PromQL number: at most 12 significant digits, so 14.4 × 0.001 reads 0.0144. */
export function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** A double-quoted PromQL string literal. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `metric{selector,extra...}`: the settings' selector narrows every query. */
export function series(metric: string, metrics: PrometheusMetrics, ...matchers: string[]): string {
  const all = [metrics.selector.trim(), ...matchers].filter((m) => m !== "");
  return all.length === 0 ? metric : `${metric}{${all.join(",")}}`;
}

/** A database exporter's series: its own selector when one is set, else the app's. */
export function dbSeries(metric: string, metrics: PrometheusMetrics, ...matchers: string[]): string {
  return series(metric, { ...metrics, selector: metrics.databaseSelector ?? metrics.selector }, ...matchers);
}

/**
 * The matcher of a histogram bucket whose upper bound is `seconds`. Clients spell whole bounds
 * differently ("1" from Go, "1.0" from Python; Prometheus 3 normalises to "1.0"), so a whole
 * number matches both spellings. The bound must be one of the histogram's buckets: a threshold
 * between two buckets matches no series and the SLO would never alert (see docs/grafana.md).
 */
export function leMatcher(seconds: number): string {
  const text = num(seconds);
  return Number.isInteger(seconds) ? `le=~${quote(`${text}(\\.0)?`)}` : `le=${quote(text)}`;
}

const errors = (m: PrometheusMetrics) => series(m.requestsTotal, m, `${m.statusLabel}=~${quote(m.errorStatusPattern)}`);
const requests = (m: PrometheusMetrics) => series(m.requestsTotal, m);

/** Error requests per second over `window`; 0 (not "no data") while nothing has failed yet. */
export function errorRate(m: PrometheusMetrics, window: string): string {
  return `(sum(rate(${errors(m)}[${window}])) or vector(0))`;
}

/** Requests per second over `window`. */
export function requestRate(m: PrometheusMetrics, window: string): string {
  return `sum(rate(${requests(m)}[${window}]))`;
}

/** Share (0..1) of requests that failed over `window`. */
export function errorRatio(m: PrometheusMetrics, window: string): string {
  return `${errorRate(m, window)} / ${requestRate(m, window)}`;
}

/** Share (0..1) of requests slower than `thresholdSeconds` over `window`, from the histogram's buckets. */
export function slowRatio(m: PrometheusMetrics, thresholdSeconds: number, window: string): string {
  const fast = `sum(rate(${series(`${m.durationHistogram}_bucket`, m, leMatcher(thresholdSeconds))}[${window}]))`;
  const all = `sum(rate(${series(`${m.durationHistogram}_count`, m)}[${window}]))`;
  return `1 - ${fast} / ${all}`;
}

/** The `percentile` latency in seconds over `window`, estimated from the histogram. */
export function latencyQuantile(m: PrometheusMetrics, percentile: number, window: string, by: string[] = []): string {
  const groups = ["le", ...by].join(", ");
  return `histogram_quantile(${num(percentile / 100)}, sum by (${groups}) (rate(${series(`${m.durationHistogram}_bucket`, m)}[${window}])))`;
}

/** Error share in percent over the rate window (API alert and error-rate panel). */
export function errorPercent(m: PrometheusMetrics, window: string = RATE_WINDOW): string {
  return `100 * ${errorRatio(m, window)}`;
}

export function requestsPerEndpoint(m: PrometheusMetrics, window: string = RATE_WINDOW): string {
  return `sum by (${m.endpointLabel}) (rate(${requests(m)}[${window}]))`;
}

export function activeConnections(m: PrometheusMetrics): string {
  return `sum(${series(m.activeConnections, m)})`;
}

export function dbCpuPercent(m: PrometheusMetrics): string {
  return `max(${dbSeries(m.dbCpuPercent, m)})`;
}

export function dbConnections(m: PrometheusMetrics): string {
  return `sum(${dbSeries(m.dbConnectionsActive, m)})`;
}

/** Connections in use as a percentage of the pool. */
export function dbConnectionsPercentOfPool(m: PrometheusMetrics, poolSize: number): string {
  return `100 * ${dbConnections(m)} / ${num(poolSize)}`;
}

export function dbDiskPercent(m: PrometheusMetrics): string {
  return `max(${dbSeries(m.dbDiskUsedPercent, m)})`;
}

export function dbSlowQueries(m: PrometheusMetrics, window: string): string {
  return `sum(increase(${dbSeries(m.dbSlowQueriesTotal, m)}[${window}]))`;
}

/** 1 while every database instance is up; 0 when one is down or the exporter reports nothing. */
export function dbUp(m: PrometheusMetrics): string {
  return `min(${dbSeries(m.dbUp, m)}) or vector(0)`;
}

/** Ranges (`[5m]`) used in an expression, in seconds: the longest sets a rule query's time range. */
export function longestRangeSeconds(expr: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let longest = 0;
  for (const match of expr.matchAll(/\[(\d+)([smhdw])\]/g)) longest = Math.max(longest, Number(match[1]) * units[match[2]]);
  return longest;
}
