/**
 * What Sentry accepts and can deliver. Pure data and checks, no Pulumi: run by the pipeline over
 * the resolved model before anything is registered.
 */
import { durationMinutes, type Duration } from "../../model";
import type { Problem, ResolvedModel, ResolvedService, Routed } from "../../resolve";
import { deliveryProblems, type DeliveredAlert } from "../delivery";
import { sentryLimits, WEBHOOK_REASON } from "./limits";
import { sentrySettings, type SentrySettings } from "./settings";

/** Issue-alert frequency intervals Sentry offers. */
export const ISSUE_ALERT_INTERVALS: readonly Duration[] = ["1m", "5m", "15m", "1h", "1d", "1w", "30d"];
/** Metric-alert time windows Sentry offers, in minutes. */
export const METRIC_ALERT_WINDOWS_MINUTES: readonly number[] = [1, 5, 10, 15, 30, 60, 120, 240, 1440];

export type SentryAlertKind = "issue" | "metric";

/** Why Sentry cannot deliver to a contact, or undefined when it can. */
export function undeliverable(model: ResolvedModel, contactKey: string, kind: SentryAlertKind): string | undefined {
  const contact = model.contacts[contactKey]?.contact;
  const sentry = sentrySettings(model);
  if (!contact) return undefined; // an unknown key is reported by resolve
  switch (contact.type) {
    case "sms":
    case "voice":
      return `Sentry cannot send ${contact.type === "sms" ? "SMS" : "voice calls"}; route through a pagerduty contact`;
    case "slack":
      if (!sentry.slackIntegrationId) return "needs monitoring:vendors.sentry.slackIntegrationId (Sentry's Slack integration)";
      if (!contact.channel) return "needs a channel on the slack contact for Sentry";
      return undefined;
    case "pagerduty":
      return sentry.pagerduty ? undefined : "needs monitoring:vendors.sentry.pagerduty { integrationId, serviceId }";
    case "email":
      return kind === "metric" && !sentry.emailTeamId ? "needs monitoring:vendors.sentry.emailTeamId for metric alerts" : undefined;
    case "webhook":
      return WEBHOOK_REASON;
  }
}

function* sentryAlerts(service: ResolvedService): Generator<{ where: string; alert: Routed; kind: SentryAlertKind }> {
  for (const a of service.errors) {
    yield { where: `${service.key}.errors.${a.key}`, alert: a, kind: a.kind === "failure-rate" ? "metric" : "issue" };
  }
  for (const a of service.performance) yield { where: `${service.key}.performance.${a.key}`, alert: a, kind: "metric" };
}

export function sentryProblems(model: ResolvedModel, sentry: SentrySettings): Problem[] {
  const problems: Problem[] = [];
  const error = (where: string, message: string) => problems.push({ level: "error", where, message });
  const alerts: (DeliveredAlert & { kind: SentryAlertKind })[] = [];
  for (const service of model.services) {
    const watched = service.errors.length + service.performance.length;
    if (watched > 0 && !service.sentryProject) {
      error(`${service.key}.sentryProject`, `missing (expected the Sentry project slug watched by ${watched} error and performance alerts)`);
    }
    for (const a of service.errors) {
      if (a.kind === "event-frequency" && !ISSUE_ALERT_INTERVALS.includes(a.interval)) {
        error(`${service.key}.errors.${a.key}.interval`, `Sentry issue alerts cannot count over ${a.interval} (expected one of ${ISSUE_ALERT_INTERVALS.join(", ")})`);
      }
      if (a.kind === "failure-rate") checkWindow(`${service.key}.errors.${a.key}.window`, a.window, error);
    }
    for (const a of service.performance) checkWindow(`${service.key}.performance.${a.key}.window`, a.window, error);
    alerts.push(...sentryAlerts(service));
  }
  const used = alerts.length > 0;
  problems.push(
    // A webhook contact is an error of each alert that names it (./limits), not a skipped contact.
    ...deliveryProblems(model, alerts, {
      vendor: "Sentry",
      undeliverable: (key, a) => undeliverable(model, key, (a as (typeof alerts)[number]).kind),
      expectedReachable: "(expected an e-mail, Slack or PagerDuty contact Sentry can deliver to)",
      expectedPager: "(expected a pagerduty contact with monitoring:vendors.sentry.pagerduty set)",
    }).filter((p) => !(p.level === "warning" && p.message.endsWith(WEBHOOK_REASON))),
  );
  problems.push(...sentryLimits(model, sentry, (key) => model.contacts[key] !== undefined && undeliverable(model, key, "metric") === undefined));
  if (used && !sentry.organization) {
    error(`Pulumi.${model.stack}.yaml monitoring:vendors.sentry.organization`, "missing (expected the Sentry organization slug, or vendors.sentry.enabled: false)");
  }
  return problems;
}

function checkWindow(where: string, window: Duration, error: (w: string, m: string) => void): void {
  const minutes = durationMinutes(window);
  if (!METRIC_ALERT_WINDOWS_MINUTES.includes(minutes)) {
    error(where, `Sentry metric alerts cannot use a ${window} window (expected one of ${METRIC_ALERT_WINDOWS_MINUTES.map((m) => `${m}m`).join(", ")})`);
  }
}
