/**
 * Grafana per stack: an existing data source by uid (dev), Grafana Cloud's SLO resource instead
 * of generated burn-rate rules, and the problems a user sees before anything is provisioned.
 */
import { describe, expect, it } from "vitest";
import { validateStack } from "../../../src/pipeline";
import { finsightCopy, stackConfig, withSetting } from "../../helpers";
import { finder, provisionUnderMocks, TYPES } from "../mocks";

const prodVendors = () => JSON.parse(stackConfig("prod")["monitoring:vendors"]) as Record<string, Record<string, unknown>>;
const withGrafana = (grafana: Record<string, unknown>) => withSetting(stackConfig("prod"), "vendors", { ...prodVendors(), grafana });

describe("dev: an existing data source, e-mail only", () => {
  it("creates no data source; dashboards and rules query the configured uid; one policy to the e-mail contact", async () => {
    const dev = await provisionUnderMocks("dev", [finsightCopy()], stackConfig("dev"));
    const find = finder(dev);
    expect(dev.filter((r) => r.type === TYPES.dataSource)).toEqual([]);
    const rule = find(TYPES.ruleGroup, "finsight-api-rules-database").rules[0];
    expect(rule.datas[0].datasourceUid).toBe("grafanacloud-prom");
    const dashboard = JSON.parse(find(TYPES.dashboard, "finsight-api-dashboard-api-overview").configJson);
    expect(dashboard.panels[0].datasource).toEqual({ type: "prometheus", uid: "grafanacloud-prom" });
    expect(dev.filter((r) => r.type === TYPES.contactPoint).map((r) => r.name)).toEqual(["contact-dev-email"]);
    expect(dev.filter((r) => r.type === TYPES.notificationPolicy)).toHaveLength(1);
    expect(find(TYPES.notificationPolicy, "notification-policy")).toEqual({
      contactPoint: "dev-email",
      groupBies: ["grafana_folder", "alertname"],
      policies: [
        { matchers: [{ label: "severity", match: "=", value: "critical" }], repeatInterval: "1h", contactPoint: "dev-email" },
        { matchers: [{ label: "severity", match: "=", value: "warning" }], repeatInterval: "4h", contactPoint: "dev-email" },
      ],
    });
  });
});

describe("slo: grafana-cloud", () => {
  it("one Grafana Cloud SLO per definition instead of the burn-rate rule group; API and database rules stay", async () => {
    const config = withGrafana({ prometheusUrl: "https://prometheus.finsight.example", slo: "grafana-cloud" });
    const registered = await provisionUnderMocks("cloud", [finsightCopy()], config);
    const find = finder(registered);
    expect(registered.filter((r) => r.type === TYPES.ruleGroup).map((r) => r.name).sort()).toEqual(["finsight-api-rules-api", "finsight-api-rules-database"]);
    expect(registered.filter((r) => r.type === TYPES.slo).map((r) => r.name).sort()).toEqual([
      "finsight-api-slo-availability",
      "finsight-api-slo-latency-p95",
      "finsight-api-slo-latency-p99",
    ]);
    expect(find(TYPES.slo, "finsight-api-slo-latency-p95")).toEqual({
      name: "FinSight API - Latency P95 SLO",
      description: "FinSight API - Latency P95 SLO: 95% over 30d (monitoring as code)",
      folderUid: "finsight-api-production",
      destinationDatasource: { uid: "monitoring-prometheus-production" },
      queries: [
        {
          type: "ratio",
          ratio: {
            successMetric: 'http_request_duration_seconds_bucket{job="finsight-api",le="0.5"}',
            totalMetric: 'http_request_duration_seconds_count{job="finsight-api"}',
            sourceDatasourceUid: "monitoring-prometheus-production",
            groupByLabels: [],
          },
        },
      ],
      objectives: [{ value: 0.95, window: "30d" }],
      labels: [
        { key: "service", value: "finsight-api" },
        { key: "slo", value: "latency-p95" },
      ],
      alerting: {
        fastburn: { labels: [{ key: "severity", value: "critical" }], annotations: [{ key: "runbook_url", value: "https://github.com/finsight/runbooks/blob/main/incident-response.md" }] },
        slowburn: { labels: [{ key: "severity", value: "warning" }], annotations: [{ key: "runbook_url", value: "https://github.com/finsight/runbooks/blob/main/incident-response.md" }] },
      },
    });
    expect(find(TYPES.slo, "finsight-api-slo-availability").queries[0].ratio.successMetric).toBe('http_requests_total{job="finsight-api",status!~"5.."}');
  });
});

