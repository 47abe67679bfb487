/**
 * PromQL for the app's metrics: pure functions of the metric-name settings, no Pulumi.
 *
 * Every expression here is what Grafana runs (alert-rule queries and dashboard panels) and is
 * also written to the Prometheus rule file (./rule-file.ts) so that promtool parses and tests it.
 * Keep them free of Grafana template variables such as `$__rate_interval`: promtool must be able
 * to parse exactly the text Grafana receives.
 */
import { parseSelector, quotePromString, renderMatcher, type PrometheusMetrics } from "../../model";

/** The rate window of the API alerts and the dashboards' rate panels. */
export const RATE_WINDOW = "5m";

/** A PromQL number: at most 12 significant digits, so 14.4 × 0.001 reads 0.0144. */
export function num(value: number): string {
  // Whole numbers of at most 12 digits (most thresholds, windows and bucket bounds) print as they are.
  if (Number.isInteger(value) && Math.abs(value) < 1e12) return String(value);
  return String(Number(value.toPrecision(12)));
}

/** A double-quoted PromQL string literal (backslashes, quotes and control characters escaped). */
export const quote = quotePromString;

/**
 * The settings' selector as matchers written back by construction: parsed the way Prometheus
 * parses it (validated in the definition already), every value quoted here, never pasted.
 */
function selectorMatchers(selector: string): readonly string[] {
  let rendered = renderedSelectors.get(selector);
  if (rendered === undefined) {
    const parsed = parseSelector(selector);
    if ("error" in parsed) throw new Error(`selector ${JSON.stringify(selector)} reached PromQL unvalidated: ${parsed.error}`);
    rendered = Object.freeze(parsed.matchers.map(renderMatcher));
    // A service's selector is in every query of its rules and panels: parsed (its regexes compiled)
    // once, not once per query. Bounded, for a long-running process that plans many projects.
    if (renderedSelectors.size >= 1000) renderedSelectors.clear();
    renderedSelectors.set(selector, rendered);
  }
  return rendered;
}
const renderedSelectors = new Map<string, readonly string[]>();

/** An alert's own selector (validated in the definition) as matchers, after the service's. */
export function extraMatchers(selector: string | undefined): string[] {
  return selector === undefined ? [] : [...selectorMatchers(selector)];
}

/** `metric{selector,extra...}`: the settings' selector narrows every query. */
export function series(metric: string, metrics: PrometheusMetrics, ...matchers: string[]): string {
  const all = [...selectorMatchers(metrics.selector), ...matchers];
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

const fastRate = (m: PrometheusMetrics, thresholdSeconds: number, window: string) => `sum(rate(${series(`${m.durationHistogram}_bucket`, m, leMatcher(thresholdSeconds))}[${window}]))`;
const timedRate = (m: PrometheusMetrics, window: string) => `sum(rate(${series(`${m.durationHistogram}_count`, m)}[${window}]))`;

/** Share (0..1) of requests slower than `thresholdSeconds` over `window`, from the histogram's buckets. */
export function slowRatio(m: PrometheusMetrics, thresholdSeconds: number, window: string): string {
  return `1 - ${fastRate(m, thresholdSeconds, window)} / ${timedRate(m, window)}`;
}

/** Requests per second slower than `thresholdSeconds` over `window`. */
export function slowRate(m: PrometheusMetrics, thresholdSeconds: number, window: string): string {
  return `${timedRate(m, window)} - ${fastRate(m, thresholdSeconds, window)}`;
}

/** Events per second an SLO counts: requests, or timed requests (the histogram's count) for a latency SLO. */
export function eventRate(m: PrometheusMetrics, timed: boolean, window: string): string {
  return timed ? timedRate(m, window) : requestRate(m, window);
}

/** The `percentile` latency in seconds over `window`, estimated from the histogram. */
export function latencyQuantile(m: PrometheusMetrics, percentile: number, window: string, by: string[] = []): string {
  const groups = ["le", ...by].join(", ");
  return `histogram_quantile(${num(percentile / 100)}, sum by (${groups}) (rate(${series(`${m.durationHistogram}_bucket`, m)}[${window}])))`;
}

/** The `percentile` of any histogram over `window`, in the histogram's own unit. */
export function histogramQuantile(metric: string, m: PrometheusMetrics, matchers: readonly string[], percentile: number, window: string): string {
  return `histogram_quantile(${num(percentile / 100)}, sum by (le) (rate(${series(`${metric}_bucket`, m, ...matchers)}[${window}])))`;
}

/** A counter's rate over `window`, per second times `perSeconds`; 0 (not "no data") while the counter is absent. */
export function counterRate(metric: string, m: PrometheusMetrics, matchers: readonly string[], window: string, perSeconds: number): string {
  const rate = `(sum(rate(${series(metric, m, ...matchers)}[${window}])) or vector(0))`;
  return perSeconds === 1 ? rate : `${rate} * ${num(perSeconds)}`;
}

/** A gauge's highest series. */
export function gaugeMax(metric: string, m: PrometheusMetrics, matchers: readonly string[]): string {
  return `max(${series(metric, m, ...matchers)})`;
}

/** Error share in percent over the rate window (API alert and error-rate panel). */
export function errorPercent(m: PrometheusMetrics, window: string = RATE_WINDOW): string {
  return `100 * ${errorRatio(m, window)}`;
}

export function requestsPerEndpoint(m: PrometheusMetrics, window: string = RATE_WINDOW): string {
  return `sum by (${m.endpointLabel}) (rate(${requests(m)}[${window}]))`;
}

/** The `top` endpoints by requests per second. */
export function topEndpoints(m: PrometheusMetrics, top: number, window: string = RATE_WINDOW): string {
  return `topk(${top}, ${requestsPerEndpoint(m, window)})`;
}

/** The `top` endpoints by failed requests per second. */
export function failuresPerEndpoint(m: PrometheusMetrics, top: number, window: string = RATE_WINDOW): string {
  return `topk(${top}, sum by (${m.endpointLabel}) (rate(${errors(m)}[${window}])))`;
}

/** The `top` clients by requests per second (`clientLabel` names the client). */
export function callsPerClient(m: PrometheusMetrics, clientLabel: string, top: number, window: string = RATE_WINDOW): string {
  return `topk(${top}, sum by (${clientLabel}) (rate(${requests(m)}[${window}])))`;
}

/** Clients that made at least one request within `window` (daily active clients for "1d"). */
export function activeClients(m: PrometheusMetrics, clientLabel: string, window: string): string {
  return `count(sum by (${clientLabel}) (increase(${requests(m)}[${window}])) > 0) or vector(0)`;
}

/** Requests per active client within `window`: average usage. */
export function callsPerActiveClient(m: PrometheusMetrics, clientLabel: string, window: string): string {
  return `sum(increase(${requests(m)}[${window}])) / count(sum by (${clientLabel}) (increase(${requests(m)}[${window}])) > 0)`;
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
