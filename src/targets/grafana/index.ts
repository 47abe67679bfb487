/**
 * Grafana: per service a folder, dashboards, and rule groups for the database, API and SLO
 * burn-rate alerts (or Grafana Cloud SLOs); per stack the Prometheus data source, one contact
 * point per contact and the one notification policy tree routing by severity.
 */
import { defineVendor } from "../types";
import { grafanaDrill } from "./drill";
import { registerService, registerStack, type GrafanaShared } from "./mapping";
import { grafanaPricing } from "./pricing";
import { grafanaProblems } from "./problems";
import { GrafanaSettings, VENDOR } from "./settings";

export { prometheusRuleFile, prometheusRuleGroups } from "./rule-file";
export { contactPointArgs, datasourceUid, DEFAULT_DATASOURCE_UID, ruleInput } from "./mapping";

export const grafana = defineVendor<typeof GrafanaSettings, GrafanaShared>({
  name: VENDOR,
  title: "Grafana",
  settings: GrafanaSettings,
  concerns: ["metricAlerts", "database", "dashboards", "slos"],
  problems: grafanaProblems,
  registerStack,
  registerService,
  pricing: grafanaPricing,
  drill: grafanaDrill,
  // pulumiverse/grafana: org, folder and name identify a rule group; a folder's uid is its id; a dashboard's org.
  replaceOnChange: {
    "grafana:alerting/ruleGroup:RuleGroup": ["orgId", "folderUid", "name"],
    "grafana:oss/folder:Folder": ["uid", "orgId"],
    "grafana:oss/dashboard:Dashboard": ["orgId"],
  },
});
