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
});
export type GrafanaSettings = SettingsOf<typeof GrafanaSettings>;

export const grafanaSettings = (model: ResolvedModel): GrafanaSettings => settingsOf(model, VENDOR, GrafanaSettings);
