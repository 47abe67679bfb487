/**
 * Alert rules of a service as data: database alerts, API alerts and SLO burn-rate alerts, each
 * with its PromQL, condition, `for`, labels and annotations. Pure: no Pulumi.
 *
 * One spec feeds both outputs, so they cannot disagree:
 * - Grafana (./index.ts): the queries become data nodes, the condition expression nodes;
 * - the Prometheus rule file (./rule-file.ts): `promExpr`, which promtool checks and tests.
 */
import { createHash } from "node:crypto";
import { durationMs, formatSeconds, type Duration, type Runbook } from "../../model";
import type { ResolvedDatabaseAlert, ResolvedMetricAlert, ResolvedModel, ResolvedService, ResolvedSlo } from "../../resolve";
import * as q from "./promql";
import { routeLabels } from "./routing";
import { grafanaSettings } from "./settings";

export type RuleGroupKind = "api" | "database" | "slo";

export interface QuerySpec {
  refId: string;
  expr: string;
}

/**
 * `above` / `below`: the single query A against a threshold.
 * `all-above`: every query above the threshold (multi-window burn rate: long AND short window).
 */
export type ConditionSpec = { kind: "above" | "below" | "all-above"; value: number };

export interface AlertRuleSpec {
  /** Stable uid from the service and alert keys (Grafana allows 40 characters). */
  uid: string;
  /** Rule title in Grafana, alert name in the Prometheus rule file. */
  title: string;
  group: RuleGroupKind;
  queries: QuerySpec[];
  condition: ConditionSpec;
  /** How long the condition must hold; "0s" fires on the first evaluation that sees it. */
  for: Duration;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The same alert as one PromQL expression (Prometheus rule file). */
  promExpr: string;
}

