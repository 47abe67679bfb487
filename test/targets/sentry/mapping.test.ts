/**
 * The Sentry mapping under Pulumi's mocks: the exact inputs the seed guide's alerts become,
 * routed per stack, as the project's own dynamic resources (`pulumi-nodejs:dynamic/sentry:…`,
 * formerly `@pulumiverse/sentry`'s `sentry:index/…` types, whose bridged Terraform provider could
 * not read back a metric alert paging PagerDuty).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { finder, provisionUnderMocks, type Registered } from "../mocks";
import { finsightCopy, stackConfig, withSetting } from "../../helpers";

const ISSUE = "pulumi-nodejs:dynamic/sentry:IssueAlert";
const METRIC = "pulumi-nodejs:dynamic/sentry:MetricAlert";
const ENVIRONMENT = "pulumi-nodejs:dynamic/sentry:Environment";

let registered: Registered[] = [];
let find: ReturnType<typeof finder>;

beforeAll(async () => {
  registered = await provisionUnderMocks("prod", [finsightCopy()], stackConfig("prod"));
  find = finder(registered);
});

const PAGERDUTY_METRIC = { type: "pagerduty", targetType: "specific", targetIdentifier: "3004", integrationId: 3003 };
const EMAIL_METRIC = { type: "email", targetType: "team", targetIdentifier: "1001" };
const RUNBOOK = "https://github.com/finsight/runbooks/blob/main/incident-response.md";

describe("Sentry (prod)", () => {
  it("first seen → an issue alert e-mailing the team", () => {
    const { __provider: _p, ...inputs } = find(ISSUE, "finsight-api-errors-first-seen");
    expect(inputs).toEqual({
      organization: "finsight",
      project: "finsight-api",
      name: "FinSight API - New issue",
      environment: "production",
      actionMatch: "any",
      filterMatch: "all",
      frequency: 30,
      conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
      actions: [
        { id: "sentry.mail.actions.NotifyEmailAction", targetType: "Team", targetIdentifier: "1001" },
        { id: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction", workspace: "2002", channel: "#finsight-alerts" },
      ],
    });
  });

  it("more than 10 errors in 1 hour → an event-frequency issue alert", () => {
    const inputs = find(ISSUE, "finsight-api-errors-error-spike");
    expect(inputs.conditions).toEqual([
      { id: "sentry.rules.conditions.event_frequency.EventFrequencyCondition", value: "10", comparisonType: "count", interval: "1h" },
    ]);
    expect(inputs.frequency).toBe(60);
  });

  it("error rate over 50% for 5 minutes → a critical failure-rate metric alert that pages", () => {
    const { __provider: _p, ...inputs } = find(METRIC, "finsight-api-errors-error-rate");
    expect(inputs).toEqual({
      organization: "finsight",
      project: "finsight-api",
      name: "FinSight API - Error rate over 50%",
      environment: "production",
      dataset: "transactions",
      eventTypes: ["transaction"],
      query: "",
      aggregate: "failure_rate()",
      timeWindow: 5,
      thresholdType: 0,
      // SMS is skipped (Sentry cannot send it); PagerDuty pages, e-mail informs.
      triggers: [{ label: "critical", alertThreshold: 0.5, actions: [PAGERDUTY_METRIC, EMAIL_METRIC] }],
      description: `Severity: critical. Runbook: ${RUNBOOK}`,
      severity: "critical",
    });
  });

  it("p95 over 2000 ms → a latency metric alert routed to the warning contacts, its Sentry 'critical' label explained", () => {
    const inputs = find(METRIC, "finsight-api-performance-p95-slow");
    expect(inputs.aggregate).toBe("p95(transaction.duration)");
    expect(inputs.timeWindow).toBe(10);
    expect(inputs.triggers).toEqual([
      { label: "critical", alertThreshold: 2000, actions: [EMAIL_METRIC, { type: "slack", targetType: "specific", targetIdentifier: "#finsight-alerts", integrationId: 2002 }] },
    ]);
    // Sentry requires the first trigger to be labelled critical: the plan and Sentry's UI say what it is.
    expect(inputs.severity).toBe("warning");
    expect(inputs.description).toBe(
      `Severity: warning. Sentry shows it as "Critical" (a metric alert's first trigger must be labelled critical); it goes to the warning contacts and pages no one. Runbook: ${RUNBOOK}`,
    );
  });

  it("the environment the alerts filter on is in the plan, once per service, and every alert waits for it", () => {
    const envs = registered.filter((r) => r.type === ENVIRONMENT);
    expect(envs.map((r) => [r.name, r.inputs.organization, r.inputs.project, r.inputs.name, r.inputs.adopt])).toEqual([
      ["finsight-api-sentry-environment-production", "finsight", "finsight-api", "production", true],
    ]);
    expect(registered.filter((r) => r.type === ISSUE || r.type === METRIC)).toHaveLength(4);
    expect(registered.some((r) => r.type.startsWith("sentry:"))).toBe(false);
  });
});

describe("Sentry performance datasets", () => {
  it("spans: the span dataset filtered to transactions, on span.duration", async () => {
    const prod = stackConfig("prod");
    const vendors = JSON.parse(prod["monitoring:vendors"]);
    vendors.sentry.performanceDataset = "spans";
    const spans = finder(await provisionUnderMocks("prod", [finsightCopy()], withSetting(prod, "vendors", vendors)));
    const p95 = spans(METRIC, "finsight-api-performance-p95-slow");
    expect([p95.dataset, p95.eventTypes, p95.query, p95.aggregate]).toEqual(["events_analytics_platform", ["trace_item_span"], "is_transaction:true", "p95(span.duration)"]);
    const rate = spans(METRIC, "finsight-api-errors-error-rate");
    expect([rate.dataset, rate.query, rate.aggregate]).toEqual(["events_analytics_platform", "is_transaction:true", "failure_rate()"]);
  });
});

describe("Sentry warning triggers", () => {
  it("reach the service's own warning routing on the stack when it has one", async () => {
    const prod = stackConfig("prod");
    const services = JSON.parse(prod["monitoring:services"]);
    services["finsight-api"].routing = { warning: ["oncall-email"] };
    const service = finsightCopy();
    service.errors["error-rate"].warnAbovePercent = 20;
    const found = finder(await provisionUnderMocks("prod", [service], withSetting(prod, "services", services)));
    expect(found(METRIC, "finsight-api-errors-error-rate").triggers[1]).toEqual({ label: "warning", alertThreshold: 0.2, actions: [EMAIL_METRIC] });
    // The stack's warning routing (e-mail and Slack) otherwise.
    const stackWide = finder(await provisionUnderMocks("prod", [service], prod));
    expect(stackWide(METRIC, "finsight-api-errors-error-rate").triggers[1].actions).toEqual([
      EMAIL_METRIC,
      { type: "slack", targetType: "specific", targetIdentifier: "#finsight-alerts", integrationId: 2002 },
    ]);
  });
});