describe("an alert with its own notify list", () => {
  it("carries a notify label, and the policy routes it to exactly those contacts before the severity routes", async () => {
    const service = finsightCopy();
    service.database.alerts.disk.notify = ["team-slack"];
    const registered = await provisionUnderMocks("notify", [service], stackConfig("prod"));
    const find = finder(registered);
    const disk = find(TYPES.ruleGroup, "finsight-api-rules-database").rules.find((r: { name: string }) => r.name === "FinSight API - PostgreSQL Disk");
    expect(disk.labels).toEqual({ severity: "warning", notify: "team-slack", service: "finsight-api" });
    const cpu = find(TYPES.ruleGroup, "finsight-api-rules-database").rules.find((r: { name: string }) => r.name === "FinSight API - PostgreSQL CPU");
    expect(cpu.labels).toEqual({ severity: "warning", service: "finsight-api" });
    const policies = find(TYPES.notificationPolicy, "notification-policy").policies;
    expect(policies[0]).toEqual({ matchers: [{ label: "notify", match: "=", value: "team-slack" }], repeatInterval: "4h", contactPoint: "team-slack" });
    expect(policies.slice(1).map((p: { matchers: { value: string }[] }) => p.matchers[0].value)).toEqual(["critical", "warning"]);
  });
});

describe("Grafana problems, reported before anything is provisioned", () => {
  it("no data source configured names the config key to set", () => {
    const { model, problems } = validateStack({ stack: "prod", services: [finsightCopy()], config: withGrafana({}) });
    expect(model).toBeUndefined();
    expect(problems).toContainEqual({
      level: "error",
      where: "Pulumi.prod.yaml monitoring:vendors.grafana.prometheusUrl",
      message:
        "missing (expected the URL of the Prometheus that scrapes finsight-api, or monitoring:vendors.grafana.datasourceUid of an existing Grafana data source; or vendors.grafana.enabled: false)",
    });
  });

  it("Grafana disabled: no data source needed, no Grafana resources", async () => {
    const config = withGrafana({ enabled: false });
    expect(validateStack({ stack: "prod", services: [finsightCopy()], config }).problems.filter((p) => p.level === "error")).toEqual([]);
    const registered = await provisionUnderMocks("off", [finsightCopy()], config);
    expect(registered.filter((r) => r.type.startsWith("grafana:"))).toEqual([]);
  });

  it("SMS contacts get no contact point: no warning while PagerDuty pages for the same alerts", () => {
    const { problems } = validateStack({ stack: "prod", services: [finsightCopy()], config: stackConfig("prod") });
    expect(problems.filter((p) => p.where === "Pulumi.prod.yaml monitoring:contacts.oncall-sms")).toEqual([]);
  });

  it("SMS contacts get no contact point: a warning saying to page through PagerDuty when nothing else pages", () => {
    let config = withSetting(stackConfig("prod"), "routing", { critical: ["oncall-sms", "oncall-email"], warning: ["oncall-email"] });
    config = withSetting(config, "policy", { criticalReachesPager: "warning" });
    const { problems } = validateStack({ stack: "prod", services: [finsightCopy()], config });
    expect(problems).toContainEqual(
      expect.objectContaining({ level: "warning", where: "Pulumi.prod.yaml monitoring:contacts.oncall-sms", message: expect.stringContaining("page through a pagerduty contact") }),
    );
  });

  it("a critical alert whose only pager is SMS cannot page through Grafana", () => {
    const config = withSetting(stackConfig("prod"), "routing", { critical: ["oncall-sms", "oncall-email"], warning: ["oncall-email"] });
    const { problems } = validateStack({ stack: "prod", services: [finsightCopy()], config });
    expect(problems).toContainEqual(
      expect.objectContaining({
        level: "error",
        where: "finsight-api.database.alerts.connections",
        message: expect.stringContaining("its paging contacts are ones Grafana cannot deliver to"),
      }),
    );
  });

  it("a latency SLO threshold that is not a default histogram bucket is flagged", () => {
    const service = finsightCopy();
    service.slos["latency-p95"].thresholdMs = 300;
    const { problems } = validateStack({ stack: "prod", services: [service], config: stackConfig("prod") });
    expect(problems).toContainEqual(
      expect.objectContaining({ level: "warning", where: "finsight-api.slos.latency-p95.thresholdMs", message: expect.stringContaining('a bucket le="0.3"') }),
    );
  });
});

