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
  it("one folder for the service, with a uid from its key", () => {
    expect(ofType(TYPES.folder).map((r) => r.name)).toEqual(["finsight-api-folder"]);
    expect(find(TYPES.folder, "finsight-api-folder")).toEqual({ title: "FinSight API", uid: "finsight-api" });
  });

  it("a Prometheus data source for the stack's prometheusUrl", () => {
    expect(ofType(TYPES.dataSource)).toHaveLength(1);
    expect(find(TYPES.dataSource, "prometheus")).toEqual({
      type: "prometheus",
      name: "Prometheus (production)",
      uid: "monitoring-prometheus",
      url: "https://prometheus.finsight.example",
      accessMode: "proxy",
      jsonDataEncoded: JSON.stringify({ httpMethod: "POST" }),
    });
  });

  it("three dashboards in the folder, named from their keys", () => {
    expect(ofType(TYPES.dashboard).map((r) => r.name).sort()).toEqual([
      "finsight-api-dashboard-api-overview",
      "finsight-api-dashboard-database",
      "finsight-api-dashboard-slo",
    ]);
    for (const d of ofType(TYPES.dashboard)) {
      expect(d.inputs.folder).toBe("finsight-api");
      expect(d.inputs.overwrite).toBe(true);
    }
  });

  for (const key of ["api-overview", "database", "slo"]) {
    it(`dashboard ${key} is the JSON the foundation SDK builds (snapshot)`, async () => {
      const json = JSON.parse(find(TYPES.dashboard, `finsight-api-dashboard-${key}`).configJson);
      expect(json.uid).toBe(`finsight-api-${key}`);
      for (const panel of json.panels) expect(panel.datasource).toEqual({ type: "prometheus", uid: "monitoring-prometheus" });
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
  it("three rule groups in the folder: database, API and SLO burn rates", () => {
    expect(ofType(TYPES.ruleGroup).map((r) => r.name).sort()).toEqual(["finsight-api-rules-api", "finsight-api-rules-database", "finsight-api-rules-slo"]);
    const names = (group: string) => find(TYPES.ruleGroup, group).rules.map((r: { name: string }) => r.name);
    expect(names("finsight-api-rules-database")).toEqual(["FinSight API - PostgreSQL CPU", "FinSight API - PostgreSQL Connections", "FinSight API - PostgreSQL Disk", "FinSight API - PostgreSQL Slow Queries", "FinSight API - PostgreSQL Down"]);
    expect(names("finsight-api-rules-api")).toEqual(["FinSight API - Latency P99", "FinSight API - Error Rate"]);
    expect(names("finsight-api-rules-slo")).toHaveLength(16);
    for (const group of ofType(TYPES.ruleGroup)) {
      expect(group.inputs.folderUid).toBe("finsight-api");
      expect(group.inputs.intervalSeconds).toBe(60);
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
      uid: "finsight-api-database-cpu",
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
        datasourceUid: "monitoring-prometheus",
        queryType: "",
        relativeTimeRange: { from: 600, to: 0 },
        model: {
          refId: "A",
          datasource: { type: "prometheus", uid: "monitoring-prometheus" },
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

  it("burn-rate rules: long AND short window over factor × budget, labelled with the SLO and window", () => {
    const rules = find(TYPES.ruleGroup, "finsight-api-rules-slo").rules;
    const page = rules.find((r: { name: string }) => r.name === "FinSight API - Availability SLO burn rate 14.4x (1h/5m)");
    expect(page.labels).toEqual({ severity: "critical", service: "finsight-api", slo: "availability", burn_window: "1h/5m" });
    expect(page.for).toBe("0s");
    expect(page.condition).toBe("E");
    const models = page.datas.map((d: { model: string }) => JSON.parse(d.model));
    expect(models.map((m: { refId: string }) => m.refId)).toEqual(["A", "B", "C", "D", "E"]);
    expect(models[0].expr).toContain("[1h]");
    expect(models[1].expr).toContain("[5m]");
    expect(page.datas[0].relativeTimeRange).toEqual({ from: 3600, to: 0 });
    expect(models[4]).toMatchObject({ type: "math", expression: "$C > 0.0144 && $D > 0.0144" });

    const ticket = rules.find((r: { name: string }) => r.name === "FinSight API - Latency P95 SLO burn rate 1x (3d/6h)");
    expect(ticket.labels.severity).toBe("warning");
    expect(JSON.parse(ticket.datas[0].model).expr).toBe(
      '1 - sum(rate(http_request_duration_seconds_bucket{job="finsight-api",le="0.5"}[3d])) / sum(rate(http_request_duration_seconds_count{job="finsight-api"}[3d]))',
    );
    expect(JSON.parse(ticket.datas[4].model).expression).toBe("$C > 0.05 && $D > 0.05");

    const p99 = rules.find((r: { name: string }) => r.name === "FinSight API - Latency P99 SLO burn rate 6x (6h/30m)");
    expect(JSON.parse(p99.datas[1].model).expr).toContain('le=~"1(\\\\.0)?"');
  });

  it("every rule uid is unique and at most 40 characters", () => {
    const uids = ofType(TYPES.ruleGroup).flatMap((g) => g.inputs.rules.map((r: { uid: string }) => r.uid));
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid.length).toBeLessThanOrEqual(40);
  });
});