export interface RecordingRuleSpec {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** Grafana's uid limit. */
export const UID_MAX = 40;

/** A uid from stable keys: readable when short, shortened with a hash of the whole when not. */
export function grafanaUid(...parts: string[]): string {
  const full = parts.join("-");
  if (full.length <= UID_MAX) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, UID_MAX - 9).replace(/-+$/, "")}-${hash}`;
}

/** The PromQL of a condition over its queries. */
export function conditionExpr(queries: readonly QuerySpec[], condition: ConditionSpec): string {
  const op = condition.kind === "below" ? "<" : ">";
  return queries.map((query) => `(${query.expr}) ${op} ${q.num(condition.value)}`).join(" and ");
}

function runbookAnnotations(runbook: Runbook | undefined, description: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const url = typeof runbook === "string" ? runbook : runbook?.url;
  const steps = typeof runbook === "string" ? undefined : runbook?.steps;
  const text = [description, steps?.map((s, i) => `${i + 1}. ${s}`).join("\n")].filter((t): t is string => t !== undefined && t !== "");
  if (text.length > 0) out.description = text.join("\n\n");
  if (url) out.runbook_url = url;
  return out;
}

function spec(
  model: ResolvedModel,
  service: ResolvedService,
  group: RuleGroupKind,
  alert: { key: string; name: string; severity: ResolvedMetricAlert["severity"]; contacts: string[]; runbook?: Runbook; description?: string },
  queries: QuerySpec[],
  condition: ConditionSpec,
  forDuration: Duration,
  summary: string,
  extraLabels: Record<string, string> = {},
): AlertRuleSpec {
  return {
    uid: grafanaUid(service.key, group, alert.key),
    title: alert.name,
    group,
    queries,
    condition,
    for: forDuration,
    labels: { ...routeLabels(model, alert), service: service.key, ...extraLabels },
    annotations: { summary, ...runbookAnnotations(alert.runbook, alert.description) },
    promExpr: conditionExpr(queries, condition),
  };
}

export function apiAlertSpec(model: ResolvedModel, service: ResolvedService, alert: ResolvedMetricAlert): AlertRuleSpec {
  const m = service.metrics;
  if (alert.kind === "latency") {
    return spec(
      model,
      service,
      "api",
      alert,
      [{ refId: "A", expr: q.latencyQuantile(m, alert.percentile, q.RATE_WINDOW) }],
      { kind: "above", value: alert.aboveMs / 1000 },
      alert.for,
      `p${alert.percentile} latency of ${service.name} above ${alert.aboveMs} ms for ${alert.for}`,
    );
  }
  return spec(
    model,
    service,
    "api",
    alert,
    [{ refId: "A", expr: q.errorPercent(m) }],
    { kind: "above", value: alert.abovePercent },
    alert.for,
    `More than ${alert.abovePercent}% of ${service.name} requests failed (${m.statusLabel} ${m.errorStatusPattern}) for ${alert.for}`,
  );
}

export function databaseAlertSpec(model: ResolvedModel, service: ResolvedService, alert: ResolvedDatabaseAlert): AlertRuleSpec {
  const m = service.metrics;
  const db = service.database!;
  const a = (expr: string) => [{ refId: "A", expr }];
  switch (alert.kind) {
    case "cpu":
      return spec(model, service, "database", alert, a(q.dbCpuPercent(m)), { kind: "above", value: alert.abovePercent }, alert.for, `${db.name} CPU above ${alert.abovePercent}% for ${alert.for}`);
    case "connections":
      return spec(
        model,
        service,
        "database",
        alert,
        a(q.dbConnectionsPercentOfPool(m, db.poolSize)),
        { kind: "above", value: alert.abovePercentOfPool },
        alert.for,
        `${db.name} connections above ${alert.abovePercentOfPool}% of the pool of ${db.poolSize} for ${alert.for}`,
      );
    case "disk":
      return spec(model, service, "database", alert, a(q.dbDiskPercent(m)), { kind: "above", value: alert.abovePercent }, alert.for, `${db.name} disk more than ${alert.abovePercent}% full for ${alert.for}`);
    case "slow-queries":
      return spec(
        model,
        service,
        "database",
        alert,
        a(q.dbSlowQueries(m, alert.window)),
        { kind: "above", value: alert.moreThan },
        "0s",
        `More than ${alert.moreThan} slow queries (slower than ${db.slowQueryMs} ms) on ${db.name} within ${alert.window}`,
      );
    case "down":
      return spec(model, service, "database", alert, a(q.dbUp(m)), { kind: "below", value: 1 }, alert.for, `${db.name} is down (or its exporter reports nothing) for ${alert.for}`);
  }
}

/** Share (0..1) of bad events of an SLO over `window`: failed requests, or requests slower than the threshold. */
export function sloBadRatio(service: ResolvedService, slo: ResolvedSlo, window: string): string {
  return slo.kind === "latency" ? q.slowRatio(service.metrics, slo.thresholdMs / 1000, window) : q.errorRatio(service.metrics, window);
}

function objectiveText(slo: ResolvedSlo): string {
  const percent = `${q.num(slo.objective * 100)}%`;
  if (slo.kind === "latency") return `${percent} of requests within ${slo.thresholdMs} ms over ${slo.window}`;
  return `${percent} of requests succeed over ${slo.window}`;
}

/** The multi-window, multi-burn-rate alerts of one SLO (one rule per row of the windows table). */
export function burnRateAlertSpecs(model: ResolvedModel, service: ResolvedService, slo: ResolvedSlo): AlertRuleSpec[] {
  return slo.burnRateAlerts.map((b) => {
    const threshold = b.factor * slo.errorBudget;
    const key = `${slo.key}-burn-${b.long}-${b.short}`;
    const share = `${q.num(b.budgetSpent * 100)}% of the ${slo.window} error budget`;
    return spec(
      model,
      service,
      "slo",
      { key, name: `${slo.name} burn rate ${q.num(b.factor)}x (${b.long}/${b.short})`, severity: b.severity, contacts: b.contacts, runbook: slo.runbook },
      [
        { refId: "A", expr: sloBadRatio(service, slo, b.long) },
        { refId: "B", expr: sloBadRatio(service, slo, b.short) },
      ],
      { kind: "all-above", value: threshold },
      "0s",
      `${slo.name} (${objectiveText(slo)}) is burning its error budget more than ${q.num(b.factor)}x too fast over ${b.long} and ${b.short}: ${share} spent in ${b.long}`,
      { slo: slo.key, burn_window: `${b.long}/${b.short}` },
    );
  });
}

/** Windows an SLO is measured over: every burn-rate window and the SLO window itself, shortest first. */
export function sloWindows(slo: ResolvedSlo): Duration[] {
  const all = new Set<Duration>([...slo.burnRateAlerts.flatMap((b) => [b.long, b.short]), slo.window]);
  return [...all].sort((a, b) => durationMs(a) - durationMs(b));
}

/** Recording rules of the SLIs (bad-event ratio per window), the way Sloth names them. */
export function sliRecordingRules(service: ResolvedService): RecordingRuleSpec[] {
  return service.slos.flatMap((slo) =>
    sloWindows(slo).map((w) => ({
      record: `slo:sli_error:ratio_rate${formatSeconds(durationMs(w) / 1000)}`,
      expr: sloBadRatio(service, slo, w),
      labels: { service: service.key, slo: slo.key },
    })),
  );
}

export interface ServiceRules {
  api: AlertRuleSpec[];
  database: AlertRuleSpec[];
  /** Empty when the stack uses Grafana Cloud's SLO resource instead. */
  slo: AlertRuleSpec[];
}

export function serviceRules(model: ResolvedModel, service: ResolvedService): ServiceRules {
  const cloudSlo = grafanaSettings(model).slo === "grafana-cloud";
  return {
    api: service.metricAlerts.map((a) => apiAlertSpec(model, service, a)),
    database: (service.database?.alerts ?? []).map((a) => databaseAlertSpec(model, service, a)),
    slo: cloudSlo ? [] : service.slos.flatMap((s) => burnRateAlertSpecs(model, service, s)),
  };
}

export const RULE_GROUP_TITLES: Record<RuleGroupKind, string> = { api: "API", database: "Database", slo: "SLO burn rates" };

/** Evaluation interval of every rule group. */
export const EVALUATION_INTERVAL_SECONDS = 60;

/** Grafana Cloud SLO queries (ratio type): the success and total counters. */
export function cloudSloRatio(service: ResolvedService, slo: ResolvedSlo): { successMetric: string; totalMetric: string } {
  const m = service.metrics;
  if (slo.kind === "latency") {
    return {
      successMetric: q.series(`${m.durationHistogram}_bucket`, m, q.leMatcher(slo.thresholdMs / 1000)),
      totalMetric: q.series(`${m.durationHistogram}_count`, m),
    };
  }
  return {
    successMetric: q.series(m.requestsTotal, m, `${m.statusLabel}!~${q.quote(m.errorStatusPattern)}`),
    totalMetric: q.series(m.requestsTotal, m),
  };
}

// ---------------------------------------------------------------------------------------------
// Grafana's rule data model: query nodes on the data source, expression nodes on "__expr__"

export interface GrafanaRuleData {
  refId: string;
  datasourceUid: string;
  queryType: string;
  relativeTimeRange: { from: number; to: number };
  /** The node's JSON model, as text (the provider's `model` input). */
  model: string;
}

const EXPR_SOURCE = { type: "__expr__", uid: "__expr__" };

/**
 * The data nodes of a rule: one instant Prometheus query per spec query (A, B, ...), a `last`
 * reduction of each, and the condition: a threshold node for one query, a math node requiring
 * every window to exceed the threshold for a burn-rate rule. Returns the nodes and the refId of
 * the condition.
 */
export function grafanaRuleData(rule: AlertRuleSpec, datasourceUid: string): { data: GrafanaRuleData[]; condition: string } {
  const data: GrafanaRuleData[] = [];
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let next = rule.queries.length;
  const reduced: string[] = [];
  for (const query of rule.queries) {
    data.push({
      refId: query.refId,
      datasourceUid,
      queryType: "",
      relativeTimeRange: { from: Math.max(600, q.longestRangeSeconds(query.expr)), to: 0 },
      model: JSON.stringify({
        refId: query.refId,
        datasource: { type: "prometheus", uid: datasourceUid },
        expr: query.expr,
        instant: true,
        range: false,
        intervalMs: 1000,
        maxDataPoints: 43200,
      }),
    });
  }
  for (const query of rule.queries) {
    const refId = letters[next++];
    reduced.push(refId);
    data.push(exprNode(refId, { type: "reduce", expression: query.refId, reducer: "last", settings: { mode: "" } }));
  }
  const refId = letters[next];
  if (rule.queries.length === 1) {
    const type = rule.condition.kind === "below" ? "lt" : "gt";
    data.push(exprNode(refId, { type: "threshold", expression: reduced[0], conditions: [{ evaluator: { type, params: [rule.condition.value] } }] }));
  } else {
    const expression = reduced.map((r) => `$${r} > ${q.num(rule.condition.value)}`).join(" && ");
    data.push(exprNode(refId, { type: "math", expression }));
  }
  return { data, condition: refId };
}

function exprNode(refId: string, model: Record<string, unknown>): GrafanaRuleData {
  return { refId, datasourceUid: "__expr__", queryType: "", relativeTimeRange: { from: 0, to: 0 }, model: JSON.stringify({ refId, datasource: EXPR_SOURCE, ...model }) };
}
