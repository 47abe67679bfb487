/**
 * The Sentry mapping under Pulumi's mocks: the exact inputs the seed guide's alerts become,
 * routed per stack.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { finder, provisionUnderMocks, type Registered } from "../mocks";
import { finsightCopy, stackConfig } from "../../helpers";

let registered: Registered[] = [];
let find: ReturnType<typeof finder>;

beforeAll(async () => {
  registered = await provisionUnderMocks("prod", [finsightCopy()], stackConfig("prod"));
  find = finder(registered);
});

const PAGERDUTY_METRIC = { type: "pagerduty", targetType: "specific", targetIdentifier: "3004", integrationId: 3003 };
const EMAIL_METRIC = { type: "email", targetType: "team", targetIdentifier: "1001" };

describe("Sentry (prod)", () => {
  it("first seen → an issue alert e-mailing the team", () => {
    expect(find("sentry:index/sentryIssueAlert:SentryIssueAlert", "finsight-api-errors-first-seen")).toEqual({
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
    const inputs = find("sentry:index/sentryIssueAlert:SentryIssueAlert", "finsight-api-errors-error-spike");
    expect(inputs.conditions).toEqual([
      { id: "sentry.rules.conditions.event_frequency.EventFrequencyCondition", value: "10", comparisonType: "count", interval: "1h" },
    ]);
    expect(inputs.frequency).toBe(60);
  });

  it("error rate over 50% for 5 minutes → a critical failure-rate metric alert that pages", () => {
    expect(find("sentry:index/sentryMetricAlert:SentryMetricAlert", "finsight-api-errors-error-rate")).toEqual({
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
      triggers: [{ label: "critical", alertThreshold: 0.5, thresholdType: 0, actions: [PAGERDUTY_METRIC, EMAIL_METRIC] }],
    });
  });

  it("p95 over 2000 ms → a latency metric alert routed to the warning contacts", () => {
    const inputs = find("sentry:index/sentryMetricAlert:SentryMetricAlert", "finsight-api-performance-p95-slow");
    expect(inputs.aggregate).toBe("p95(transaction.duration)");
    expect(inputs.timeWindow).toBe(10);
    expect(inputs.triggers).toEqual([
      {
        label: "critical",
        alertThreshold: 2000,
        thresholdType: 0,
        actions: [EMAIL_METRIC, { type: "slack", targetType: "specific", targetIdentifier: "#finsight-alerts", integrationId: 2002 }],
      },
    ]);
  });
});
