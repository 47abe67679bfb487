/**
 * The Grafana target under Pulumi's mocks: the exact Folder / DataSource / Dashboard /
 * ContactPoint / NotificationPolicy / RuleGroup inputs the FinSight service becomes on prod,
 * the dashboards as the JSON the foundation SDK builds (committed snapshots), and the stack
 * variants (an existing data source, Grafana Cloud SLOs).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { finsightCopy, stackConfig, withSetting } from "../../helpers";
import { finder, provisionUnderMocks, TYPES, type Registered } from "../mocks";

/** How a Pulumi secret reaches the engine (and the mock monitor). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value });

let prod: Registered[];
let find: ReturnType<typeof finder>;
beforeAll(async () => {
  prod = await provisionUnderMocks("prod", [finsightCopy()], stackConfig("prod"));
  find = finder(prod);
});
const ofType = (type: string) => prod.filter((r) => r.type === type);

describe("Grafana on prod: folder, data source, dashboards", () => {
  it("one folder for the service, with a uid from its key and the stack's environment", () => {
    expect(ofType(TYPES.folder).map((r) => r.name)).toEqual(["finsight-api-folder"]);
    expect(find(TYPES.folder, "finsight-api-folder")).toEqual({ title: "FinSight API (production)", uid: "finsight-api-production" });
  });

  it("a Prometheus data source for the stack's prometheusUrl", () => {
    expect(ofType(TYPES.dataSource)).toHaveLength(1);
    expect(find(TYPES.dataSource, "prometheus")).toEqual({
      type: "prometheus",
      name: "Prometheus (production)",
      uid: "monitoring-prometheus-production",
      url: "https://prometheus.finsight.example",
      accessMode: "proxy",
      jsonDataEncoded: JSON.stringify({ httpMethod: "POST" }),
    });
  });

  it("four dashboards in the folder, named from their keys", () => {
    expect(ofType(TYPES.dashboard).map((r) => r.name).sort()).toEqual([
      "finsight-api-dashboard-api-overview",
      "finsight-api-dashboard-database",
      "finsight-api-dashboard-product",
      "finsight-api-dashboard-slo",
    ]);
    for (const d of ofType(TYPES.dashboard)) {
      expect(d.inputs.folder).toBe("finsight-api-production");
      expect(d.inputs.overwrite).toBe(true);
    }
  });

  for (const key of ["api-overview", "database", "slo", "product"]) {
    it(`dashboard ${key} is the JSON the foundation SDK builds (snapshot)`, async () => {
      const json = JSON.parse(find(TYPES.dashboard, `finsight-api-dashboard-${key}`).configJson);
      expect(json.uid).toBe(`finsight-api-production-${key}`);
      for (const panel of json.panels) expect(panel.datasource).toEqual({ type: "prometheus", uid: "monitoring-prometheus-production" });
      await expect(`${JSON.stringify(json, null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/dashboard-finsight-api-${key}.json`);
    });
  }

  it("the API overview shows requests per endpoint, p50/p95/p99, error rate and active connections", () => {
    const json = JSON.parse(find(TYPES.dashboard, "finsight-api-dashboard-api-overview").configJson);
    expect(json.panels.map((p: { title: string }) => p.title)).toEqual(["Requests per endpoint", "Latency p50 / p95 / p99", "Error rate", "Active connections"]);
    expect(json.panels[1].targets.map((t: { legendFormat: string }) => t.legendFormat)).toEqual(["p50", "p95", "p99"]);
  });

  it("the database dashboard draws the alert thresholds: CPU 80%, 16 of the pool of 20", () => {
    const json = JSON.parse(find(TYPES.dashboard, "finsight-api-dashboard-database").configJson);
    expect(json.panels.map((p: { title: string }) => p.title)).toEqual([
      "PostgreSQL CPU",
      "PostgreSQL connections (pool of 20)",
      "PostgreSQL disk used",
      "PostgreSQL slow queries (per 5m)",
    ]);
    expect(json.panels[0].fieldConfig.defaults.thresholds.steps).toEqual([{ value: null, color: "green" }, { value: 80, color: "red" }]);
    expect(json.panels[1].targets.map((t: { expr: string }) => t.expr)).toEqual(['sum(pg_stat_activity_count{job="postgres"})', "vector(20)"]);
    expect(json.panels[1].fieldConfig.defaults.thresholds.steps[1]).toEqual({ value: 16, color: "red" });
  });
});

describe("Grafana on prod: contact points and the notification policy", () => {
  it("a contact point per contact Grafana can deliver to; the SMS contact gets none", () => {
    expect(ofType(TYPES.contactPoint).map((r) => r.name).sort()).toEqual(["contact-oncall-email", "contact-oncall-pagerduty", "contact-team-slack"]);
  });

  it("e-mail in plain text; the PagerDuty key and the Slack webhook URL as secrets", () => {
    expect(find(TYPES.contactPoint, "contact-oncall-email")).toEqual({
      name: "oncall-email",
      emails: [{ addresses: ["oncall@finsight.example"], singleEmail: true }],
    });
    expect(find(TYPES.contactPoint, "contact-oncall-pagerduty")).toEqual({
      name: "oncall-pagerduty",
      pagerduties: secret([{ integrationKey: "0123456789abcdef0123456789abcdef", severity: "{{ .CommonLabels.severity }}" }]),
    });
    expect(find(TYPES.contactPoint, "contact-team-slack")).toEqual({
      name: "team-slack",
      slacks: secret([{ url: "https://hooks.slack.com/services/T000/B000/placeholder", recipient: "#finsight-alerts" }]),
    });
  });

  it("exactly one notification policy: critical pages PagerDuty and e-mails, warning e-mails and posts to Slack", () => {
    expect(ofType(TYPES.notificationPolicy)).toHaveLength(1);
    expect(find(TYPES.notificationPolicy, "notification-policy")).toEqual({
      contactPoint: "oncall-email",
      groupBies: ["grafana_folder", "alertname"],
      policies: [
        {
          matchers: [{ label: "severity", match: "=", value: "critical" }],
          repeatInterval: "1h",
          policies: [
            { contactPoint: "oncall-pagerduty", continue: true },
            { contactPoint: "oncall-email", continue: true },
          ],
        },
        {
          matchers: [{ label: "severity", match: "=", value: "warning" }],
          repeatInterval: "4h",
          policies: [
            { contactPoint: "oncall-email", continue: true },
            { contactPoint: "team-slack", continue: true },
          ],
        },
      ],
    });
  });
});

const RUNBOOK_URL = "https://github.com/finsight/runbooks/blob/main/incident-response.md";

describe("Grafana on prod: rule groups", () => {
  it("four rule groups in the folder: database, API, SLO burn rates and the SLO recordings they read", () => {
    expect(ofType(TYPES.ruleGroup).map((r) => r.name).sort()).toEqual(["finsight-api-rules-api", "finsight-api-rules-database", "finsight-api-rules-slo", "finsight-api-rules-slo-recordings"]);
    const names = (group: string) => find(TYPES.ruleGroup, group).rules.map((r: { name: string }) => r.name);
    expect(names("finsight-api-rules-database")).toEqual(["FinSight API - PostgreSQL CPU", "FinSight API - PostgreSQL Connections", "FinSight API - PostgreSQL Disk", "FinSight API - PostgreSQL Slow Queries", "FinSight API - PostgreSQL Down"]);
    expect(names("finsight-api-rules-api")).toEqual(["FinSight API - Latency P99", "FinSight API - Error Rate"]);
    expect(names("finsight-api-rules-slo")).toEqual([
      "FinSight API - Availability SLO burn rate (page)",
      "FinSight API - Availability SLO burn rate (ticket)",
      "FinSight API - Availability SLO error budget exhausted",
      "FinSight API - Latency P95 SLO burn rate (page)",
      "FinSight API - Latency P95 SLO burn rate (ticket)",
      "FinSight API - Latency P99 SLO burn rate (page)",
      "FinSight API - Latency P99 SLO burn rate (ticket)",
    ]);
    for (const group of ofType(TYPES.ruleGroup)) {
      expect(group.inputs.folderUid).toBe("finsight-api-production");
      expect(group.inputs.intervalSeconds).toBe(60);
      if (group.name.endsWith("recordings")) continue;
      for (const rule of group.inputs.rules) {
        expect(["critical", "warning"]).toContain(rule.labels.severity);
        expect(rule.annotations.summary).toBeTruthy();
        expect(rule.annotations.runbook_url).toBe(RUNBOOK_URL);
      }
    }
  });

  it("CPU over 80% for 5m: query, last value, threshold; warning", () => {
    const group = find(TYPES.ruleGroup, "finsight-api-rules-database");
    expect(group.name).toBe("Database");
    const cpu = group.rules[0];
    expect({ ...cpu, datas: undefined, annotations: undefined }).toEqual({
      name: "FinSight API - PostgreSQL CPU",
      uid: "finsight-api-production-database-cpu",
      for: "5m",
      condition: "C",
      labels: { severity: "warning", service: "finsight-api" },
      noDataState: "OK",
      execErrState: "Error",
      isPaused: false,
    });
    expect(cpu.annotations.summary).toBe("PostgreSQL CPU above 80% for 5m");
    expect(cpu.annotations.description).toMatch(/^1\. Find the heaviest queries/);
    expect(cpu.datas.map((d: { model: string }) => ({ ...d, model: JSON.parse(d.model) }))).toEqual([
      {
        refId: "A",
        datasourceUid: "monitoring-prometheus-production",
        queryType: "",
        relativeTimeRange: { from: 600, to: 0 },
        model: {
          refId: "A",
          datasource: { type: "prometheus", uid: "monitoring-prometheus-production" },
          expr: 'max(db_cpu_usage_percent{job="postgres"})',
          instant: true,
          range: false,
          intervalMs: 1000,
          maxDataPoints: 43200,
        },
      },
      {
        refId: "B",
        datasourceUid: "__expr__",
        queryType: "",
        relativeTimeRange: { from: 0, to: 0 },
        model: { refId: "B", datasource: { type: "__expr__", uid: "__expr__" }, type: "reduce", expression: "A", reducer: "last", settings: { mode: "" } },
      },
      {
        refId: "C",
        datasourceUid: "__expr__",
        queryType: "",
        relativeTimeRange: { from: 0, to: 0 },
        model: { refId: "C", datasource: { type: "__expr__", uid: "__expr__" }, type: "threshold", expression: "B", conditions: [{ evaluator: { type: "gt", params: [80] } }] },
      },
    ]);
  });

  it("database down pages when pg_up is below 1 (or missing) for 1m", () => {
    const down = find(TYPES.ruleGroup, "finsight-api-rules-database").rules[4];
    expect(down.labels).toEqual({ severity: "critical", service: "finsight-api" });
    expect(down.for).toBe("1m");
    const models = down.datas.map((d: { model: string }) => JSON.parse(d.model));
    expect(models[0].expr).toBe('min(pg_up{job="postgres"}) or vector(0)');
    expect(models[2].conditions).toEqual([{ evaluator: { type: "lt", params: [1] } }]);
  });

  it("API error rate over 5% pages; p99 over 1 s warns", () => {
    const [latency, errors] = find(TYPES.ruleGroup, "finsight-api-rules-api").rules;
    expect(errors.labels.severity).toBe("critical");
    expect(JSON.parse(errors.datas[0].model).expr).toBe(
      '100 * (sum(rate(http_requests_total{job="finsight-api",status=~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total{job="finsight-api"}[5m]))',
    );
    expect(JSON.parse(errors.datas[2].model).conditions[0].evaluator).toEqual({ type: "gt", params: [5] });
    expect(latency.labels.severity).toBe("warning");
    expect(latency.for).toBe("10m");
    expect(JSON.parse(latency.datas[2].model).conditions[0].evaluator).toEqual({ type: "gt", params: [1] });
  });

  it("an SLO page: one rule reading the recorded windows, one instance per burning pair labelled burn_window", () => {
    const rules = find(TYPES.ruleGroup, "finsight-api-rules-slo").rules;
    const page = rules.find((r: { name: string }) => r.name === "FinSight API - Availability SLO burn rate (page)");
    expect(page.labels).toEqual({ severity: "critical", service: "finsight-api", slo: "availability" });
    expect(page.for).toBe("0s");
    expect(page.condition).toBe("C");
    const models = page.datas.map((d: { model: string }) => JSON.parse(d.model));
    const sel = '{service="finsight-api",slo="availability"}';
    expect(models[0].expr).toBe(
      `label_replace((slo:sli_error:ratio_rate1h${sel} / 0.001) * (slo:sli_error:ratio_rate1h${sel} > bool 0.0144) * (slo:sli_error:ratio_rate5m${sel} > bool 0.0144), "burn_window", "1h/5m", "", "")` +
        ` or label_replace((slo:sli_error:ratio_rate6h${sel} / 0.001) * (slo:sli_error:ratio_rate6h${sel} > bool 0.006) * (slo:sli_error:ratio_rate30m${sel} > bool 0.006), "burn_window", "6h/30m", "", "")`,
    );
    expect(models[2].conditions).toEqual([{ evaluator: { type: "gt", params: [0] } }]);

    const ticket = rules.find((r: { name: string }) => r.name === "FinSight API - Latency P95 SLO burn rate (ticket)");
    expect(ticket.labels.severity).toBe("warning");
    expect(JSON.parse(ticket.datas[0].model).expr).toContain('(slo:sli_error:ratio_rate3d{service="finsight-api",slo="latency-p95"} > bool 0.05) * (slo:sli_error:ratio_rate6h{service="finsight-api",slo="latency-p95"} > bool 0.05), "burn_window", "3d/6h"');
  });

  it("the SLO recordings are Grafana-managed recording rules writing to the data source the alerts read", () => {
    const recordings = find(TYPES.ruleGroup, "finsight-api-rules-slo-recordings");
    expect(recordings.name).toBe("SLO recordings");
    const p99 = recordings.rules.filter((r: { labels: { slo: string } }) => r.labels.slo === "latency-p99");
    expect(p99.map((r: { record: { metric: string } }) => r.record.metric)).toEqual([
      "slo:sli_error:ratio_rate5m",
      "slo:sli_error:ratio_rate30m",
      "slo:sli_error:ratio_rate1h",
      "slo:sli_error:ratio_rate2h",
      "slo:sli_error:ratio_rate6h",
      "slo:sli_error:ratio_rate1d",
      "slo:sli_error:ratio_rate3d",
      "slo:sli_error:rate5m",
      "slo:sli_events:rate5m",
      "slo:objective:ratio",
      "slo:error_budget:ratio",
      "slo:time_period:days",
      "slo:current_burn_rate:ratio",
      "slo:period_error:ratio",
      "slo:period_burn_rate:ratio",
      "slo:period_error_budget_remaining:ratio",
    ]);
    const window = p99.find((r: { record: { metric: string } }) => r.record.metric === "slo:sli_error:ratio_rate1h");
    expect(window.record).toEqual({ metric: "slo:sli_error:ratio_rate1h", from: "A", targetDatasourceUid: "monitoring-prometheus-production" });
    expect(window.labels).toEqual({ service: "finsight-api", slo: "latency-p99" });
    expect(window.datas).toHaveLength(1);
    expect(JSON.parse(window.datas[0].model).expr).toBe(
      '1 - sum(rate(http_request_duration_seconds_bucket{job="finsight-api",le=~"1(\\\\.0)?"}[1h])) / sum(rate(http_request_duration_seconds_count{job="finsight-api"}[1h]))',
    );
    const period = p99.find((r: { record: { metric: string } }) => r.record.metric === "slo:period_error:ratio");
    expect(JSON.parse(period.datas[0].model).expr).toBe(
      'sum_over_time(slo:sli_error:rate5m{service="finsight-api",slo="latency-p99"}[30d]) / sum_over_time(slo:sli_events:rate5m{service="finsight-api",slo="latency-p99"}[30d])',
    );
  });

  it("in the prod plan a total outage reaches at most one page and one ticket per SLO, and no two SLOs measure the same thing", () => {
    const rules = find(TYPES.ruleGroup, "finsight-api-rules-slo").rules as { name: string; labels: Record<string, string> }[];
    const slos = [...new Set(rules.map((r) => r.labels.slo))];
    expect(slos).toEqual(["availability", "latency-p95", "latency-p99"]);
    for (const slo of slos) {
      const of = rules.filter((r) => r.labels.slo === slo);
      expect(of.filter((r) => r.labels.severity === "critical")).toHaveLength(1);
      // The notification policy groups by alert name: one rule is one notification group.
      expect(new Set(of.map((r) => r.name)).size).toBe(of.length);
    }
    expect(find(TYPES.notificationPolicy, "notification-policy").groupBies).toEqual(["grafana_folder", "alertname"]);
    const measured = rules.filter((r) => r.labels.severity === "critical").map((r) => r.name);
    expect(measured).toHaveLength(3);
  });

  it("every rule uid is unique and at most 40 characters", () => {
    const uids = ofType(TYPES.ruleGroup).flatMap((g) => g.inputs.rules.map((r: { uid: string }) => r.uid));
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid.length).toBeLessThanOrEqual(40);
  });
});
