/**
 * Sentry's own validators, as the fake Sentry (./sentry.ts) applies them to what the providers
 * send. Each check cites the getsentry/sentry file it reproduces; messages are Sentry's. Errors are
 * returned as Sentry answers them: `{ field: [message] }`, `{ nonFieldErrors: [message] }` for the
 * metric alert serializer's `validate()`.
 */
type Json = Record<string, unknown>;
export type Refusal = Record<string, string[]>;

/** What an organization has switched on: decides the performance datasets it accepts. */
export interface OrgFeatures {
  /** `organizations:dynamic-sampling` and `organizations:mep-rollout-flag` (performance metrics). */
  performanceMetrics: boolean;
  /** `organizations:mep-rollout-flag` alone: access to `generic_metrics`. */
  mepRollout: boolean;
  /** `organizations:on-demand-metrics-extraction`. */
  onDemandMetrics: boolean;
  /** `organizations:discover-saved-queries-deprecation`: the transactions dataset is retired. */
  transactionDeprecation: boolean;
}

export interface OrgState {
  projects: Set<string>;
  /** Environments by project (Sentry keeps them per organization and marks where they were seen). */
  environments: Map<string, Set<string>>;
  teams: Set<string>;
  integrations: Set<number>;
  features: OrgFeatures;
}

const field = (name: string, message: string): Refusal => ({ [name]: [message] });

/** `src/sentry/rules/` registry: the node ids the fake knows, by kind (`rules/registry.py`). */
export const RULE_NODES: Record<"condition" | "filter" | "action", readonly string[]> = {
  condition: ["sentry.rules.conditions.first_seen_event.FirstSeenEventCondition", "sentry.rules.conditions.event_frequency.EventFrequencyCondition", "sentry.rules.conditions.regression_event.RegressionEventCondition"],
  filter: ["sentry.rules.filters.level.LevelFilter", "sentry.rules.filters.tagged_event.TaggedEventFilter"],
  action: [
    "sentry.mail.actions.NotifyEmailAction",
    "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
    "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction",
    "sentry.rules.actions.notify_event_service.NotifyEventServiceAction",
  ],
};

/** `rules/conditions/event_frequency.py` `EventFrequencyForm`: intervals, and `value` an IntegerField. */
const FREQUENCY_INTERVALS = ["1m", "5m", "15m", "1h", "1d", "1w", "30d"];

function nodeProblem(kind: "condition" | "filter" | "action", node: unknown): string | undefined {
  if (!node || typeof node !== "object" || Array.isArray(node)) return `Incorrect type. Expected a mapping, but got ${Array.isArray(node) ? "list" : typeof node}`;
  const id = (node as Json).id;
  if (typeof id !== "string") return "Missing attribute 'id'";
  if (!RULE_NODES[kind].includes(id)) return `Invalid node. Could not find '${id}'`;
  if (id.endsWith("EventFrequencyCondition")) {
    const n = node as Json;
    if (!FREQUENCY_INTERVALS.includes(String(n.interval))) return `Select a valid choice. ${String(n.interval)} is not one of the available choices.`;
    if (!/^\d+$/.test(String(n.value))) return "Enter a whole number.";
  }
  return undefined;
}

/**
 * An issue alert rule (`api/serializers/rest_framework/rule.py` RuleSerializer; `api/endpoints/
 * project_rules.py` for "You must add an action…").
 */
export function validateIssueRule(org: OrgState, project: string, b: Json): Refusal | undefined {
  if (typeof b.name !== "string" || b.name.trim() === "") return field("name", "This field is required.");
  if (b.name.length > 256) return field("name", "Ensure this field has no more than 256 characters.");
  if (!["all", "any", "none"].includes(String(b.actionMatch))) return field("actionMatch", `"${String(b.actionMatch)}" is not a valid choice.`);
  if (b.filterMatch !== undefined && !["all", "any", "none"].includes(String(b.filterMatch))) return field("filterMatch", `"${String(b.filterMatch)}" is not a valid choice.`);
  if (typeof b.frequency !== "number" || !Number.isInteger(b.frequency)) return field("frequency", "A valid integer is required.");
  if (b.frequency < 5) return field("frequency", "Ensure this value is greater than or equal to 5.");
  if (b.frequency > 60 * 24 * 30) return field("frequency", "Ensure this value is less than or equal to 43200.");
  if (b.environment !== null && b.environment !== undefined && !org.environments.get(project)?.has(String(b.environment))) {
    return field("environment", "This environment has not been created.");
  }
  for (const [key, kind] of [["conditions", "condition"], ["filters", "filter"], ["actions", "action"]] as const) {
    const list = b[key] ?? [];
    if (!Array.isArray(list)) return field(key, `Expected a list of items but got type "${typeof list}".`);
    for (const node of list) {
      const problem = nodeProblem(kind, node);
      if (problem) return field(key, problem);
    }
  }
  if (!Array.isArray(b.actions) || b.actions.length === 0) return field("actions", "You must add an action for this alert to fire.");
  if (Array.isArray(b.filters) && b.filters.length > 0 && !b.filterMatch) return field("filterMatch", "Must select a filter match (all, any, none) if filters are supplied.");
  return undefined;
}

const nonField = (message: string): Refusal => ({ nonFieldErrors: [message] });

/**
 * The dataset checks: `incidents/serializers/alert_rule.py` `_validate_performance_dataset` and
 * `_validate_query` ("does not have access to the `generic_metrics` dataset"), the transactions
 * deprecation (`_validate_transaction_dataset_deprecation`), span alerts' one event type and 5-minute
 * windows (`snuba/snuba_query_validator.py`).
 */
