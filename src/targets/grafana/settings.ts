/** `monitoring:vendors.grafana`: the Prometheus data source and how SLOs are provisioned. */
import { z } from "zod";
import { HttpUrl } from "../../model";
import type { ResolvedModel } from "../../resolve";
import { settingsOf, type SettingsOf } from "../types";

export const VENDOR = "grafana";

export const GrafanaSettings = z.strictObject({
  /** URL of the Prometheus data source to create; left out, use `datasourceUid`. */
  prometheusUrl: HttpUrl.optional(),
  /** uid of an existing Prometheus data source. */
  datasourceUid: z.string().min(1).optional(),
  /** "rules": burn-rate alert rules generated here; "grafana-cloud": Grafana Cloud's SLO resource. */
  slo: z.enum(["rules", "grafana-cloud"]).default("rules"),
  /**
   * Who evaluates the SLOs' recording rules, which their alerts and panels read: "grafana"
   * (Grafana-managed recording rules writing to the data source, Grafana 12.1 or later) or
   * "prometheus" (the Prometheus or Mimir behind the data source loads them from the stack
   * output `prometheusRecordingRules`).
   */
  recordingRules: z.enum(["grafana", "prometheus"]).default("grafana"),
  /**
   * Qualify folder, dashboard, rule and data source uids (and the folder title) with the
   * environment, so that stacks sharing a Grafana organization never overwrite each other's.
   * `false` keeps the unqualified uids of a stack provisioned before (no replacement).
   */
  qualifyUids: z.boolean({ error: "expected true or false" }).default(true),
});
export type GrafanaSettings = SettingsOf<typeof GrafanaSettings>;

export const grafanaSettings = (model: ResolvedModel): GrafanaSettings => settingsOf(model, VENDOR, GrafanaSettings);
