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
import { SLI_RATIO, SLO_METADATA, SLI_RATE_WINDOW, sloBadRatio, sloSeries } from "./slo-rules";

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
type Spec = Omit<PanelSpec, "key"> & { /** Keys a panel among several of one kind (one per SLO). */ keySuffix?: string };
type Builder = (service: ResolvedService, panel: BuiltInPanel, title: (fallback: string) => string, opts: PanelOptions) => Spec | Spec[];

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

/** How a panel reads the SLOs: their recorded series (`slo: "rules"`), or the raw counters (Grafana Cloud SLOs). */
export interface PanelOptions {
  sloRecordings: boolean;
}

/** The long window of an SLO's first page pair (else its first ticket pair): the burn rate people watch. */
const burnWindow = (slo: ResolvedService["slos"][number]) => (slo.page ?? slo.ticket)?.pairs[0];

/** The SLOs' error budget (one panel per SLO) and burn rate. */
const SLO_PANELS = {
  "slo-error-budget": (s, _p, title, opts) =>
    s.slos.map((slo) => ({
      title: title(`Error budget remaining: ${slo.name} (${slo.window})`),
      visualization: "timeseries",
      unit: "percentunit",
      queries: queries({
        expr: opts.sloRecordings ? sloSeries(s, slo, SLO_METADATA.budgetRemaining) : `1 - (${sloBadRatio(s, slo, slo.window)}) / ${q.num(slo.errorBudget)}`,
        legend: "budget remaining",
      }),
      thresholds: [0],
      keySuffix: slo.key,
    })),
  "slo-burn-rate": (s, _p, title, opts) => {
    const watched = s.slos.map((slo) => ({ slo, window: burnWindow(slo)?.long ?? SLI_RATE_WINDOW }));
    const first = s.slos.map(burnWindow).find((p) => p !== undefined);
    return timeseries(
      title(`Burn rate (${first?.long ?? SLI_RATE_WINDOW})`),
      "short",
      queries(
        ...watched.map(({ slo, window }) => ({
          expr: `${opts.sloRecordings ? sloSeries(s, slo, SLI_RATIO(window)) : `(${sloBadRatio(s, slo, window)})`} / ${q.num(slo.errorBudget)}`,
          legend: window === (first?.long ?? SLI_RATE_WINDOW) ? slo.name : `${slo.name} (${window})`,
        })),
      ),
      first ? [first.factor] : [],
    );
  },
} satisfies Record<string, Builder>;

/** The client label of a per-client panel (grafanaProblems reports a missing one before anything is built). */
function clientLabel(s: ResolvedService): string {
  if (!s.metrics.clientLabel) throw new Error(`${s.key}: a per-client panel needs metrics.clientLabel`);
  return s.metrics.clientLabel;
}
const DEFAULT_TOP = 10;

/** The product's panels (the guide's "Product Metrics"): what is used, what fails, by whom. */
const PRODUCT_PANELS = {
  "top-endpoints": (s, p, title) => {
    const top = p.top ?? DEFAULT_TOP;
    return timeseries(title(`Most used endpoints (top ${top})`), "reqps", queries({ expr: q.topEndpoints(s.metrics, top), legend: `{{${s.metrics.endpointLabel}}}` }));
  },
  "failures-per-endpoint": (s, p, title) => {
    const top = p.top ?? DEFAULT_TOP;
    return timeseries(title(`Failed requests per endpoint (top ${top})`), "reqps", queries({ expr: q.failuresPerEndpoint(s.metrics, top), legend: `{{${s.metrics.endpointLabel}}}` }));
  },
  "calls-per-client": (s, p, title) => {
    const top = p.top ?? DEFAULT_TOP;
    const label = clientLabel(s);
    return timeseries(title(`API calls per client (top ${top})`), "reqps", queries({ expr: q.callsPerClient(s.metrics, label, top), legend: `{{${label}}}` }));
  },
  "active-clients": (s, _p, title) => {
    const label = clientLabel(s);
    return timeseries(
      title("Daily active clients"),
      "short",
      queries({ expr: q.activeClients(s.metrics, label, "1d"), legend: "active in the last day" }, { expr: q.callsPerActiveClient(s.metrics, label, "1d"), legend: "calls per active client (1d)" }),
    );
  },
} satisfies Record<string, Builder>;

const BUILT_IN: Record<BuiltInPanel["kind"], Builder> = { ...API_PANELS, ...DATABASE_PANELS, ...SLO_PANELS, ...PRODUCT_PANELS };

function panelSpec(service: ResolvedService, panel: Panel, opts: PanelOptions): Spec[] {
  if (panel.kind === "query") {
    return [{ title: panel.title, visualization: "timeseries", unit: panel.unit, queries: queries({ expr: panel.expr, legend: "" }), thresholds: [] }];
  }
  const specs = BUILT_IN[panel.kind](service, panel, (fallback) => panel.title ?? fallback, opts);
  return Array.isArray(specs) ? specs : [specs];
}

/** The panels of a dashboard as data, keyed by kind (and SLO, for per-SLO panels). */
export function panelSpecs(service: ResolvedService, dashboard: Dashboard, opts: PanelOptions): PanelSpec[] {
  const seen = new Map<string, number>();
  return dashboard.panels.flatMap((panel) => {
    const n = (seen.get(panel.kind) ?? 0) + 1;
    seen.set(panel.kind, n);
    const key = n === 1 ? panel.kind : `${panel.kind}-${n}`;
    return panelSpec(service, panel, opts).map(({ keySuffix, ...spec }) => ({ key: keySuffix ? `${key}-${keySuffix}` : key, ...spec }));
  });
}

function thresholdSteps(values: number[], base: "green" | "red"): Threshold[] {
  const steps: Threshold[] = [{ value: null, color: base }];
  for (const value of [...new Set(values)].sort((a, b) => a - b)) steps.push({ value, color: base === "green" ? "red" : "green" });
  return steps;
}

/** The dashboard as the JSON model Grafana stores, built with the foundation SDK. */
export function buildDashboard(service: ResolvedService, dashboard: Dashboard & { key: string }, datasourceUid: string, opts: PanelOptions & { uid: string }): GrafanaDashboard {
  const datasource: DataSourceRef = { type: "prometheus", uid: datasourceUid };
  const builder = new DashboardBuilder(dashboard.title)
    .uid(opts.uid)
    .tags(["monitoring-as-code", service.key])
    .refresh(dashboard.refresh)
    .time({ from: `now-${dashboard.timeRange}`, to: "now" })
    .timezone("browser")
    .readonly();
  panelSpecs(service, dashboard, opts).forEach((spec, i) => {
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
