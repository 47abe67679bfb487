/**
 * The pure PromQL and naming pieces of the Grafana target, where a user would notice a slip:
 * histogram bucket spellings, uid limits, stable names, and custom panel queries reaching promtool.
 */
import { describe, expect, it } from "vitest";
import { load, validateStack } from "../../../src/pipeline";
import { prometheusRuleFile } from "../../../src/targets/grafana";
import { leMatcher, quote, series } from "../../../src/targets/grafana/promql";
import { grafanaUid, serviceRules } from "../../../src/targets/grafana/rules";
import { PrometheusMetrics } from "../../../src/model";
import { finsightCopy, stackConfig } from "../../helpers";
import { promtool, ruleDir } from "./promtool";

describe("PromQL pieces", () => {
  it("a whole-second bucket matches both spellings (Go's le=\"1\", Python's and Prometheus 3's le=\"1.0\")", () => {
    expect(leMatcher(0.5)).toBe('le="0.5"');
    expect(leMatcher(1)).toBe('le=~"1(\\\\.0)?"');
    expect(leMatcher(2.5)).toBe('le="2.5"');
  });

  it("the selector narrows every series; quotes and backslashes in patterns are escaped", () => {
    const m = PrometheusMetrics.parse({ selector: 'job="api"' });
    expect(series("up", m)).toBe('up{job="api"}');
    expect(series("up", PrometheusMetrics.parse({}))).toBe("up");
    expect(quote('5\\d"')).toBe('"5\\\\d\\""');
  });

  it("uids stay within Grafana's 40 characters and differ for different keys", () => {
    const long = grafanaUid("a-very-long-service-key-for-a-team", "slo", "latency-p99-burn-3d-6h");
    const other = grafanaUid("a-very-long-service-key-for-a-team", "slo", "latency-p95-burn-3d-6h");
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).not.toBe(other);
    expect(grafanaUid("finsight-api", "database", "cpu")).toBe("finsight-api-database-cpu");
  });
});

describe("names from keys", () => {
  it("adding an alert before the others renames none of them", () => {
    const before = load({ stack: "prod", services: [finsightCopy()], config: stackConfig("prod") });
    const service = finsightCopy();
    service.database.alerts = { "aaa-replication-lag": { kind: "cpu", abovePercent: 90, runbook: "https://runbooks.example/lag" }, ...service.database.alerts };
    const after = load({ stack: "prod", services: [service], config: stackConfig("prod") });
    const uids = (m: typeof before) => Object.fromEntries(serviceRules(m, m.services[0]).database.map((r) => [r.title, r.uid]));
    const old = uids(before);
    const now = uids(after);
    for (const [title, uid] of Object.entries(old)) expect(now[title]).toBe(uid);
    expect(Object.keys(now)).toHaveLength(Object.keys(old).length + 1);
  });
});

describe("custom query panels", () => {
  it("reach the rule file with Grafana's range variables replaced, and promtool parses them", () => {
    const service = finsightCopy();
    service.dashboards["api-overview"].panels.push({ kind: "query", title: "Payments", expr: 'sum(rate(payments_total{job="finsight-api"}[$__rate_interval]))' });
    const model = load({ stack: "prod", services: [service], config: stackConfig("prod") });
    const file = prometheusRuleFile(model);
    expect(file).toContain('expr: sum(rate(payments_total{job="finsight-api"}[5m]))');
    expect(file).toContain("record: dashboard_query:api_overview:query_a");
    const result = promtool(["check", "rules", "rules.yaml"], ruleDir(file));
    expect(result.code, result.output).toBe(0);
  });

  it("a custom query that is not PromQL is a problem at its panel before anything is planned (promtool would reject it too)", () => {
    const service = finsightCopy();
    service.dashboards["api-overview"].panels.push({ kind: "query", title: "Broken", expr: "sum(rate(payments_total[5m])" });
    const { model, problems } = validateStack({ stack: "prod", services: [service], config: stackConfig("prod") });
    expect(model).toBeUndefined();
    expect(problems.map((p) => `${p.where}: ${p.message}`)).toContainEqual(expect.stringMatching(/^finsight-api\.dashboards\.api-overview\.panels\[4\]\.expr: not a PromQL expression: the "\(" at character 4 is never closed/));
  });
});
