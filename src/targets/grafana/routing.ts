/**
 * Severity routing in Grafana, as data: which contacts Grafana can deliver to, which labels a
 * rule carries so the notification policy finds its contacts, and the policy tree itself.
 * Pure: no Pulumi (the target turns these into ContactPoint / NotificationPolicy inputs).
 */
import type { Severity } from "../../model";
import type { ResolvedModel, ResolvedService, Routed } from "../../resolve";

/** Label every rule carries; the policy routes on it. */
export const SEVERITY_LABEL = "severity";
/** Label of rules whose `notify` names other contacts than the stack's routing for their severity. */
export const NOTIFY_LABEL = "notify";

/** Why Grafana cannot deliver to a contact, or undefined when it can. */
export function grafanaUndeliverable(model: ResolvedModel, key: string): string | undefined {
  const contact = model.contacts[key]?.contact;
  if (!contact) return undefined; // unknown keys are reported by resolve
  if (contact.type === "sms" || contact.type === "voice") {
    return `Grafana cannot send ${contact.type === "sms" ? "SMS" : "voice calls"} itself; page through a pagerduty contact (PagerDuty calls or texts the on-call person)`;
  }
  return undefined;
}

/** Contact keys Grafana delivers to, in the order the stack lists them. */
export function deliverable(model: ResolvedModel, keys: readonly string[]): string[] {
  return keys.filter((k) => model.contacts[k] !== undefined && grafanaUndeliverable(model, k) === undefined);
}

/** Every contact Grafana gets a contact point for, sorted by key. */
export function contactPointKeys(model: ResolvedModel): string[] {
  return deliverable(model, Object.keys(model.contacts).sort());
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");

/** Routing labels of a rule: its severity, and `notify` when its contacts are not the stack's routing. */
export function routeLabels(model: ResolvedModel, alert: Pick<Routed, "severity" | "contacts">): Record<string, string> {
  const labels: Record<string, string> = { [SEVERITY_LABEL]: alert.severity };
  if (!sameSet(alert.contacts, model.settings.routing[alert.severity])) labels[NOTIFY_LABEL] = [...alert.contacts].sort().join(",");
  return labels;
}

/** The alerts of a service that Grafana evaluates (SLO burn-rate alerts follow the stack's routing). */
export function grafanaAlerts(service: ResolvedService): { where: string; alert: Routed }[] {
  return [
    ...service.metricAlerts.map((a) => ({ where: `${service.key}.metricAlerts.${a.key}`, alert: a as Routed })),
    ...(service.database?.alerts ?? []).map((a) => ({ where: `${service.key}.database.alerts.${a.key}`, alert: a as Routed })),
  ];
}

export interface PolicyMatcher {
  label: string;
  match: "=";
  value: string;
}

export interface PolicyRoute {
  matchers: PolicyMatcher[];
  /** One child per contact, each with `continue` so every contact hears of it. */
  contacts: string[];
  repeatInterval: string;
}

export interface PolicyTree {
  /** Contact point for alerts no route matches. */
  defaultContact: string;
  groupBy: string[];
  routes: PolicyRoute[];
}

const REPEAT: Record<Severity, string> = { critical: "1h", warning: "4h" };

/**
 * The whole notification policy tree of the stack: first one route per distinct `notify` set
 * (so a rule with its own contacts reaches exactly those), then `severity=critical` to the
 * stack's paging contacts and `severity=warning` to its e-mail / Slack contacts.
 * Undefined when Grafana can deliver to no contact at all (limits reports that).
 */
export function policyTree(model: ResolvedModel): PolicyTree | undefined {
  const routes: PolicyRoute[] = [];
  const overrides = new Map<string, { severity: Severity; contacts: string[] }>();
  for (const service of model.services) {
    for (const { alert } of grafanaAlerts(service)) {
      const labels = routeLabels(model, alert);
      const notify = labels[NOTIFY_LABEL];
      if (notify !== undefined && !overrides.has(notify)) overrides.set(notify, { severity: alert.severity, contacts: alert.contacts });
    }
  }
  for (const [value, { severity, contacts }] of [...overrides].sort(([a], [b]) => a.localeCompare(b))) {
    const keys = deliverable(model, contacts);
    if (keys.length > 0) routes.push({ matchers: [{ label: NOTIFY_LABEL, match: "=", value }], contacts: keys, repeatInterval: REPEAT[severity] });
  }
  for (const severity of ["critical", "warning"] as const) {
    const keys = deliverable(model, model.settings.routing[severity]);
    if (keys.length > 0) routes.push({ matchers: [{ label: SEVERITY_LABEL, match: "=", value: severity }], contacts: keys, repeatInterval: REPEAT[severity] });
  }
  const all = contactPointKeys(model);
  const defaultContact = deliverable(model, model.settings.routing.warning)[0] ?? deliverable(model, model.settings.routing.critical)[0] ?? all[0];
  if (defaultContact === undefined) return undefined;
  return { defaultContact, groupBy: ["grafana_folder", "alertname"], routes };
}
