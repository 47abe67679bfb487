/**
 * A Sentry metric alert rule (`/organizations/{org}/alert-rules/`), watching one project.
 *
 * Fields and the checks Sentry makes on them (getsentry/sentry):
 * - `src/sentry/incidents/serializers/alert_rule.py` `AlertRuleSerializer`: `name` 1-256
 *   characters; `timeWindow` minutes 1-1440; `thresholdType` 0 above / 1 below; `environment` must
 *   exist (`api/serializers/rest_framework/environment.py` `EnvironmentField`); `projects`; 1 or 2
 *   triggers, the first labelled "critical", the second "warning"; "Each trigger must have an
 *   associated action for this alert to fire."; `_validate_critical_warning_triggers`: with
 *   thresholdType above, the critical threshold may not be below the warning one; `description`.
 * - `dataset`: `_validate_performance_dataset` refuses `transactions` where the organization has
 *   performance metrics ("Performance alerts must use the `generic_metrics` dataset"); organizations
 *   past the transactions deprecation refuse `transactions` and `generic_metrics` ("Creation of
 *   transaction-based alerts is disabled … Create span-based alerts (dataset:
 *   events_analytics_platform) with the is_transaction:true filter instead",
 *   `workflow_engine/endpoints/validators/…` `_validate_transaction_dataset_deprecation`); span
 *   alerts take one event type (`snuba/snuba_query_validator.py`: "Multiple event types not
 *   allowed", `trace_item_span`) and windows of at least 5 minutes.
 * - Actions (`incidents/serializers/alert_rule_trigger_action.py`): `type`, `targetType`,
 *   `targetIdentifier` passed together, `integrationId` for Slack and PagerDuty. Read back
 *   (`api/serializers/models/alert_rule_trigger_action.py` `get_identifier_from_action`), a PagerDuty
 *   or Sentry-app action's `targetIdentifier` is an **integer** (`int(action.target_identifier)`),
 *   others a string: go-sentry before v2.6.2 typed it as a string, could not read the alert it had
 *   just created, and the Terraform provider retried the create, leaving one orphan per retry
 *   (go-sentry now types it `Int64OrString`, `sentry/metric_alerts.go`). Identifiers are compared
 *   as text here.
 */
import type { Checker } from "../../dynamic/checker";
import type { Props } from "../../dynamic/values";
import { splitId, pathOf } from "../client";
import { envOf, ruleChecker, ruleScope, sentryKind } from "./common";

export type ThresholdType = 0 | 1;
export const DATASETS = ["transactions", "generic_metrics", "events_analytics_platform", "events"] as const;
export type Dataset = (typeof DATASETS)[number];

export interface MetricAlertAction {
  type: string;
  targetType: string;
  targetIdentifier: string;
  integrationId?: number;
}

export interface MetricAlertTrigger {
  label: "critical" | "warning";
  alertThreshold: number;
  actions: MetricAlertAction[];
}

export interface MetricAlertInputs {
  organization: string;
  project: string;
  name: string;
  environment?: string;
  dataset: Dataset;
  eventTypes?: string[];
  query: string;
  aggregate: string;
  /** Minutes. */
  timeWindow: number;
  thresholdType: ThresholdType;
  triggers: MetricAlertTrigger[];
  description?: string;
  /**
   * The definition's severity. Not sent: Sentry labels the first trigger "critical" whatever the
   * severity, so a warning alert is a Sentry "critical" alert routed to the warning contacts.
   */
  severity?: "critical" | "warning";
  adopt?: boolean;
}

export interface VendorMetricAlert {
  id: string | number;
  name?: string;
  environment?: string | null;
  dataset?: string;
  eventTypes?: string[] | null;
  query?: string;
  aggregate?: string;
  timeWindow?: number;
  thresholdType?: number;
  triggers?: Array<{ label?: string; alertThreshold?: number; actions?: Array<Record<string, unknown>> }>;
  projects?: string[];
  description?: string | null;
}

export const METRIC_ALERT_NAME_MAX = 256;

function canonicalAction(a: Record<string, unknown>): Props {
  return {
    type: a.type,
    targetType: a.targetType,
    // PagerDuty's reads back as an integer (get_identifier_from_action): the same id.
    targetIdentifier: a.targetIdentifier === undefined || a.targetIdentifier === null ? undefined : String(a.targetIdentifier),
    integrationId: a.integrationId === undefined || a.integrationId === null ? undefined : Number(a.integrationId),
  };
}

function canonicalTriggers(triggers: unknown): Props[] {
  if (!Array.isArray(triggers)) return [];
  return triggers.map((t: Record<string, unknown>) => ({
    label: t.label,
    alertThreshold: t.alertThreshold === undefined ? undefined : Number(t.alertThreshold),
    actions: Array.isArray(t.actions) ? t.actions.map(canonicalAction) : [],
  }));
}

