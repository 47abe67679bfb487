/**
 * What Grafana needs and can deliver. Pure checks over the resolved model, run by the pipeline
 * before anything is registered.
 */
import type { Problem, ResolvedModel, ResolvedService, Routed } from "../../resolve";
import { num } from "./promql";
import { deliveryProblems } from "../delivery";
import { contactPointKeys, grafanaAlerts, grafanaUndeliverable } from "./routing";
import { groupSlug, metricGroups, RECORDING_GROUP_TITLE, RULE_GROUP_TITLES, serviceRules, type ServiceRules } from "./rules";
import type { GrafanaSettings } from "./settings";

/**
 * Histogram buckets the Prometheus client libraries declare by default, in seconds (Go's
 * DefBuckets; the Python client adds 0.075, 0.75 and 7.5).
 */
export const DEFAULT_BUCKETS_SECONDS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Whether a service has anything Grafana provisions. */
export function usesGrafana(service: ResolvedService): boolean {
  return service.metricAlerts.length > 0 || service.database !== undefined || service.dashboards.length > 0 || service.slos.length > 0;
}

/** Every alert Grafana sends for a service: its metric and database alerts, and each SLO's page, ticket and budget alert. */
function routedAlerts(service: ResolvedService): { where: string; alert: Pick<Routed, "severity" | "contacts"> }[] {
  const out: { where: string; alert: Pick<Routed, "severity" | "contacts"> }[] = grafanaAlerts(service);
  for (const slo of service.slos) {
    const where = `${service.key}.slos.${slo.key}`;
    if (slo.page) out.push({ where, alert: { severity: "critical", contacts: slo.page.contacts } });
    for (const warning of [slo.ticket, slo.budgetExhausted]) if (warning) out.push({ where, alert: { severity: "warning", contacts: warning.contacts } });
  }
  return out;
}

/**
 * Grafana rejects a rule whose title is longer than this, counted in bytes (Go's `len` of the
 * UTF-8 string): grafana/grafana pkg/services/ngalert/store/alert_rule.go
 * `AlertRuleMaxTitleLength = 190`, checked in pkg/services/ngalert/api/api_ruler_validation.go
 * ("alert rule title is too long. Max length is 190") and for recording rules too.
 */
export const RULE_TITLE_MAX_BYTES = 190;

const CLIENT_PANELS: readonly string[] = ["calls-per-client", "active-clients"];

/** Per-client product panels need the label that names the client. */
function panelProblems(service: ResolvedService): Problem[] {
  if (service.metrics.clientLabel) return [];
  return service.dashboards.flatMap((d) =>
    d.panels.flatMap((p, i) =>
      CLIENT_PANELS.includes(p.kind)
        ? [{ level: "error" as const, where: `${service.key}.dashboards.${d.key}.panels[${i}]`, message: `the ${p.kind} panel groups requests by client, and metrics.clientLabel is not set (expected the label naming the API client or user, e.g. metrics: { clientLabel: "client_id" })` }]
        : [],
    ),
  );
}

export function grafanaProblems(model: ResolvedModel, settings: GrafanaSettings): Problem[] {
  const problems: Problem[] = [];
  const error = (where: string, message: string) => problems.push({ level: "error", where, message });
  const warn = (where: string, message: string) => problems.push({ level: "warning", where, message });
  const configFile = `Pulumi.${model.stack}.yaml`;
  const services = model.services.filter(usesGrafana);
  if (services.length === 0) return problems;

  if (!settings.prometheusUrl && !settings.datasourceUid) {
    error(
      `${configFile} monitoring:vendors.grafana.prometheusUrl`,
      `missing (expected the URL of the Prometheus that scrapes ${services.map((s) => s.key).join(", ")}, or monitoring:vendors.grafana.datasourceUid of an existing Grafana data source; or vendors.grafana.enabled: false)`,
    );
  }

  const alerts = services.flatMap(routedAlerts);
  problems.push(
    ...deliveryProblems(model, alerts, {
      vendor: "Grafana",
      undeliverable: (key) => grafanaUndeliverable(model, key),
      expectedReachable: "(expected an email, slack, pagerduty or webhook contact)",
      expectedPager: "(expected a pagerduty contact)",
    }),
  );
  for (const service of services) {
    for (const slo of service.slos) {
      if (slo.kind !== "latency") continue;
      const seconds = slo.thresholdMs / 1000;
      if (!DEFAULT_BUCKETS_SECONDS.includes(seconds)) {
        warn(
          `${service.key}.slos.${slo.key}.thresholdMs`,
          `${slo.thresholdMs} ms must be a bucket boundary of ${service.metrics.durationHistogram} (a bucket le="${num(seconds)}"), and it is not one of the client libraries' default buckets: declare that bucket in the app, or the SLO never alerts`,
        );
      }
    }

    const rules = serviceRules(model, service);
    const titles = new Map<string, number>();
    const longest = new Map<string, { title: string; bytes: number }>();
    for (const rule of [...rules.api, ...rules.metrics, ...rules.database, ...rules.slo, ...rules.sloRecordings]) {
      titles.set(rule.title, (titles.get(rule.title) ?? 0) + 1);
      const bytes = Buffer.byteLength(rule.title, "utf8");
      if (bytes > RULE_TITLE_MAX_BYTES && bytes > (longest.get(rule.source)?.bytes ?? 0)) longest.set(rule.source, { title: rule.title, bytes });
    }
    for (const [source, { title, bytes }] of longest) {
      error(`${source}.name`, `the Grafana rule title ${JSON.stringify(title)} is ${bytes} bytes long (expected at most ${RULE_TITLE_MAX_BYTES}, Grafana's limit on rule titles: set a shorter name)`);
    }
    problems.push(...panelProblems(service), ...metricGroupProblems(service.key, rules));
    for (const [title, count] of titles) {
      if (count > 1) error(service.key, `${count} Grafana alert rules are named "${title}" (expected unique names within a service's folder: set name on the alerts)`);
    }
  }

  if (alerts.length > 0 && contactPointKeys(model).length === 0) {
    error(`${configFile} monitoring:contacts`, "Grafana can deliver to none of the contacts (expected at least one email, slack, pagerduty or webhook contact for its notification policy)");
  }
  return problems;
}

/**
 * Rule groups named by alerts on any metric: not one of the groups the project makes itself (two
 * definitions would share a group without knowing it), and distinct as logical names.
 */
function metricGroupProblems(serviceKey: string, rules: ServiceRules): Problem[] {
  const problems: Problem[] = [];
  const reserved = [...Object.values(RULE_GROUP_TITLES), RECORDING_GROUP_TITLE];
  const bySlug = new Map<string, string>();
  for (const [title, specs] of metricGroups(rules)) {
    const where = `${specs[0].source}.group`;
    if (reserved.includes(title)) {
      problems.push({ level: "error", where, message: `"${title}" is the name of a rule group this project makes itself (expected another group name, e.g. "Metrics")` });
    }
    const slug = groupSlug(title);
    const other = bySlug.get(slug);
    if (other !== undefined && other !== title) {
      problems.push({ level: "error", where, message: `the rule groups "${other}" and "${title}" differ only in case or punctuation (expected one name for one group)` });
    }
    bySlug.set(slug, title);
  }
  return problems;
}
