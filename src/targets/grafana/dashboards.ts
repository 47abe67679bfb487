/**
 * Dashboards, built with Grafana's foundation SDK (no hand-written dashboard JSON). Pure: the
 * panel queries are data (./promql.ts), reused by the Prometheus rule file so promtool parses
 * every query a panel runs.
 */
import { DataSourceRef, VizLegendOptionsBuilder, LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode } from "@grafana/grafana-foundation-sdk/common";
import { DashboardBuilder, ThresholdsConfigBuilder, ThresholdsMode, type Dashboard as GrafanaDashboard, type Threshold } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatPanelBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesPanelBuilder } from "@grafana/grafana-foundation-sdk/timeseries";
import type { Dashboard, Panel } from "../../model";
import type { ResolvedService } from "../../resolve";
import * as q from "./promql";
import { grafanaUid, sloBadRatio } from "./rules";

export interface PanelQuery {
  refId: string;
  expr: string;
  legend: string;
}

export interface PanelSpec {
  /** Stable within its dashboard: the panel kind (a suffix only when a kind repeats). */
  key: string;
  title: string;
  visualization: "timeseries" | "stat";
  unit: string;
  queries: PanelQuery[];
  /** Red lines at these values (the alerts' thresholds). */
  thresholds: number[];
  min?: number;
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const queries = (...items: { expr: string; legend: string }[]): PanelQuery[] => items.map((item, i) => ({ refId: REF_IDS[i], ...item }));

/** Grafana variables a custom query may use, replaced by the rate window where a plain PromQL text is needed. */
export const GRAFANA_RANGE_VARIABLES = /\$(?:__rate_interval|__interval|__range)\b|\$\{(?:__rate_interval|__interval|__range)\}/g;

function panelSpec(service: ResolvedService, panel: Panel): Omit<PanelSpec, "key"> {
  const m = service.metrics;
  const db = service.database;
  const dbName = db?.name ?? "Database";
  const title = (fallback: string) => panel.title ?? fallback;
  if (panel.kind === "query") {
    return { title: panel.title, visualization: "timeseries", unit: panel.unit, queries: queries({ expr: panel.expr, legend: "" }), thresholds: [] };
  }
  const dbAlerts = db?.alerts ?? [];
  switch (panel.kind) {
    case "requests-per-endpoint":
      return { title: title("Requests per endpoint"), visualization: "timeseries", unit: "reqps", queries: queries({ expr: q.requestsPerEndpoint(m), legend: `{{${m.endpointLabel}}}` }), thresholds: [], min: 0 };
    case "latency-percentiles": {
      const percentiles = panel.percentiles ?? [50, 95, 99];
      return {
        title: title(`Latency ${percentiles.map((p) => `p${p}`).join(" / ")}`),
        visualization: "timeseries",
        unit: "s",
        queries: queries(...percentiles.map((p) => ({ expr: q.latencyQuantile(m, p, q.RATE_WINDOW), legend: `p${p}` }))),
        thresholds: service.metricAlerts.flatMap((a) => (a.kind === "latency" ? [a.aboveMs / 1000] : [])),
        min: 0,
      };
    }
    case "error-rate":
      return {
        title: title("Error rate"),
        visualization: "timeseries",
        unit: "percent",
        queries: queries({ expr: q.errorPercent(m), legend: "errors" }),
        thresholds: service.metricAlerts.flatMap((a) => (a.kind === "error-rate" ? [a.abovePercent] : [])),
        min: 0,
      };
    case "active-connections":
      return { title: title("Active connections"), visualization: "timeseries", unit: "short", queries: queries({ expr: q.activeConnections(m), legend: "connections" }), thresholds: [], min: 0 };
    case "db-cpu":
      return {
        title: title(`${dbName} CPU`),
        visualization: "timeseries",
        unit: "percent",
        queries: queries({ expr: q.dbCpuPercent(m), legend: "CPU" }),
        thresholds: dbAlerts.flatMap((a) => (a.kind === "cpu" ? [a.abovePercent] : [])),
        min: 0,
      };
    case "db-connections": {
      const pool = db?.poolSize;
      return {
        title: title(pool === undefined ? `${dbName} connections` : `${dbName} connections (pool of ${pool})`),
        visualization: "timeseries",
        unit: "short",
        queries: queries({ expr: q.dbConnections(m), legend: "connections" }, ...(pool === undefined ? [] : [{ expr: `vector(${pool})`, legend: "pool size" }])),
        thresholds: pool === undefined ? [] : dbAlerts.flatMap((a) => (a.kind === "connections" ? [(a.abovePercentOfPool * pool) / 100] : [])),
        min: 0,
      };
    }
    case "db-disk":
      return {
        title: title(`${dbName} disk used`),
        visualization: "timeseries",
        unit: "percent",
        queries: queries({ expr: q.dbDiskPercent(m), legend: "disk" }),
        thresholds: dbAlerts.flatMap((a) => (a.kind === "disk" ? [a.abovePercent] : [])),
        min: 0,
      };
    case "db-slow-queries":
      return {
        title: title(`${dbName} slow queries (per ${q.RATE_WINDOW})`),
        visualization: "timeseries",
        unit: "short",
        queries: queries({ expr: q.dbSlowQueries(m, q.RATE_WINDOW), legend: "slow queries" }),
        thresholds: [],
        min: 0,
      };
    case "slo-error-budget":
      return {
        title: title("Error budget remaining"),
        visualization: "stat",
        unit: "percentunit",
        queries: queries(...service.slos.map((s) => ({ expr: `1 - (${sloBadRatio(service, s, s.window)}) / ${q.num(s.errorBudget)}`, legend: s.name }))),
        thresholds: [0],
      };
    case "slo-burn-rate": {
      const page = service.slos[0]?.burnRateAlerts.find((b) => b.severity === "critical");
      return {
        title: title(`Burn rate (${page?.long ?? "1h"})`),
        visualization: "timeseries",
        unit: "short",
        queries: queries(...service.slos.map((s) => ({ expr: `(${sloBadRatio(service, s, page?.long ?? "1h")}) / ${q.num(s.errorBudget)}`, legend: s.name }))),
        thresholds: page ? [page.factor] : [],
        min: 0,
      };
    }
  }
}

/** The panels of a dashboard as data, keyed by kind. */
export function panelSpecs(service: ResolvedService, dashboard: Dashboard): PanelSpec[] {
  const seen = new Map<string, number>();
  return dashboard.panels.map((panel) => {
    const n = (seen.get(panel.kind) ?? 0) + 1;
    seen.set(panel.kind, n);
    return { key: n === 1 ? panel.kind : `${panel.kind}-${n}`, ...panelSpec(service, panel) };
  });
}

function thresholdSteps(values: number[], base: "green" | "red"): Threshold[] {
  const steps: Threshold[] = [{ value: null, color: base }];
  for (const value of [...new Set(values)].sort((a, b) => a - b)) steps.push({ value, color: base === "green" ? "red" : "green" });
  return steps;
}

/** The dashboard as the JSON model Grafana stores, built with the foundation SDK. */
export function buildDashboard(service: ResolvedService, dashboard: Dashboard & { key: string }, datasourceUid: string): GrafanaDashboard {
  const datasource: DataSourceRef = { type: "prometheus", uid: datasourceUid };
  const builder = new DashboardBuilder(dashboard.title)
    .uid(grafanaUid(service.key, dashboard.key))
    .tags(["monitoring-as-code", service.key])
    .refresh(dashboard.refresh)
    .time({ from: `now-${dashboard.timeRange}`, to: "now" })
    .timezone("browser")
    .readonly();
  panelSpecs(service, dashboard).forEach((spec, i) => {
    const gridPos = { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 };
    const targets = spec.queries.map((query) => new DataqueryBuilder().refId(query.refId).expr(query.expr).legendFormat(query.legend || "__auto").datasource(datasource));
    if (spec.visualization === "stat") {
      const panel = new StatPanelBuilder()
        .title(spec.title)
        .datasource(datasource)
        .gridPos(gridPos)
        .unit(spec.unit)
        .reduceOptions(new ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
        .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(thresholdSteps(spec.thresholds, "red")));
      for (const target of targets) panel.withTarget(target);
      builder.withPanel(panel);
      return;
    }
    const panel = new TimeseriesPanelBuilder()
      .title(spec.title)
      .datasource(datasource)
      .gridPos(gridPos)
      .unit(spec.unit)
      .legend(new VizLegendOptionsBuilder().displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).showLegend(true))
      .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(thresholdSteps(spec.thresholds, "green")))
      .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(spec.thresholds.length > 0 ? GraphThresholdsStyleMode.Dashed : GraphThresholdsStyleMode.Off));
    if (spec.min !== undefined) panel.min(spec.min);
    for (const target of targets) panel.withTarget(target);
    builder.withPanel(panel);
  });
  return builder.build();
}
