/**
 * Alert rules of a service as data: database alerts, API alerts and SLO burn-rate alerts, each
 * with its PromQL, condition, `for`, labels and annotations. Pure: no Pulumi.
 *
 * One spec feeds both outputs, so they cannot disagree:
 * - Grafana (./index.ts): the queries become data nodes, the condition expression nodes;
 * - the Prometheus rule file (./rule-file.ts): `promExpr`, which promtool checks and tests.
 */
import { createHash } from "node:crypto";
import type { Duration, Runbook } from "../../model";
import type { ResolvedDatabaseAlert, ResolvedMetricAlert, ResolvedModel, ResolvedService, ResolvedSlo } from "../../resolve";
import * as q from "./promql";
import { routeLabels } from "./routing";
import { grafanaSettings } from "./settings";
import { sloAlertSpecs, sloRecordingRules } from "./slo-rules";

export type RuleGroupKind = "api" | "database" | "slo" | "metrics";

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
  /** The definition it comes from, e.g. `finsight-api.slos.availability` (where problems point). */
  source: string;
  group: RuleGroupKind;
  /** The title of its rule group where the definition names it (alerts on any metric). */
  groupTitle?: string;
  queries: QuerySpec[];
  condition: ConditionSpec;
  /** How long the condition must hold; "0s" fires on the first evaluation that sees it. */
  for: Duration;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The same alert as one PromQL expression (Prometheus rule file). */
  promExpr: string;
}

