/**
 * Grafana: per service a folder, dashboards, and rule groups for the database, API and SLO
 * burn-rate alerts (or Grafana Cloud SLOs); per stack the Prometheus data source, one contact
 * point per contact and the one notification policy tree routing by severity.
 *
 * The PromQL, rules, routing and dashboards are pure modules beside this one; this file only
 * maps them to @pulumiverse/grafana resources.
 */
import * as pulumi from "@pulumi/pulumi";
import * as grafana from "@pulumiverse/grafana";
import type { ResolvedModel } from "../../resolve";
import { logicalName, type ServiceContext, type StackContext } from "../types";
import { buildDashboard } from "./dashboards";
import { usesGrafana } from "./problems";
import { grafanaSettings, type GrafanaSettings } from "./settings";
import { num } from "./promql";
import { contactPointKeys, policyTree } from "./routing";
import { stringify } from "yaml";
import {
  EVALUATION_INTERVAL_SECONDS,
  RECORDING_GROUP_TITLE,
  RULE_GROUP_TITLES,
  cloudSloRatio,
  grafanaRuleData,
  grafanaUid,
  queryNode,
  stackUid,
  uidEnvironment,
  serviceRules,
  type AlertRuleSpec,
  type RecordingRuleSpec,
  groupSlug,
  metricGroups,
} from "./rules";

/** uid of the data source this project creates when the stack gives a Prometheus URL without a uid (qualified by the environment). */
export const DEFAULT_DATASOURCE_UID = "monitoring-prometheus";

/** The Prometheus data source every query runs on. */
export function datasourceUid(model: ResolvedModel): string {
  const settings = grafanaSettings(model);
  return settings.datasourceUid ?? (settings.qualifyUids ? grafanaUid(DEFAULT_DATASOURCE_UID, uidEnvironment(model.environment)) : DEFAULT_DATASOURCE_UID);
}

/** What the stack-wide Grafana resources hand each service: the data source its rules query. */
export interface GrafanaShared {
  /** Grafana checks a rule's data source exists: rules and dashboards wait for it when it is created here. */
  dataSources: pulumi.Resource[];
}

/** The provider's rule input of a spec. */
export function ruleInput(rule: AlertRuleSpec, dsUid: string): grafana.types.input.alerting.RuleGroupRule {
  const { data, condition } = grafanaRuleData(rule, dsUid);
  return {
    name: rule.title,
    uid: rule.uid,
    for: rule.for,
    condition,
    datas: data,
    labels: rule.labels,
    annotations: rule.annotations,
    // A metric that is missing does not alert (the database "down" alert and the uptime checks
    // cover absence); a failing query raises Grafana's DatasourceError alert with the rule's labels.
    noDataState: "OK",
    execErrState: "Error",
    isPaused: false,
  };
}

/**
 * The provider's input of a Grafana-managed recording rule (`record`: @pulumiverse/grafana 2.40
 * `RuleGroupRule.record { metric, from, targetDatasourceUid }`, "available since Grafana 11.2,
 * requires feature flag grafanaManagedRecordingRules"; the per-rule target data source since
 * Grafana 12.1). Grafana ignores a recording rule's condition, `for` and no-data states
 * (grafana/grafana pkg/services/ngalert/models: ClearRecordingRuleIgnoredFields).
 */
export function recordingRuleInput(model: ResolvedModel, rule: RecordingRuleSpec, dsUid: string): grafana.types.input.alerting.RuleGroupRule {
  return {
    name: rule.title,
    uid: stackUid(model, ...rule.uidParts),
    datas: [queryNode({ refId: "A", expr: rule.expr }, dsUid)],
    labels: rule.labels,
    record: { metric: rule.record, from: "A", targetDatasourceUid: dsUid },
    isPaused: false,
  };
}

