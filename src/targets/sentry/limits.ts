/**
 * What Sentry's own validators would refuse beyond ./problems' bounds (names, throttle, threshold
 * order), checked before anything is registered, with the evidence in the kinds
 * (./kinds/metric-alert.ts): every trigger needs an action, span windows, webhook contacts.
 */
import { durationMinutes } from "../../model";
import type { Problem, ResolvedModel, ResolvedService, Routed } from "../../resolve";
import { warningRoute, type SentrySettings } from "./settings";

/**
 * Why a webhook contact is an error for Sentry alerts: `NotifyEventServiceAction` with service
 * "webhooks" calls the WebHooks plugin's `rule_notify`, which posts to `get_webhook_urls(project)`
 * (the plugin's `urls` option of the project: `sentry_plugins`/`plugins/sentry_webhooks/plugin.py`),
 * never to a URL in the rule; and metric alerts have no webhook action at all.
 */
export const WEBHOOK_REASON =
  "Sentry cannot post an alert to a contact's URL: its webhook action (NotifyEventServiceAction, service \"webhooks\") posts to the URLs of the project's WebHooks plugin, the same for every rule, and metric alerts have no webhook action";

type Error = (where: string, message: string) => void;

function checkWebhooks(model: ResolvedModel, where: string, alert: Routed, error: Error): void {
  for (const key of alert.contacts) {
    if (model.contacts[key]?.contact.type !== "webhook") continue;
    error(where, `routes to the webhook contact "${key}". ${WEBHOOK_REASON} (expected notify on this alert without webhook contacts; deliver webhooks through UptimeRobot or Grafana)`);
  }
}

/** The warning trigger needs an action too (Sentry: "Each trigger must have an associated action for this alert to fire."). */
function checkWarningTrigger(route: readonly string[], where: string, reachable: (key: string) => boolean, error: Error): void {
  if (route.some(reachable)) return;
  error(where, `the warning trigger would reach no contact Sentry can deliver to (expected monitoring:routing.warning, or the service's, to name an e-mail, Slack or PagerDuty contact Sentry can reach: Sentry requires every trigger to have an action)`);
}

function serviceLimits(model: ResolvedModel, settings: SentrySettings, service: ResolvedService, reachable: (key: string) => boolean, error: Error): void {
  const minWindow = settings.performanceDataset === "spans" ? 5 : 1;
  const windowCheck = (where: string, window: Parameters<typeof durationMinutes>[0]) => {
    if (durationMinutes(window) < minWindow) error(`${where}.window`, `Sentry span alerts need a window of at least 5 minutes (expected 5m or more with performanceDataset "spans")`);
  };
  for (const a of service.errors) {
    const where = `${service.key}.errors.${a.key}`;
    checkWebhooks(model, where, a, error);
    if (a.kind !== "failure-rate") continue;
    windowCheck(where, a.window);
    if (a.warnAbovePercent !== undefined) checkWarningTrigger(warningRoute(model, service.key), `${where}.warnAbovePercent`, reachable, error);
  }
  for (const a of service.performance) {
    const where = `${service.key}.performance.${a.key}`;
    checkWebhooks(model, where, a, error);
    windowCheck(where, a.window);
    if (a.warnAboveMs !== undefined) checkWarningTrigger(warningRoute(model, service.key), `${where}.warnAboveMs`, reachable, error);
  }
}

export function sentryLimits(model: ResolvedModel, settings: SentrySettings, reachable: (key: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  const error: Error = (where, message) => problems.push({ level: "error", where, message });
  for (const service of model.services) serviceLimits(model, settings, service, reachable, error);
  return problems;
}
