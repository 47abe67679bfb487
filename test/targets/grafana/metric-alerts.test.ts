/**
 * Alerts on any metric of a service (a histogram's percentile, a counter's rate, a gauge), with
 * their own names, wording, units and rule group: registered under mocks with exact inputs, and
 * proven by promtool with synthetic series written here from the definition (queue wait p95 over
 * 30 s fires, under it stays quiet; a stopped worker's job rate below 1 a minute fires).
 */
import { parse, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { load, validateStack } from "../../../src/pipeline";
import { prometheusRuleFile } from "../../../src/targets/grafana";
import { finsightCopy, stackConfig } from "../../helpers";
import { finder, provisionUnderMocks, TYPES, type Registered } from "../mocks";
import { counter, gauge, promtool, ruleDir, testRules } from "./promtool";

const runbook = "https://wiki.example/runbooks/billing";
function worker(metricAlerts: Record<string, unknown>) {
  return { key: "billing-worker", name: "Billing worker", sentryProject: "billing-worker", metrics: { selector: 'job="billing-worker"' }, metricAlerts };
}
const ALERTS = {
  "queue-wait": { kind: "histogram", name: "Billing worker - Queue wait", metric: "billing_queue_wait_seconds", percentile: 95, above: 30, group: "Billing queue", severity: "critical", runbook },
  "charges-stalled": { kind: "rate", metric: "billing_charges_total", selector: 'outcome="ok"', below: 1, per: "minute", window: "10m", group: "Billing queue", runbook },
  "queue-depth": { kind: "gauge", metric: "billing_queue_depth", above: 1000, unit: "jobs", group: "Billing queue", runbook },
  "db-lock-wait": { kind: "histogram", metric: "db_lock_wait_milliseconds", metricUnit: "milliseconds", percentile: 99, above: 2, unit: "s", runbook },
};

describe("alerts on any metric", () => {
  let registered: Registered[];
  beforeAll(async () => {
    registered = await provisionUnderMocks("prod", [finsightCopy(), worker(ALERTS)], stackConfig("prod"));
  });

  it("go in the rule group they name, with their own titles and wording, not in the API group", () => {
    const groups = registered.filter((r) => r.type === TYPES.ruleGroup && r.name.startsWith("billing-worker-")).sort((a, b) => a.name.localeCompare(b.name));
    expect(groups.map((g) => [g.name, g.inputs.name, g.inputs.rules.map((r: { name: string }) => r.name)])).toEqual([
      ["billing-worker-rules-metrics-billing-queue", "Billing queue", ["Billing worker - Queue wait", "Billing worker - Charges Stalled", "Billing worker - Queue Depth"]],
      ["billing-worker-rules-metrics-metrics", "Metrics", ["Billing worker - DB Lock Wait"]],
    ]);
    const rules = groups.flatMap((g) => g.inputs.rules as Array<{ name: string; annotations: Record<string, string>; labels: Record<string, string> }>);
    const summary = (name: string) => rules.find((r) => r.name === name)!.annotations.summary;
    expect(summary("Billing worker - Queue wait")).toBe("p95 of billing_queue_wait_seconds above 30 s for 5m");
    expect(summary("Billing worker - Charges Stalled")).toBe("billing_charges_total below 1 a minute (over 10m) for 5m");
    expect(summary("Billing worker - Queue Depth")).toBe("billing_queue_depth above 1000 jobs for 5m");
    expect(rules.find((r) => r.name === "Billing worker - Queue wait")!.labels).toMatchObject({ severity: "critical", service: "billing-worker" });
  });

  it("compare in the metric's own unit: 2 s on a milliseconds histogram is 2000", () => {
    const file = prometheusRuleFile(load({ stack: "prod", services: [finsightCopy(), worker(ALERTS)], config: stackConfig("prod") }));
    const rules = (parse(file) as { groups: { name: string; rules: { alert?: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules);
    expect(rules.find((r) => r.alert === "Billing worker - DB Lock Wait")!.expr).toBe(
      '(histogram_quantile(0.99, sum by (le) (rate(db_lock_wait_milliseconds_bucket{job="billing-worker"}[5m])))) > 2000',
    );
    expect(rules.find((r) => r.alert === "Billing worker - Queue wait")!.expr).toBe(
      '(histogram_quantile(0.95, sum by (le) (rate(billing_queue_wait_seconds_bucket{job="billing-worker"}[5m])))) > 30',
    );
    expect(rules.find((r) => r.alert === "Billing worker - Charges Stalled")!.expr).toBe(
      '((sum(rate(billing_charges_total{job="billing-worker",outcome="ok"}[10m])) or vector(0)) * 60) < 1',
    );
    expect(promtool(["check", "rules", "rules.yaml"], ruleDir(file)).code).toBe(0);
  });

  it("fire when the condition holds, and stay quiet under it (promtool)", async () => {
    const file = prometheusRuleFile(load({ stack: "prod", services: [finsightCopy(), worker(ALERTS)], config: stackConfig("prod") }));
    const groups = (parse(file) as { groups: { name: string }[] }).groups.filter((g) => g.name.startsWith("billing-worker-metrics-"));
    const dir = ruleDir(stringify({ groups }, { lineWidth: 0 }));
    const annotations = (alert: string) =>
      (parse(file) as { groups: { rules: { alert?: string; annotations?: Record<string, string> }[] }[] }).groups.flatMap((g) => g.rules).find((r) => r.alert === alert)!.annotations!;
    const job = 'job="billing-worker"';
    // 60 observations a minute: first all waiting 5-10 s, then (from minute 30) all 45-60 s.
    const bucket = (le: string, perStepFast: number, perStepSlow: number) => ({
      series: `billing_queue_wait_seconds_bucket{${job},le="${le}"}`,
      values: counter([
        [perStepFast, 30],
        [perStepSlow, 30],
      ]),
    });
    const waitLabels = { severity: "critical", service: "billing-worker" };
    const result = await testRules(dir, "1m", [
      {
        name: "queue wait p95 above 30 s",
        interval: "1m",
        input_series: [bucket("10", 60, 0), bucket("30", 60, 0), bucket("60", 60, 60), bucket("+Inf", 60, 60)],
        alert_rule_test: [
          { eval_time: "25m", alertname: "Billing worker - Queue wait", exp_alerts: [] },
          { eval_time: "50m", alertname: "Billing worker - Queue wait", exp_alerts: [{ exp_labels: waitLabels, exp_annotations: annotations("Billing worker - Queue wait") }] },
        ],
      },
      {
        name: "charges stall below 1 a minute",
        interval: "1m",
        input_series: [{ series: `billing_charges_total{${job},outcome="ok"}`, values: counter([[5, 30], [0, 30]]) }],
        alert_rule_test: [
          { eval_time: "25m", alertname: "Billing worker - Charges Stalled", exp_alerts: [] },
          { eval_time: "55m", alertname: "Billing worker - Charges Stalled", exp_alerts: [{ exp_labels: { severity: "warning", service: "billing-worker" }, exp_annotations: annotations("Billing worker - Charges Stalled") }] },
        ],
      },
      {
        name: "queue depth above 1000 jobs",
        interval: "1m",
        input_series: [{ series: `billing_queue_depth{${job}}`, values: gauge([[900, 20], [1500, 20]]) }],
        alert_rule_test: [
          { eval_time: "15m", alertname: "Billing worker - Queue Depth", exp_alerts: [] },
          { eval_time: "35m", alertname: "Billing worker - Queue Depth", exp_alerts: [{ exp_labels: { severity: "warning", service: "billing-worker" }, exp_annotations: annotations("Billing worker - Queue Depth") }] },
        ],
      },
    ]);
    expect(result.code, result.output).toBe(0);
  }, 120_000);

  it("a group named like one the project makes, or a threshold on both sides, is a problem at its definition", () => {
    const bad = worker({
      api: { kind: "gauge", metric: "billing_queue_depth", above: 1, group: "API", runbook },
      both: { kind: "rate", metric: "billing_charges_total", above: 1, below: 2, runbook },
    });
    const { model, problems } = validateStack({ stack: "prod", services: [finsightCopy(), bad], config: stackConfig("prod") });
    expect(model).toBeUndefined();
    const lines = problems.map((p) => `${p.where}: ${p.message}`);
    expect(lines).toContainEqual('billing-worker.metricAlerts.api.group: "API" is the name of a rule group this project makes itself (expected another group name, e.g. "Metrics")');
    expect(lines).toContainEqual("billing-worker.metricAlerts.both.above: expected exactly one of above or below");
  });
});
