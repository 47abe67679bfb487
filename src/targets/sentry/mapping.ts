/**
 * Sentry: issue alerts (first seen, event frequency) and metric alerts (failure rate, latency
 * percentile), each routed to the contacts Sentry can deliver to, as the project's own dynamic
 * resources (./provider). Every alert that filters on an environment depends on that environment's
 * resource, which fails with what to do while Sentry has no such environment yet.
 */
import type * as pulumi from "@pulumi/pulumi";
import { durationMinutes, type Duration } from "../../model";
import type { ResolvedErrorAlert, ResolvedLatencyAlert, ResolvedModel, Routed } from "../../resolve";
import { logicalName, type ServiceContext } from "../types";
import { undeliverable } from "./problems";
import { Environment, IssueAlert, MetricAlert, type IssueAlertInputs, type MetricAlertAction, type MetricAlertInputs, type MetricAlertTrigger, type RuleNode } from "./provider";
import { sentrySettings, warningRoute, type PerformanceDataset, type SentrySettings } from "./settings";

/** Issue-alert actions for the contacts Sentry can deliver to (one e-mail action however many addresses). */
export function issueActions(model: ResolvedModel, alert: Routed): RuleNode[] {
  const cfg = sentrySettings(model);
  const actions: RuleNode[] = [];
  const seen = new Set<string>();
  for (const key of alert.contacts) {
    if (undeliverable(model, key, "issue")) continue;
    const contact = model.contacts[key].contact;
    let action: RuleNode;
    if (contact.type === "email") {
      action = cfg.emailTeamId
        ? { id: "sentry.mail.actions.NotifyEmailAction", targetType: "Team", targetIdentifier: cfg.emailTeamId }
        : { id: "sentry.mail.actions.NotifyEmailAction", targetType: "IssueOwners", fallthroughType: "ActiveMembers" };
    } else if (contact.type === "slack") {
      action = { id: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction", workspace: cfg.slackIntegrationId!, channel: contact.channel! };
    } else if (contact.type === "pagerduty") {
      action = {
        id: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction",
        account: cfg.pagerduty!.integrationId,
        service: cfg.pagerduty!.serviceId,
        severity: alert.severity === "critical" ? "critical" : "warning",
      };
    } else continue;
    const identity = JSON.stringify(action);
    if (!seen.has(identity)) actions.push(action);
    seen.add(identity);
  }
  return actions;
}

/** Metric-alert trigger actions for the contacts Sentry can deliver to. */
export function metricActions(model: ResolvedModel, contacts: readonly string[]): MetricAlertAction[] {
  const cfg = sentrySettings(model);
  const actions: MetricAlertAction[] = [];
  const seen = new Set<string>();
  for (const key of contacts) {
    if (undeliverable(model, key, "metric")) continue;
    const contact = model.contacts[key].contact;
    let action: MetricAlertAction;
    if (contact.type === "email") action = { type: "email", targetType: "team", targetIdentifier: cfg.emailTeamId! };
    else if (contact.type === "slack") action = { type: "slack", targetType: "specific", targetIdentifier: contact.channel!, integrationId: Number(cfg.slackIntegrationId) };
    else if (contact.type === "pagerduty") action = { type: "pagerduty", targetType: "specific", targetIdentifier: cfg.pagerduty!.serviceId, integrationId: Number(cfg.pagerduty!.integrationId) };
    else continue;
    const identity = JSON.stringify(action);
    if (!seen.has(identity)) actions.push(action);
    seen.add(identity);
  }
  return actions;
}

interface Target {
  organization: string;
  project: string;
  /** Who the warning trigger reaches: the service's warning routing on this stack, else the stack's. */
  warning: readonly string[];
}


function issueAlertArgs(model: ResolvedModel, at: Target, alert: Exclude<ResolvedErrorAlert, { kind: "failure-rate" }>): IssueAlertInputs {
  const common = {
    organization: at.organization,
    project: at.project,
    name: alert.name,
    environment: alert.environment,
    actionMatch: "any" as const,
    filterMatch: "all" as const,
    frequency: durationMinutes(alert.throttle),
    actions: issueActions(model, alert),
    ...(alert.adopt ? { adopt: true } : {}),
  };
  if (alert.kind === "first-seen") return { ...common, conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }] };
  return {
    ...common,
    conditions: [{ id: "sentry.rules.conditions.event_frequency.EventFrequencyCondition", value: String(alert.moreThan), comparisonType: "count", interval: alert.interval }],
  };
}

/**
 * Where performance alerts read from, per organization (`monitoring:vendors.sentry.performanceDataset`):
 * transactions, performance metrics, or spans filtered to transactions (see ./kinds/metric-alert.ts).
 */