describe("uids per stack", () => {
  const uids = (registered: Awaited<ReturnType<typeof provisionUnderMocks>>) => {
    const find = finder(registered);
    return [
      find(TYPES.folder, "finsight-api-folder").uid,
      ...registered.filter((r) => r.type === TYPES.dashboard).map((r) => JSON.parse(r.inputs.configJson).uid),
      ...registered.filter((r) => r.type === TYPES.ruleGroup).flatMap((g) => g.inputs.rules.map((r: { uid: string }) => r.uid)),
    ] as string[];
  };

  it("dev and prod share no folder, dashboard or rule uid, so one Grafana organization cannot mix them up", async () => {
    const dev = uids(await provisionUnderMocks("dev", [finsightCopy()], stackConfig("dev")));
    const prod = uids(await provisionUnderMocks("prod", [finsightCopy()], stackConfig("prod")));
    expect(dev).toContain("finsight-api-dev");
    expect(prod).toContain("finsight-api-production");
    expect(dev.filter((uid) => prod.includes(uid))).toEqual([]);
    for (const uid of [...dev, ...prod]) expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
  });

  it("qualifyUids: false keeps the uids a stack was provisioned with before (nothing is replaced)", async () => {
    const registered = await provisionUnderMocks("prod", [finsightCopy()], withGrafana({ prometheusUrl: "https://prometheus.finsight.example", qualifyUids: false }));
    const find = finder(registered);
    expect(find(TYPES.folder, "finsight-api-folder")).toEqual({ title: "FinSight API", uid: "finsight-api" });
    expect(find(TYPES.dataSource, "prometheus").uid).toBe("monitoring-prometheus");
    expect(JSON.parse(find(TYPES.dashboard, "finsight-api-dashboard-database").configJson).uid).toBe("finsight-api-database");
    expect(find(TYPES.ruleGroup, "finsight-api-rules-database").rules[0].uid).toBe("finsight-api-database-cpu");
  });
});

describe("recordingRules: prometheus", () => {
  it("deploys no Grafana recording rules; the SLO alerts still read the recorded series (evaluated by Prometheus or Mimir)", async () => {
    const registered = await provisionUnderMocks("prod", [finsightCopy()], withGrafana({ prometheusUrl: "https://prometheus.finsight.example", recordingRules: "prometheus" }));
    const find = finder(registered);
    expect(registered.filter((r) => r.type === TYPES.ruleGroup).map((r) => r.name).sort()).toEqual(["finsight-api-rules-api", "finsight-api-rules-database", "finsight-api-rules-slo"]);
    expect(JSON.parse(find(TYPES.ruleGroup, "finsight-api-rules-slo").rules[0].datas[0].model).expr).toContain("slo:sli_error:ratio_rate1h{");
  });
});

describe("Grafana limits and PromQL inputs, reported before anything is provisioned", () => {
  const problemsOf = (edit: (s: Record<string, any>) => void) => {
    const service = finsightCopy();
    edit(service);
    return validateStack({ stack: "prod", services: [service], config: stackConfig("prod") }).problems.filter((p) => p.level === "error");
  };

  it("a rule title over Grafana's 190 bytes names the definition (counted in UTF-8 bytes, as Grafana does)", () => {
    // 70 characters, 140 bytes: its longest title (+ ": slo:period_error_budget_remaining:ratio") is 181 bytes.
    expect(problemsOf((s) => (s.slos.availability.name = "Ü".repeat(70)))).toEqual([]);
    // 90 characters (under 190), 180 bytes: one problem for the definition, naming its longest title.
    expect(problemsOf((s) => (s.slos.availability.name = "Ü".repeat(90)))).toEqual([
      {
        level: "error",
        where: "finsight-api.slos.availability.name",
        message: `the Grafana rule title "${"Ü".repeat(90)}: slo:period_error_budget_remaining:ratio" is 221 bytes long (expected at most 190, Grafana's limit on rule titles: set a shorter name)`,
      },
    ]);
    expect(problemsOf((s) => (s.metricAlerts["latency-p99"].name = "x".repeat(191)))).toContainEqual(expect.objectContaining({ where: "finsight-api.metricAlerts.latency-p99.name" }));
  });

  it("per-client product panels need metrics.clientLabel", () => {
    expect(problemsOf((s) => delete s.metrics.clientLabel)).toEqual([
      expect.objectContaining({ where: "finsight-api.dashboards.product.panels[2]", message: expect.stringContaining("metrics.clientLabel is not set (expected the label naming the API client or user") }),
      expect.objectContaining({ where: "finsight-api.dashboards.product.panels[3]" }),
    ]);
  });
});
