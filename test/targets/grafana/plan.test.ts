/**
 * `monitoring plan --stack prod --format json` (the CLI as a user runs it, in a scratch copy of
 * the project) shows the Grafana side of FinSight: folder, dashboards, contact points, exactly
 * one notification policy and the rule groups, secrets masked.
 */
import { beforeAll, expect, it } from "vitest";
import { cli, scratchProject } from "../../helpers";

let plan: { resources: { type: string; name: string; inputs: Record<string, unknown>; secretInputs: string[] }[] };
let stdout: string;

beforeAll(() => {
  const r = cli(["plan", "--stack", "prod", "--format", "json"], scratchProject());
  expect(r.code, r.stderr).toBe(0);
  stdout = r.stdout;
  plan = JSON.parse(r.stdout);
});

it("contains the Grafana folder, dashboards, contact points, one notification policy, the rule groups and the SLO recording rules", () => {
  const grafana = plan.resources.filter((r) => r.type.startsWith("grafana:")).map((r) => `${r.type.split(":").pop()} ${r.name}`);
  expect(grafana.sort()).toEqual([
    "ContactPoint contact-oncall-email",
    "ContactPoint contact-oncall-pagerduty",
    "ContactPoint contact-team-slack",
    "Dashboard finsight-api-dashboard-api-overview",
    "Dashboard finsight-api-dashboard-database",
    "Dashboard finsight-api-dashboard-product",
    "Dashboard finsight-api-dashboard-slo",
    "DataSource prometheus",
    "Folder billing-worker-folder",
    "Folder finsight-api-folder",
    "NotificationPolicy notification-policy",
    // The billing worker's histogram, counter and gauge alerts, in the group its definitions name.
    "RuleGroup billing-worker-rules-metrics-billing-worker",
    "RuleGroup finsight-api-rules-api",
    "RuleGroup finsight-api-rules-database",
    "RuleGroup finsight-api-rules-slo",
    "RuleGroup finsight-api-rules-slo-recordings",
  ]);
});

it("names the contact points' secrets without showing them", () => {
  const secrets = Object.fromEntries(plan.resources.filter((r) => r.type.endsWith("ContactPoint")).map((r) => [r.name, r.secretInputs]));
  expect(secrets["contact-oncall-pagerduty"]).toEqual(["pagerduties[0].integrationKey"]);
  expect(secrets["contact-team-slack"]).toEqual(["slacks[0].url"]);
  expect(stdout).not.toContain("0123456789abcdef0123456789abcdef");
  expect(stdout).not.toContain("hooks.slack.com/services/T000");
});

it("shows the SLO recording rules: each recorded series with its PromQL", () => {
  const recordings = plan.resources.find((r) => r.name === "finsight-api-rules-slo-recordings")!;
  const rules = recordings.inputs.rules as { name: string; record: { metric: string }; datas: { model: string }[] }[];
  expect(rules.map((r) => r.name)).toContain("FinSight API - Availability SLO: slo:sli_error:ratio_rate3d");
  const threeDays = rules.find((r) => r.name === "FinSight API - Availability SLO: slo:sli_error:ratio_rate3d")!;
  expect(threeDays.record.metric).toBe("slo:sli_error:ratio_rate3d");
  expect(JSON.parse(threeDays.datas[0].model).expr).toContain('[3d]');
});