function validateTriggers(c: Checker, raw: Props): void {
  const triggers = raw.triggers;
  if (!Array.isArray(triggers) || triggers.length === 0 || triggers.length > 2) {
    return c.fail("triggers", "must be 1 or 2 triggers (expected a critical trigger and an optional warning trigger, as Sentry requires)");
  }
  triggers.forEach((t: Record<string, unknown>, n) => {
    const label = n === 0 ? "critical" : "warning";
    if (t?.label !== label) c.fail(`triggers[${n}].label`, `${JSON.stringify(t?.label)} is not allowed (expected "${label}": Sentry requires trigger ${n + 1} to be labeled "${label}")`);
    if (typeof t?.alertThreshold !== "number" || !Number.isFinite(t.alertThreshold)) c.fail(`triggers[${n}].alertThreshold`, "missing (expected a number)");
    if (!Array.isArray(t?.actions) || t.actions.length === 0) {
      c.fail(`triggers[${n}].actions`, "missing (expected at least one action: Sentry requires each trigger to have an associated action for this alert to fire)");
    }
  });
  const [critical, warning] = triggers as Array<{ alertThreshold?: number }>;
  if (warning && typeof critical?.alertThreshold === "number" && typeof warning.alertThreshold === "number") {
    const wrongSide = raw.thresholdType === 1 ? critical.alertThreshold > warning.alertThreshold : critical.alertThreshold < warning.alertThreshold;
    if (wrongSide) c.fail("triggers[1].alertThreshold", `${warning.alertThreshold} is past the critical threshold ${critical.alertThreshold} (expected the warning threshold ${raw.thresholdType === 1 ? "above" : "below"} the critical one, as Sentry requires)`);
  }
}

export const metricAlertKind = sentryKind<MetricAlertInputs, VendorMetricAlert>({
  id: "sentry:MetricAlert",
  label: "Sentry metric alert",
  secrets: [],
  scopeLength: 2,
  collection: {
    collectionOf: ([org]) => pathOf("organizations", org, "alert-rules"),
    scopeOf: (i) => [String((i as MetricAlertInputs).organization), String((i as MetricAlertInputs).project)],
    task: { path: ([org, project], uuid) => pathOf("projects", org, project, "alert-rule-task", uuid), field: "alertRule" },
    within: (v, [, project]) => (v.projects ?? []).includes(project),
    explain: (message) =>
      /generic_metrics|transaction-based alerts/.test(message)
        ? '(expected monitoring:vendors.sentry.performanceDataset to name what this organization accepts: "generic_metrics" where it has performance metrics, "spans" once transaction-based alerts are retired)'
        : undefined,
  },
  replaceOnChange: ["organization", "project"],
  reportsAbsence: true,
  nameOf: (i) => String(i.name ?? ""),
  validate(raw) {
    const c = ruleChecker(raw, METRIC_ALERT_NAME_MAX);
    c.oneOf("dataset", DATASETS, { required: true });
    c.stringList("eventTypes");
    c.string("aggregate", { required: true });
    c.number("timeWindow", { required: true, integer: true, min: raw.dataset === "events_analytics_platform" ? 5 : 1, max: 1440, unit: "minutes" });
    c.number("thresholdType", { required: true, integer: true, min: 0, max: 1 });
    validateTriggers(c, raw);
    c.oneOf("severity", ["critical", "warning"]);
    c.boolean("adopt");
    return c.failures;
  },
  canonical: (i) => ({
    ...ruleScope(i),
    dataset: i.dataset,
    eventTypes: [...(i.eventTypes ?? [])].sort(),
    query: i.query ?? "",
    aggregate: i.aggregate,
    timeWindow: i.timeWindow === undefined ? undefined : Number(i.timeWindow),
    thresholdType: i.thresholdType === undefined ? undefined : Number(i.thresholdType),
    triggers: canonicalTriggers(i.triggers),
    description: i.description ?? "",
    severity: i.severity,
  }),
  // An older self-hosted Sentry keeps no description; the severity is ours alone.
  readTolerates: (key, observed) => (key === "description" && observed === "") || key === "severity",
  identifies: (v, i) => String(v.name ?? "").trim() === String(i.name).trim() && envOf(v.environment) === envOf(i.environment),
  createBody: (i) => ({ scope: [i.organization, i.project], body: body(i) }),
  updateBody: (i) => ({ scope: [i.organization, i.project], body: body(i) }),
  fromVendor(v) {
    const { scope } = splitId(v.id, 2);
    return {
      organization: scope[0],
      project: scope[1],
      name: v.name,
      environment: envOf(v.environment),
      dataset: v.dataset as Dataset,
      eventTypes: v.eventTypes ?? [],
      query: v.query ?? "",
      aggregate: v.aggregate,
      timeWindow: v.timeWindow,
      thresholdType: v.thresholdType as ThresholdType | undefined,
      triggers: (v.triggers ?? []) as unknown as MetricAlertTrigger[],
      description: v.description ?? undefined,
    };
  },
  extraOuts: (v) => ({ alertRuleId: v.sentryId }),
});

function body(i: MetricAlertInputs): Record<string, unknown> {
  return {
    name: i.name,
    environment: envOf(i.environment) ?? null,
    dataset: i.dataset,
    eventTypes: i.eventTypes ?? [],
    query: i.query ?? "",
    aggregate: i.aggregate,
    timeWindow: i.timeWindow,
    thresholdType: i.thresholdType,
    resolveThreshold: null,
    projects: [i.project],
    triggers: i.triggers.map((t) => ({ label: t.label, alertThreshold: t.alertThreshold, thresholdType: i.thresholdType, resolveThreshold: null, actions: t.actions })),
    ...(i.description ? { description: i.description } : {}),
  };
}