/** A service's folder, dashboards and rule groups (or Grafana Cloud SLOs). */
export function registerService({ model, settings, service, parent, output }: ServiceContext<GrafanaSettings>, shared: GrafanaShared): void {
  if (!usesGrafana(service)) return;
  const dsUid = datasourceUid(model);
  const opts: pulumi.CustomResourceOptions = { parent, dependsOn: shared.dataSources };
  const title = settings.qualifyUids ? `${service.name} (${model.environment})` : service.name;
  const folder = new grafana.oss.Folder(logicalName(service.key, "folder"), { title, uid: stackUid(model, service.key) }, { parent });

  for (const dashboard of service.dashboards) {
    new grafana.oss.Dashboard(
      logicalName(service.key, "dashboard", dashboard.key),
      { folder: folder.uid, configJson: JSON.stringify(buildDashboard(service, dashboard, dsUid, { sloRecordings: settings.slo === "rules", uid: stackUid(model, service.key, dashboard.key) })), overwrite: true, message: "Managed by monitoring as code" },
      opts,
    );
  }

  const rules = serviceRules(model, service);
  if (rules.sloRecordings.length > 0 && settings.recordingRules === "grafana") {
    new grafana.alerting.RuleGroup(
      logicalName(service.key, "rules", "slo-recordings"),
      { name: RECORDING_GROUP_TITLE, folderUid: folder.uid, intervalSeconds: EVALUATION_INTERVAL_SECONDS, rules: rules.sloRecordings.map((r) => recordingRuleInput(model, r, dsUid)) },
      opts,
    );
  } else if (rules.sloRecordings.length > 0) {
    const group = { name: `${service.key}-slo-recordings`, interval: `${EVALUATION_INTERVAL_SECONDS}s`, rules: rules.sloRecordings.map((r) => ({ record: r.record, expr: r.expr, labels: r.labels })) };
    output("prometheusRecordingRules", "rules.yaml", stringify({ groups: [group] }, { lineWidth: 0 }));
  }
  const groups: [string, string, AlertRuleSpec[]][] = (["database", "api", "slo"] as const).map((kind) => [kind, RULE_GROUP_TITLES[kind], rules[kind]]);
  for (const [title, specs] of metricGroups(rules)) groups.push([`metrics-${groupSlug(title)}`, title, specs]);
  for (const [key, title, specs] of groups) {
    if (specs.length === 0) continue;
    new grafana.alerting.RuleGroup(
      logicalName(service.key, "rules", key),
      { name: title, folderUid: folder.uid, intervalSeconds: EVALUATION_INTERVAL_SECONDS, rules: specs.map((r) => ruleInput(r, dsUid)) },
      opts,
    );
  }

  if (settings.slo === "grafana-cloud") {
    for (const slo of service.slos) {
      const runbookUrl = typeof slo.runbook === "string" ? slo.runbook : slo.runbook?.url;
      const annotations = runbookUrl ? [{ key: "runbook_url", value: runbookUrl }] : [];
      new grafana.slo.SLO(
        logicalName(service.key, "slo", slo.key),
        {
          name: slo.name,
          description: `${slo.name}: ${num(slo.objective * 100)}% over ${slo.window} (monitoring as code)`,
          folderUid: folder.uid,
          destinationDatasource: { uid: dsUid },
          queries: [{ type: "ratio", ratio: { ...cloudSloRatio(service, slo), sourceDatasourceUid: dsUid, groupByLabels: [] } }],
          objectives: [{ value: slo.objective, window: slo.window }],
          labels: [
            { key: "service", value: service.key },
            { key: "slo", value: slo.key },
          ],
          alerting: {
            fastburn: { labels: [{ key: "severity", value: "critical" }], annotations },
            slowburn: { labels: [{ key: "severity", value: "warning" }], annotations },
          },
        },
        opts,
      );
    }
  }
}

/** The provider's contact point input of a contact; secret fields stay Pulumi secrets. */
export function contactPointArgs(model: ResolvedModel, key: string): grafana.alerting.ContactPointArgs {
  const { contact } = model.contacts[key];
  const base = { name: key };
  switch (contact.type) {
    case "email":
      return { ...base, emails: [{ addresses: [contact.address], singleEmail: true }] };
    case "slack":
      return { ...base, slacks: [{ url: pulumi.secret(contact.webhookUrl), ...(contact.channel ? { recipient: contact.channel } : {}) }] };
    case "pagerduty":
      return { ...base, pagerduties: [{ integrationKey: pulumi.secret(contact.integrationKey), severity: "{{ .CommonLabels.severity }}" }] };
    case "webhook":
      return { ...base, webhooks: [{ url: pulumi.secret(contact.url) }] };
    case "sms":
    case "voice":
      throw new Error(`contact ${key}: Grafana has no ${contact.type} integration (limits should have skipped it)`);
  }
}

/** The Prometheus data source, a contact point per contact and the one notification policy tree. */
export function registerStack({ model, settings, parent: sharedParent }: StackContext<GrafanaSettings>): GrafanaShared {
  if (!model.services.some(usesGrafana)) return { dataSources: [] };
  const parent = sharedParent();
  const dataSources: pulumi.Resource[] = [];
  if (settings.prometheusUrl) {
    const ds = new grafana.oss.DataSource(
      "prometheus",
      {
        type: "prometheus",
        name: `Prometheus (${model.environment})`,
        uid: datasourceUid(model),
        url: settings.prometheusUrl,
        accessMode: "proxy",
        jsonDataEncoded: JSON.stringify({ httpMethod: "POST" }),
      },
      { parent },
    );
    dataSources.push(ds);
  }

  const points = new Map<string, grafana.alerting.ContactPoint>();
  for (const key of contactPointKeys(model)) {
    points.set(key, new grafana.alerting.ContactPoint(logicalName("contact", key), contactPointArgs(model, key), { parent }));
  }
  const tree = policyTree(model);
  if (!tree) return { dataSources };
  const point = (key: string) => points.get(key)!.name;
  new grafana.alerting.NotificationPolicy(
    "notification-policy",
    {
      contactPoint: point(tree.defaultContact),
      groupBies: tree.groupBy,
      policies: tree.routes.map((route) => ({
        matchers: route.matchers,
        repeatInterval: route.repeatInterval,
        ...(route.contacts.length === 1
          ? { contactPoint: point(route.contacts[0]) }
          : { policies: route.contacts.map((key) => ({ contactPoint: point(key), continue: true })) }),
      })),
    },
    { parent },
  );
  return { dataSources };
}
