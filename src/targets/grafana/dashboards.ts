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

type BuiltInPanel = Exclude<Panel, { kind: "query" }>;
type Spec = Omit<PanelSpec, "key">;
type Builder = (service: ResolvedService, panel: BuiltInPanel, title: (fallback: string) => string) => Spec;

const timeseries = (title: string, unit: string, panelQueries: PanelQuery[], thresholds: number[] = []): Spec => ({ title, visualization: "timeseries", unit, queries: panelQueries, thresholds, min: 0 });
const dbName = (service: ResolvedService) => service.database?.name ?? "Database";
const dbAlerts = (service: ResolvedService) => service.database?.alerts ?? [];

/** The API's own panels: traffic, latency, errors, connections. */
const API_PANELS = {
  "requests-per-endpoint": (s, _p, title) => timeseries(title("Requests per endpoint"), "reqps", queries({ expr: q.requestsPerEndpoint(s.metrics), legend: `{{${s.metrics.endpointLabel}}}` })),
  "latency-percentiles": (s, p, title) => {
    const percentiles = p.percentiles ?? [50, 95, 99];
    return timeseries(
      title(`Latency ${percentiles.map((x) => `p${x}`).join(" / ")}`),
      "s",
      queries(...percentiles.map((x) => ({ expr: q.latencyQuantile(s.metrics, x, q.RATE_WINDOW), legend: `p${x}` }))),
      s.metricAlerts.flatMap((a) => (a.kind === "latency" ? [a.aboveMs / 1000] : [])),
    );
  },
  "error-rate": (s, _p, title) =>
    timeseries(title("Error rate"), "percent", queries({ expr: q.errorPercent(s.metrics), legend: "errors" }), s.metricAlerts.flatMap((a) => (a.kind === "error-rate" ? [a.abovePercent] : []))),
  "active-connections": (s, _p, title) => timeseries(title("Active connections"), "short", queries({ expr: q.activeConnections(s.metrics), legend: "connections" })),
} satisfies Record<string, Builder>;

/** The database exporter's panels. */
const DATABASE_PANELS = {
  "db-cpu": (s, _p, title) =>
    timeseries(title(`${dbName(s)} CPU`), "percent", queries({ expr: q.dbCpuPercent(s.metrics), legend: "CPU" }), dbAlerts(s).flatMap((a) => (a.kind === "cpu" ? [a.abovePercent] : []))),
  "db-connections": (s, _p, title) => {
    const pool = s.database?.poolSize;
    return timeseries(
      title(pool === undefined ? `${dbName(s)} connections` : `${dbName(s)} connections (pool of ${pool})`),
      "short",
      queries({ expr: q.dbConnections(s.metrics), legend: "connections" }, ...(pool === undefined ? [] : [{ expr: `vector(${pool})`, legend: "pool size" }])),
      pool === undefined ? [] : dbAlerts(s).flatMap((a) => (a.kind === "connections" ? [(a.abovePercentOfPool * pool) / 100] : [])),
    );
  },
  "db-disk": (s, _p, title) =>
    timeseries(title(`${dbName(s)} disk used`), "percent", queries({ expr: q.dbDiskPercent(s.metrics), legend: "disk" }), dbAlerts(s).flatMap((a) => (a.kind === "disk" ? [a.abovePercent] : []))),
  "db-slow-queries": (s, _p, title) => timeseries(title(`${dbName(s)} slow queries (per ${q.RATE_WINDOW})`), "short", queries({ expr: q.dbSlowQueries(s.metrics, q.RATE_WINDOW), legend: "slow queries" })),
} satisfies Record<string, Builder>;

/** The SLOs' error budget and burn rate. */
const SLO_PANELS = {
  "slo-error-budget": (s, _p, title) => ({
    title: title("Error budget remaining"),
    visualization: "stat",
    unit: "percentunit",
    queries: queries(...s.slos.map((slo) => ({ expr: `1 - (${sloBadRatio(s, slo, slo.window)}) / ${q.num(slo.errorBudget)}`, legend: slo.name }))),
    thresholds: [0],
  }),
  "slo-burn-rate": (s, _p, title) => {
    const page = s.slos[0]?.burnRateAlerts.find((b) => b.severity === "critical");
    return timeseries(
      title(`Burn rate (${page?.long ?? "1h"})`),
      "short",
      queries(...s.slos.map((slo) => ({ expr: `(${sloBadRatio(s, slo, page?.long ?? "1h")}) / ${q.num(slo.errorBudget)}`, legend: slo.name }))),
      page ? [page.factor] : [],
    );
  },
} satisfies Record<string, Builder>;

const BUILT_IN: Record<BuiltInPanel["kind"], Builder> = { ...API_PANELS, ...DATABASE_PANELS, ...SLO_PANELS };

function panelSpec(service: ResolvedService, panel: Panel): Spec {
  if (panel.kind === "query") {
    return { title: panel.title, visualization: "timeseries", unit: panel.unit, queries: queries({ expr: panel.expr, legend: "" }), thresholds: [] };
  }
  return BUILT_IN[panel.kind](service, panel, (fallback) => panel.title ?? fallback);
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
