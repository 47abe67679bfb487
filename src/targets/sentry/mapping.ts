/**
 * Sentry: issue alerts (first seen, event frequency) and metric alerts (failure rate, latency
 * percentile), each routed to the contacts Sentry can deliver to.
 */
import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";
import { durationMinutes, type Duration } from "../../model";
import type { ResolvedErrorAlert, ResolvedLatencyAlert, ResolvedModel, Routed } from "../../resolve";
import { logicalName, type ServiceContext } from "../types";
import { undeliverable } from "./problems";
import { sentrySettings, type SentrySettings } from "./settings";

type IssueAction = Record<string, string>;
type MetricAction = sentry.types.input.SentryMetricAlertTriggerAction;

/** Issue-alert actions for the contacts Sentry can deliver to (one e-mail action however many addresses). */
export function issueActions(model: ResolvedModel, alert: Routed): IssueAction[] {
  const cfg = sentrySettings(model);
  const actions: IssueAction[] = [];
  const seen = new Set<string>();
  for (const key of alert.contacts) {
    if (undeliverable(model, key, "issue")) continue;
    const contact = model.contacts[key].contact;
    let action: IssueAction;
    switch (contact.type) {
      case "email":
        action = cfg.emailTeamId
          ? { id: "sentry.mail.actions.NotifyEmailAction", targetType: "Team", targetIdentifier: cfg.emailTeamId }
          : { id: "sentry.mail.actions.NotifyEmailAction", targetType: "IssueOwners", fallthroughType: "ActiveMembers" };
        break;
      case "slack":
        action = { id: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction", workspace: cfg.slackIntegrationId!, channel: contact.channel! };
        break;
      case "pagerduty":
        action = {
          id: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction",
          account: cfg.pagerduty!.integrationId,
          service: cfg.pagerduty!.serviceId,
          severity: alert.severity === "critical" ? "critical" : "warning",
        };
        break;
      case "webhook":
        action = { id: "sentry.rules.actions.notify_event_service.NotifyEventServiceAction", service: "webhooks" };
        break;
      default:
        continue;
    }
    const identity = JSON.stringify(action);
    if (!seen.has(identity)) actions.push(action);
    seen.add(identity);
  }
  return actions;
}

/** Metric-alert trigger actions for the contacts Sentry can deliver to. */
export function metricActions(model: ResolvedModel, contacts: readonly string[]): MetricAction[] {
  const cfg = sentrySettings(model);
  const actions: MetricAction[] = [];
  const seen = new Set<string>();
  for (const key of contacts) {
    if (undeliverable(model, key, "metric")) continue;
    const contact = model.contacts[key].contact;
    let action: MetricAction;
    if (contact.type === "email") action = { type: "email", targetType: "team", targetIdentifier: cfg.emailTeamId! };
    else if (contact.type === "slack") action = { type: "slack", targetType: "specific", targetIdentifier: contact.channel!, integrationId: Number(cfg.slackIntegrationId) };
    else if (contact.type === "pagerduty")
      action = { type: "pagerduty", targetType: "specific", targetIdentifier: cfg.pagerduty!.serviceId, integrationId: Number(cfg.pagerduty!.integrationId) };
    else continue;
    const identity = JSON.stringify(action);
    if (!seen.has(identity)) actions.push(action);
    seen.add(identity);
  }
  return actions;
}

function issueAlertArgs(model: ResolvedModel, project: string, alert: ResolvedErrorAlert): sentry.SentryIssueAlertArgs | undefined {
  const common = {
    organization: sentrySettings(model).organization!,
    project,
    name: alert.name,
    environment: alert.environment,
    actionMatch: "any",
    filterMatch: "all",
    actions: issueActions(model, alert),
  };
  if (alert.kind === "first-seen") {
    return { ...common, frequency: durationMinutes(alert.throttle), conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }] };
  }
  if (alert.kind === "event-frequency") {
    return {
      ...common,
      frequency: durationMinutes(alert.throttle),
      conditions: [
        { id: "sentry.rules.conditions.event_frequency.EventFrequencyCondition", value: String(alert.moreThan), comparisonType: "count", interval: alert.interval },
      ],
    };
  }
  return undefined;
}

function trigger(model: ResolvedModel, label: "critical" | "warning", threshold: number, contacts: readonly string[]): sentry.types.input.SentryMetricAlertTrigger {
  return { label, alertThreshold: threshold, thresholdType: 0, actions: metricActions(model, contacts) };
}

/** A metric alert over transactions: a critical trigger for the alert's route, and an optional warning one. */
function transactionAlertArgs(
  model: ResolvedModel,
  project: string,
  alert: Routed & { environment: string; window: Duration },
  metric: { aggregate: string; query: string; critical: number; warning?: number },
): sentry.SentryMetricAlertArgs {
  const triggers = [trigger(model, "critical", metric.critical, alert.contacts)];
  if (metric.warning !== undefined) triggers.push(trigger(model, "warning", metric.warning, model.settings.routing.warning));
  return {
    organization: sentrySettings(model).organization!,
    project,
    name: alert.name,
    environment: alert.environment,
    dataset: "transactions",
    eventTypes: ["transaction"],
    query: metric.query,
    aggregate: metric.aggregate,
    timeWindow: durationMinutes(alert.window),
    thresholdType: 0,
    triggers,
  };
}

function failureRateArgs(model: ResolvedModel, project: string, alert: Extract<ResolvedErrorAlert, { kind: "failure-rate" }>): sentry.SentryMetricAlertArgs {
  // failure_rate() is a fraction of transactions (0..1); thresholds compare against it directly.
  const warning = alert.warnAbovePercent === undefined ? undefined : alert.warnAbovePercent / 100;
  return transactionAlertArgs(model, project, alert, { aggregate: "failure_rate()", query: "", critical: alert.abovePercent / 100, warning });
}

function latencyArgs(model: ResolvedModel, project: string, alert: ResolvedLatencyAlert): sentry.SentryMetricAlertArgs {
  const aggregate = alert.percentile === 100 ? "max(transaction.duration)" : `p${alert.percentile}(transaction.duration)`;
  return transactionAlertArgs(model, project, alert, { aggregate, query: alert.query, critical: alert.aboveMs, warning: alert.warnAboveMs });
}

/** A service's issue and metric alerts (the project slug is checked by ./problems before anything is registered). */
export function registerService({ model, service, parent }: ServiceContext<SentrySettings>): void {
  const opts: pulumi.CustomResourceOptions = { parent };
  const project = service.sentryProject ?? service.key;
  for (const alert of service.errors) {
    const name = logicalName(service.key, "errors", alert.key);
    if (alert.kind === "failure-rate") new sentry.SentryMetricAlert(name, failureRateArgs(model, project, alert), opts);
    else new sentry.SentryIssueAlert(name, issueAlertArgs(model, project, alert)!, opts);
  }
  for (const alert of service.performance) {
    new sentry.SentryMetricAlert(logicalName(service.key, "performance", alert.key), latencyArgs(model, project, alert), opts);
  }
}
