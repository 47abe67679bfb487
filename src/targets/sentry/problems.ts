/**
 * What Sentry accepts and can deliver. Pure data and checks, no Pulumi: run by the pipeline over
 * the resolved model before anything is registered.
 */
import { durationMinutes, durationMs, shown, type Duration } from "../../model";
import type { Problem, ResolvedModel, ResolvedService, Routed } from "../../resolve";
import { deliveryProblems, type DeliveredAlert } from "../delivery";
import { sentryLimits, WEBHOOK_REASON } from "./limits";
import { sentrySettings, type SentrySettings } from "./settings";

/** Issue-alert frequency intervals Sentry offers. */
export const ISSUE_ALERT_INTERVALS: readonly Duration[] = ["1m", "5m", "15m", "1h", "1d", "1w", "30d"];
/** Metric-alert time windows Sentry offers, in minutes. */
export const METRIC_ALERT_WINDOWS_MINUTES: readonly number[] = [1, 5, 10, 15, 30, 60, 120, 240, 1440];

/**
 * What Sentry's API accepts, from getsentry/sentry:
 * - names: `name = serializers.CharField(max_length=256)` of the issue-alert
 *   (src/sentry/api/endpoints/project_rules.py, ProjectRulesPostSerializer) and metric-alert
 *   serializers;
 * - issue-alert frequency: `IntegerField(min_value=5, max_value=60 * 24 * 30)` minutes (same file);
 * - environments: `ENVIRONMENT_NAME_MAX_LENGTH = 64` and `ENVIRONMENT_NAME_PATTERN = r"^[^\n\r\f\/]*$"`
 *   (src/sentry/constants.py);
 * - slugs: `ORG_SLUG_PATTERN`, `MIXED_SLUG_PATTERN` (src/sentry/slug/patterns.py) and
 *   `DEFAULT_SLUG_MAX_LENGTH = 50` (src/sentry/db/models/fields/slug.py; projects get their
 *   slug cut to 50 too, src/sentry/models/project.py);
 * - a warning trigger above the critical one is refused: "Critical trigger must have an alert
 *   threshold above warning trigger" (src/sentry/incidents/serializers/alert_rule.py).
 */
export const SENTRY_LIMITS = {
  alertName: 256,
  minFrequencyMinutes: 5,
  maxFrequencyMinutes: 60 * 24 * 30,
  environment: 64,
  slug: 50,
} as const;
const ORG_SLUG = /^(?![0-9]+$)[a-zA-Z0-9][a-zA-Z0-9-]*(?<!-)$/;
const PROJECT_SLUG = /^(?![0-9]+$)[a-z0-9_-]+$/;

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
    if (service.sentryProject !== undefined && watched > 0) slugProblem(`${service.key}.sentryProject`, service.sentryProject, PROJECT_SLUG, "project", error);
    for (const a of [...service.errors, ...service.performance]) {
      const where = `${service.key}.${"kind" in a ? "errors" : "performance"}.${a.key}`;
      alertLimits(where, a, error);
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
  } else if (used && sentry.organization) {
    slugProblem(`Pulumi.${model.stack}.yaml monitoring:vendors.sentry.organization`, sentry.organization, ORG_SLUG, "organization", error);
  }
  return problems;
}

function checkWindow(where: string, window: Duration, error: (w: string, m: string) => void): void {
  const minutes = durationMinutes(window);
  if (!METRIC_ALERT_WINDOWS_MINUTES.includes(minutes)) {
    error(where, `Sentry metric alerts cannot use a ${window} window (expected one of ${METRIC_ALERT_WINDOWS_MINUTES.map((m) => `${m}m`).join(", ")})`);
  }
}

function slugProblem(where: string, slug: string, pattern: RegExp, what: string, error: (w: string, m: string) => void): void {
  if (slug.length > SENTRY_LIMITS.slug) error(where, `is ${slug.length} characters long (expected a Sentry ${what} slug of at most ${SENTRY_LIMITS.slug})`);
  else if (!pattern.test(slug)) error(where, `${shown(slug)} is not a Sentry ${what} slug (expected letters, digits and -, not only digits)`);
}

type SentryAlert = ResolvedModel["services"][number]["errors"][number] | ResolvedModel["services"][number]["performance"][number];

/** Name, environment, throttle and thresholds of one alert against what Sentry accepts. */
function alertLimits(where: string, a: SentryAlert, error: (w: string, m: string) => void): void {
  if (a.name.length > SENTRY_LIMITS.alertName) error(`${where}.name`, `the alert name ${shown(a.name)} is too long for Sentry (expected at most ${SENTRY_LIMITS.alertName} characters)`);
  if (a.environment.length > SENTRY_LIMITS.environment) {
    error(`${where}.environment`, `the environment ${shown(a.environment)} is too long for Sentry (expected at most ${SENTRY_LIMITS.environment} characters; set environment, or monitoring:environment)`);
  } else if (/[\n\r\f/]/.test(a.environment)) {
    error(`${where}.environment`, `the environment ${shown(a.environment)} has a character Sentry refuses in environment names (expected no "/" or line break)`);
  }
  if ("kind" in a && (a.kind === "first-seen" || a.kind === "event-frequency")) {
    const ms = durationMs(a.throttle);
    const minutes = ms / 60_000;
    if (!Number.isInteger(minutes) || minutes < SENTRY_LIMITS.minFrequencyMinutes || minutes > SENTRY_LIMITS.maxFrequencyMinutes) {
      error(`${where}.throttle`, `Sentry notifies at most once per 5 to 43200 whole minutes, not per ${a.throttle} (expected a throttle from 5m to 30d)`);
    }
  }
  const [critical, warning, unit] =
    "kind" in a ? (a.kind === "failure-rate" ? [a.abovePercent, a.warnAbovePercent, "%"] : [undefined, undefined, ""]) : [a.aboveMs, a.warnAboveMs, " ms"];
  if (critical !== undefined && warning !== undefined && warning > critical) {
    error(`${where}.${unit === "%" ? "warnAbovePercent" : "warnAboveMs"}`, `the warning threshold ${warning}${unit} is above the critical one, ${critical}${unit}, which Sentry refuses (expected a warning threshold at most ${critical}${unit})`);
  }
}