function datasetProblem(org: OrgState, b: Json): Refusal | undefined {
  const f = org.features;
  const dataset = String(b.dataset ?? "events");
  const types = Array.isArray(b.eventTypes) ? (b.eventTypes as string[]) : [];
  if (!["events", "transactions", "generic_metrics", "events_analytics_platform", "metrics"].includes(dataset)) return field("dataset", "Invalid dataset, valid values are [...]");
  if (dataset === "transactions" && (f.performanceMetrics || f.onDemandMetrics)) return field("dataset", "Performance alerts must use the `generic_metrics` dataset");
  if (dataset === "generic_metrics" && !f.mepRollout) return nonField("This project does not have access to the `generic_metrics` dataset");
  if ((dataset === "transactions" || dataset === "generic_metrics") && f.transactionDeprecation) {
    return nonField("Creation of transaction-based alerts is disabled, as we migrate to the span dataset. Create span-based alerts (dataset: events_analytics_platform) with the is_transaction:true filter instead.");
  }
  const valid = dataset === "events" ? ["error", "default"] : ["transaction", "trace_item_log", "trace_item_span"];
  if (types.some((t) => !valid.includes(t))) return nonField(`Invalid event types for this dataset. Valid event types are ${JSON.stringify(valid.sort())}`);
  if (dataset === "events_analytics_platform") {
    if (types.length > 1) return nonField("Multiple event types not allowed. Valid event types are ['trace_item_log', 'trace_item_span', 'transaction']");
    if (Number(b.timeWindow) < 5) return nonField("Invalid Time Window: Time window for this alert type must be at least 5 minutes.");
  }
  return undefined;
}

/** `incidents/serializers/alert_rule_trigger_action.py` AlertRuleTriggerActionSerializer. */
function actionProblem(org: OrgState, a: Json): Refusal | undefined {
  const types = ["email", "slack", "pagerduty", "msteams", "sentry_app", "opsgenie", "discord"];
  if (!("type" in a) || !("targetType" in a) || !("targetIdentifier" in a)) return nonField("type, targetType and targetIdentifier must be passed together");
  if (!types.includes(String(a.type))) return field("type", `Invalid type, valid values are [${types.join(", ")}]`);
  if (!["specific", "user", "team", "sentry_app"].includes(String(a.targetType))) return field("targetType", "Invalid targetType, valid values are [specific, user, team, sentry_app]");
  if (a.type === "email" && a.targetType === "team" && !org.teams.has(String(a.targetIdentifier))) return nonField("Team does not exist");
  if (a.type === "slack" && !a.integrationId) return field("integration", "Integration must be provided for slack");
  if ((a.type === "slack" || a.type === "pagerduty") && !org.integrations.has(Number(a.integrationId))) return field("integration", "Integration does not exist");
  return undefined;
}

/** A metric alert rule (`incidents/serializers/alert_rule.py` AlertRuleSerializer). */
export function validateMetricRule(org: OrgState, b: Json): Refusal | undefined {
  if (typeof b.name !== "string" || b.name === "") return field("name", "This field is required.");
  if (b.name.length > 256) return field("name", "Ensure this field has no more than 256 characters.");
  const projects = Array.isArray(b.projects) ? (b.projects as string[]) : [];
  if (projects.length > 1) return field("projects", "Ensure this field has no more than 1 elements.");
  for (const p of projects) if (!org.projects.has(p)) return field("projects", `Invalid project`);
  if (b.environment !== null && b.environment !== undefined && ![...org.environments.values()].some((s) => s.has(String(b.environment)))) {
    return field("environment", "Environment is not part of this organization");
  }
  if (typeof b.timeWindow !== "number" || !Number.isInteger(b.timeWindow) || b.timeWindow < 1 || b.timeWindow > 1440) return field("timeWindow", "Ensure this value is less than or equal to 1440.");
  if (b.thresholdType !== 0 && b.thresholdType !== 1) return field("thresholdType", "Invalid threshold type, valid values are [0, 1, 2]");
  if (typeof b.aggregate !== "string" || b.aggregate === "") return field("aggregate", "This field is required.");
  if (typeof b.query !== "string") return field("query", "This field is required.");
  const dataset = datasetProblem(org, b);
  if (dataset) return dataset;
  const triggers = Array.isArray(b.triggers) ? (b.triggers as Json[]) : [];
  if (triggers.length === 0) return nonField("Must include at least one trigger");
  if (triggers.length > 2) return nonField("Must send 1 or 2 triggers - A critical trigger, and an optional warning trigger");
  for (const t of triggers) if (!Array.isArray(t.actions) || t.actions.length === 0) return nonField("Each trigger must have an associated action for this alert to fire.");
  const labels = ["critical", "warning"];
  for (let i = 0; i < triggers.length; i++) if (triggers[i].label !== labels[i]) return nonField(`Trigger ${i + 1} must be labeled "${labels[i]}"`);
  if (triggers.length === 2) {
    // _validate_critical_warning_triggers
    const [c, w] = triggers.map((t) => Number(t.alertThreshold));
    if (b.thresholdType === 0 ? c < w : c > w) return nonField(`Critical trigger must have an alert threshold ${b.thresholdType === 0 ? "above" : "below"} warning trigger`);
  }
  for (const t of triggers) for (const a of t.actions as Json[]) {
    const problem = actionProblem(org, a);
    if (problem) return problem;
  }
  return undefined;
}