/** A recording rule: Grafana-managed (a rule in the "SLO recordings" group) and in the rule file. */
export interface RecordingRuleSpec {
  record: string;
  expr: string;
  labels: Record<string, string>;
  /** Rule title in Grafana. */
  title: string;
  /** The definition it comes from, e.g. `finsight-api.slos.availability`. */
  source: string;
  /** Stable parts of its uid. */
  uidParts: string[];
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

/** The environment as a uid part: lowercase letters, digits, `-` and `_` (what Grafana allows in a uid). */
export function uidEnvironment(environment: string): string {
  return environment.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "env";
}

/**
 * The uid of a stack's Grafana object from its stable parts (service key first): qualified by the
 * environment (`finsight-api-production-database-cpu`), so two stacks can never overwrite each
 * other's folder, dashboards or rules; unqualified with `qualifyUids: false`, the uids of stacks
 * provisioned before uids were qualified.
 */
export function stackUid(model: ResolvedModel, ...parts: string[]): string {
  const qualified = grafanaSettings(model).qualifyUids ? [parts[0], uidEnvironment(model.environment), ...parts.slice(1)] : parts;
  return grafanaUid(...qualified);
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

/** What one alert rule is made of; the uid, labels and annotations are derived the same way for every rule. */
export interface RuleParts {
  group: RuleGroupKind;
  groupTitle?: string;
  source: string;
  uidParts: string[];
  title: string;
  queries: QuerySpec[];
  condition: ConditionSpec;
  for: Duration;
  labels: Record<string, string>;
  summary: string;
  runbook?: Runbook;
  description?: string;
}

export function ruleSpec(model: ResolvedModel, _service: ResolvedService, parts: RuleParts): AlertRuleSpec {
  return {
    uid: stackUid(model, ...parts.uidParts),
    title: parts.title,
    source: parts.source,
    group: parts.group,
    ...(parts.groupTitle !== undefined ? { groupTitle: parts.groupTitle } : {}),
    queries: parts.queries,
    condition: parts.condition,
    for: parts.for,
    labels: parts.labels,
    annotations: { summary: parts.summary, ...runbookAnnotations(parts.runbook, parts.description) },
    promExpr: conditionExpr(parts.queries, parts.condition),
  };
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
  groupTitle?: string,
): AlertRuleSpec {
  return ruleSpec(model, service, {
    group,
    groupTitle,
    source: `${service.key}.${group === "database" ? "database.alerts" : "metricAlerts"}.${alert.key}`,
    uidParts: [service.key, group, alert.key],
    title: alert.name,
    queries,
    condition,
    for: forDuration,
    labels: { ...routeLabels(model, alert), service: service.key },
    summary,
    runbook: alert.runbook,
    description: alert.description,
  });
}

type AnyMetricAlert = Extract<ResolvedMetricAlert, { kind: "histogram" | "rate" | "gauge" }>;
type ApiAlert = Exclude<ResolvedMetricAlert, AnyMetricAlert>;
const isAnyMetric = (a: ResolvedMetricAlert): a is AnyMetricAlert => a.kind === "histogram" || a.kind === "rate" || a.kind === "gauge";
const PER_SECONDS = { second: 1, minute: 60, hour: 3600 } as const;

/** An alert on any metric of the app: a histogram's percentile, a counter's rate or a gauge, in the rule group it names. */
export function metricAlertSpec(model: ResolvedModel, service: ResolvedService, alert: AnyMetricAlert): AlertRuleSpec {
  const m = service.metrics;
  const matchers = q.extraMatchers(alert.selector);
  const side = (a: { above?: number; below?: number }): ConditionSpec => (a.above !== undefined ? { kind: "above", value: a.above } : { kind: "below", value: a.below! });
  const words = (a: { above?: number; below?: number }, unit: string) => (a.above !== undefined ? `above ${q.num(a.above)}${unit}` : `below ${q.num(a.below!)}${unit}`);
  const build = (expr: string, condition: ConditionSpec, summary: string) =>
    spec(model, service, "metrics", alert, [{ refId: "A", expr }], condition, alert.for, `${summary} for ${alert.for}`, alert.group);
  switch (alert.kind) {
    case "histogram": {
      // The threshold in the histogram's own unit: 30 s on a seconds histogram is 30, on a milliseconds one 30000.
      const seconds = alert.unit === "ms" ? alert.above / 1000 : alert.above;
      const value = alert.metricUnit === "milliseconds" ? seconds * 1000 : seconds;
      return build(q.histogramQuantile(alert.metric, m, matchers, alert.percentile, q.RATE_WINDOW), { kind: "above", value }, `p${alert.percentile} of ${alert.metric} above ${q.num(alert.above)} ${alert.unit}`);
    }
    case "rate":
      return build(q.counterRate(alert.metric, m, matchers, alert.window, PER_SECONDS[alert.per]), side(alert), `${alert.metric} ${words(alert, ` a ${alert.per}`)} (over ${alert.window})`);
    case "gauge":
      return build(q.gaugeMax(alert.metric, m, matchers), side(alert), `${alert.metric} ${words(alert, alert.unit ? ` ${alert.unit}` : "")}`);
  }
}

export function apiAlertSpec(model: ResolvedModel, service: ResolvedService, alert: ApiAlert): AlertRuleSpec {
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

export interface ServiceRules {
  api: AlertRuleSpec[];
  /** Alerts on any metric, each in the rule group its definition names. */
  metrics: AlertRuleSpec[];
  database: AlertRuleSpec[];
  /** Page, ticket and budget-exhausted alerts; empty when the stack uses Grafana Cloud's SLO resource instead. */
  slo: AlertRuleSpec[];
  /** The SLOs' recording rules (SLI windows and metadata), which the SLO alerts read. */
  sloRecordings: RecordingRuleSpec[];
}

/**
 * Computed once per resolved service: the plan checks the rules (./problems) and then provisions
 * them (./mapping) from the same resolved services, which are not changed after resolve. The
 * pipeline hands the provisioning a copy of the model (with the vendors' warnings added), so the
 * memo is keyed by the service and checks the only parts of the model the rules read: its
 * settings (the same object in the copy) and environment. Callers only read what this returns.
 */
const computed = new WeakMap<ResolvedService, { settings: ResolvedModel["settings"]; environment: string; rules: ServiceRules }>();

export function serviceRules(model: ResolvedModel, service: ResolvedService): ServiceRules {
  const known = computed.get(service);
  if (known && known.settings === model.settings && known.environment === model.environment) return known.rules;
  const rules = rulesOf(model, service, grafanaSettings(model).slo === "grafana-cloud");
  computed.set(service, { settings: model.settings, environment: model.environment, rules });
  return rules;
}

function rulesOf(model: ResolvedModel, service: ResolvedService, cloudSlo: boolean): ServiceRules {
  return {
    api: service.metricAlerts.flatMap((a) => (isAnyMetric(a) ? [] : [apiAlertSpec(model, service, a)])),
    metrics: service.metricAlerts.flatMap((a) => (isAnyMetric(a) ? [metricAlertSpec(model, service, a)] : [])),
    database: (service.database?.alerts ?? []).map((a) => databaseAlertSpec(model, service, a)),
    slo: cloudSlo ? [] : sloAlertSpecs(model, service),
    sloRecordings: cloudSlo ? [] : service.slos.flatMap((s) => sloRecordingRules(service, s)),
  };
}

export const RULE_GROUP_TITLES: Record<Exclude<RuleGroupKind, "metrics">, string> = { api: "API", database: "Database", slo: "SLO burn rates" };

/** The alerts on any metric, by the rule group their definitions name, in definition order. */
export function metricGroups(rules: ServiceRules): Map<string, AlertRuleSpec[]> {
  const groups = new Map<string, AlertRuleSpec[]>();
  for (const r of rules.metrics) groups.set(r.groupTitle ?? "Metrics", [...(groups.get(r.groupTitle ?? "Metrics") ?? []), r]);
  return groups;
}

/** A rule group's title as a logical-name part: "Billing queue" → "billing-queue". */
export function groupSlug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "group";
}
/** The group of the SLOs' Grafana-managed recording rules. */
export const RECORDING_GROUP_TITLE = "SLO recordings";

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
  for (const query of rule.queries) data.push(queryNode(query, datasourceUid));
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

/** An instant Prometheus query node; its time range covers the longest range the expression reads. */
export function queryNode(query: QuerySpec, datasourceUid: string): GrafanaRuleData {
  return {
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
  };
}

function exprNode(refId: string, model: Record<string, unknown>): GrafanaRuleData {
  return { refId, datasourceUid: "__expr__", queryType: "", relativeTimeRange: { from: 0, to: 0 }, model: JSON.stringify({ refId, datasource: EXPR_SOURCE, ...model }) };
}