export const PERFORMANCE_DATASETS: Readonly<Record<PerformanceDataset, { dataset: MetricAlertInputs["dataset"]; eventTypes: string[]; duration: string; filter?: string }>> = {
  transactions: { dataset: "transactions", eventTypes: ["transaction"], duration: "transaction.duration" },
  generic_metrics: { dataset: "generic_metrics", eventTypes: ["transaction"], duration: "transaction.duration" },
  spans: { dataset: "events_analytics_platform", eventTypes: ["trace_item_span"], duration: "span.duration", filter: "is_transaction:true" },
};

/** Sentry labels a metric alert's first trigger "critical" whatever the alert's severity: the description says what it is. */
export function severityNote(alert: Routed): string {
  const runbook = typeof alert.runbook === "string" ? alert.runbook : alert.runbook?.url;
  const label =
    alert.severity === "warning"
      ? 'Severity: warning. Sentry shows it as "Critical" (a metric alert\'s first trigger must be labelled critical); it goes to the warning contacts and pages no one.'
      : "Severity: critical.";
  return runbook ? `${label} Runbook: ${runbook}` : label;
}

/** A performance metric alert: a critical trigger for the alert's route, and an optional warning one for the warning route. */
function performanceAlertArgs(
  model: ResolvedModel,
  at: Target,
  alert: Routed & { environment: string; window: Duration; adopt?: boolean },
  metric: { aggregate: (duration: string) => string; query: string; critical: number; warning?: number },
): MetricAlertInputs {
  const source = PERFORMANCE_DATASETS[sentrySettings(model).performanceDataset];
  const triggers: MetricAlertTrigger[] = [{ label: "critical", alertThreshold: metric.critical, actions: metricActions(model, alert.contacts) }];
  if (metric.warning !== undefined) triggers.push({ label: "warning", alertThreshold: metric.warning, actions: metricActions(model, at.warning) });
  return {
    organization: at.organization,
    project: at.project,
    name: alert.name,
    environment: alert.environment,
    dataset: source.dataset,
    eventTypes: source.eventTypes,
    query: [source.filter, metric.query].filter(Boolean).join(" "),
    aggregate: metric.aggregate(source.duration),
    timeWindow: durationMinutes(alert.window),
    thresholdType: 0,
    triggers,
    description: severityNote(alert),
    severity: alert.severity,
    ...(alert.adopt ? { adopt: true } : {}),
  };
}

function failureRateArgs(model: ResolvedModel, at: Target, alert: Extract<ResolvedErrorAlert, { kind: "failure-rate" }>): MetricAlertInputs {
  // failure_rate() is a fraction of transactions (0..1); thresholds compare against it directly.
  const warning = alert.warnAbovePercent === undefined ? undefined : alert.warnAbovePercent / 100;
  return performanceAlertArgs(model, at, alert, { aggregate: () => "failure_rate()", query: "", critical: alert.abovePercent / 100, warning });
}

function latencyArgs(model: ResolvedModel, at: Target, alert: ResolvedLatencyAlert): MetricAlertInputs {
  const aggregate = (d: string) => (alert.percentile === 100 ? `max(${d})` : `p${alert.percentile}(${d})`);
  return performanceAlertArgs(model, at, alert, { aggregate, query: alert.query, critical: alert.aboveMs, warning: alert.warnAboveMs });
}

/** A service's issue and metric alerts (the project slug is checked by ./problems before anything is registered). */
export function registerService({ model, service, parent }: ServiceContext<SentrySettings>): void {
  const at: Target = { organization: sentrySettings(model).organization!, project: service.sentryProject ?? service.key, warning: warningRoute(model, service.key) };
  const environments = new Map<string, Environment>();
  const after = (environment: string): pulumi.CustomResourceOptions => {
    let env = environments.get(environment);
    if (!env) {
      const name = logicalName(service.key, "sentry-environment", environment.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
      env = new Environment(name, { organization: at.organization, project: at.project, name: environment, adopt: true }, { parent });
      environments.set(environment, env);
    }
    return { parent, dependsOn: [env] };
  };
  for (const alert of service.errors) {
    const name = logicalName(service.key, "errors", alert.key);
    if (alert.kind === "failure-rate") new MetricAlert(name, failureRateArgs(model, at, alert), after(alert.environment));
    else new IssueAlert(name, issueAlertArgs(model, at, alert), after(alert.environment));
  }
  for (const alert of service.performance) {
    new MetricAlert(logicalName(service.key, "performance", alert.key), latencyArgs(model, at, alert), after(alert.environment));
  }
}
