/**
 * The Sentry providers run as the engine runs them (compiled, serialized, deserialized, configured)
 * against the fake Sentry (test/fakes/sentry.ts), which applies Sentry's own validators and reads
 * back what Sentry's serializers return: create/read/diff/update/delete, no perpetual diff after
 * Sentry's rewrites, drift on refresh, adoption by name, the 202 tasks of Slack actions, paging.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeSentry, sentryConfig } from "../../fakes/sentry";

type P = LoadedProvider["provider"];
const { providers } = compiled<{ providers: Record<"environment" | "issueAlert" | "metricAlert", object> }>("src/targets/sentry/provider");

// Pages of two rules, so that listings take several pages (Link header with cursors).
const fake = new FakeSentry({ maxPerPage: 2 });
let issue: P;
let metric: P;
let environment: P;

beforeAll(async () => {
  await fake.start();
  const cfg = sentryConfig(fake);
  issue = (await load(providers.issueAlert, cfg)).provider;
  metric = (await load(providers.metricAlert, cfg)).provider;
  environment = (await load(providers.environment, cfg)).provider;
});
afterAll(async () => {
  await fake.stop();
});

const at = { organization: "finsight", project: "finsight-api" };
const SPIKE = {
  ...at,
  name: "FinSight API - Error spike (10+ in 1h)",
  environment: "production",
  actionMatch: "any",
  filterMatch: "all",
  frequency: 60,
  conditions: [{ id: "sentry.rules.conditions.event_frequency.EventFrequencyCondition", value: "10", comparisonType: "count", interval: "1h" }],
  actions: [{ id: "sentry.mail.actions.NotifyEmailAction", targetType: "Team", targetIdentifier: "1001" }],
};
const PAGERDUTY = { type: "pagerduty", targetType: "specific", targetIdentifier: "3004", integrationId: 3003 };
const ERROR_RATE = {
  ...at,
  name: "FinSight API - Error rate over 50%",
  environment: "production",
  dataset: "transactions",
  eventTypes: ["transaction"],
  query: "",
  aggregate: "failure_rate()",
  timeWindow: 5,
  thresholdType: 0,
  triggers: [{ label: "critical", alertThreshold: 0.5, actions: [PAGERDUTY, { type: "email", targetType: "team", targetIdentifier: "1001" }] }],
  description: "Severity: critical.",
  severity: "critical",
};

describe("Sentry issue alerts", () => {
  it("create, refresh and diff: what Sentry adds on read (labels, uuids, cleaned numbers) is no change", async () => {
    const created = await issue.create(SPIKE);
    expect(created.id).toMatch(/^finsight\/finsight-api\/\d+$/);
    const stored = fake.issueRules().find((r) => r.name === SPIKE.name)!;
    // Sentry stores the form-cleaned value and labels every node: a naive comparison sees drift.
    expect((stored.conditions as Array<Record<string, unknown>>)[0]).toMatchObject({ value: 10, name: expect.any(String) });
    const read = await issue.read(created.id, created.outs);
    expect(read.id).toBe(created.id);
    expect(await issue.diff(created.id, read.props, SPIKE)).toMatchObject({ changes: false });
    const changed = await issue.update(created.id, read.props, { ...SPIKE, frequency: 120 });
    expect(fake.issueRules().find((r) => r.name === SPIKE.name)!.frequency).toBe(120);
    await issue.delete(created.id, changed.outs);
    expect(fake.issueRules().find((r) => r.name === SPIKE.name)).toBeUndefined();
  });

  it("refresh reports an edit made in Sentry, and a rule deleted there as gone; deleting it again succeeds", async () => {
    const created = await issue.create({ ...SPIKE, name: "drift" });
    const ruleId = created.id.split("/")[2];
    (fake.org().issueRules.get(ruleId)!.data as Record<string, unknown>).frequency = 1440;
    const read = await issue.read(created.id, created.outs);
    expect(read.props.frequency).toBe(1440);
    expect((await issue.diff(created.id, read.props, { ...SPIKE, name: "drift" })).changes).toBe(true);
    fake.vanish("issue", ruleId);
    expect((await issue.read(created.id, created.outs)).id).toBe("");
    await expect(issue.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  it("a rule with the same name and environment is a duplicate unless adopted; adopting takes it over", async () => {
    const existing = fake.seedIssueRule("finsight-api", { ...SPIKE, name: "by hand", frequency: 30 });
    for (let i = 0; i < 4; i++) fake.seedIssueRule("finsight-api", { ...SPIKE, name: `filler ${i}` });
    await expect(issue.create({ ...SPIKE, name: "by hand" })).rejects.toThrow(
      /^Sentry issue alert "by hand": one already exists with this name and environment \(id finsight\/finsight-api\/\d+\) \(expected .*set adopt: true/,
    );
    // Another environment is another rule.
    const dev = await issue.create({ ...SPIKE, name: "by hand", environment: "dev" });
    const adopted = await issue.create({ ...SPIKE, name: "by hand", adopt: true });
    expect(adopted.id).toBe(`finsight/finsight-api/${existing}`);
    expect(fake.org().issueRules.get(existing)!.data.frequency).toBe(60);
    expect(fake.issueRules().filter((r) => r.name === "by hand")).toHaveLength(2);
    await issue.delete(dev.id, dev.outs);
  });

  it("a Slack action answered with 202 is polled to the saved rule, created once", async () => {
    const before = fake.stats.creates;
    const slack = { ...SPIKE, name: "slack", actions: [{ id: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction", workspace: "2002", channel: "#finsight-alerts" }] };
    const created = await issue.create(slack);
    expect(fake.stats.creates - before).toBe(1);
    expect(fake.stats.tasks).toBeGreaterThan(0);
    const read = await issue.read(created.id, created.outs);
    // Sentry adds the looked-up channel_id: no change.
    expect((await issue.diff(created.id, read.props, slack)).changes).toBe(false);
  });
});

describe("Sentry metric alerts", () => {
  it("a PagerDuty action read back with an integer targetIdentifier is no drift and no orphan", async () => {
    const before = fake.metricRules().length;
    const created = await metric.create(ERROR_RATE);
    expect(fake.metricRules()).toHaveLength(before + 1);
    const raw = fake.metricRules().find((r) => r.name === ERROR_RATE.name)!;
    const action = (raw.triggers as Array<{ actions: Array<Record<string, unknown>> }>)[0].actions[0];
    // What Sentry returns (alert_rule_trigger_action.py get_identifier_from_action): an integer.
    expect(action.targetIdentifier).toBe(3004);
    const read = await metric.read(created.id, created.outs);
    expect(read.id).toBe(created.id);
    expect(await metric.diff(created.id, read.props, ERROR_RATE)).toMatchObject({ changes: false, replaces: [] });
    expect(fake.metricRules()).toHaveLength(before + 1);
    await metric.delete(created.id, read.props);
    expect(fake.metricRules()).toHaveLength(before);
  });

  it("a warning trigger, Slack's 202 task and an update in place", async () => {
    const slack = { type: "slack", targetType: "specific", targetIdentifier: "#finsight-alerts", integrationId: 2002 };
    const inputs = {
      ...ERROR_RATE,
      name: "p95",
      aggregate: "p95(transaction.duration)",
      timeWindow: 10,
      triggers: [
        { label: "critical", alertThreshold: 2000, actions: [slack] },
        { label: "warning", alertThreshold: 1500, actions: [{ type: "email", targetType: "team", targetIdentifier: "1001" }] },
      ],
    };
    const created = await metric.create(inputs);
    const read = await metric.read(created.id, created.outs);
    expect((await metric.diff(created.id, read.props, inputs)).changes).toBe(false);
    const news = { ...inputs, timeWindow: 15 };
    expect(await metric.diff(created.id, read.props, news)).toMatchObject({ changes: true, replaces: [] });
    await metric.update(created.id, read.props, news);
    expect(fake.metricRules().find((r) => r.name === "p95")!.timeWindow).toBe(15);
    expect(await metric.diff(created.id, read.props, { ...news, project: "other" })).toMatchObject({ replaces: ["project"] });
  });
});

describe("Sentry environments", () => {
  const env = (name: string) => ({ ...at, name, adopt: true });

  it("an environment Sentry has is found; one it lacks fails with what to do, and nothing is written", async () => {
    const found = await environment.create(env("production"));
    expect(found.id).toBe("finsight/finsight-api/production");
    const before = fake.stats.creates;
    await expect(environment.create(env("staging"))).rejects.toThrow(
      /^Sentry environment "staging": Sentry has no environment "staging" in finsight\/finsight-api yet, and has no API to create one: .*SENTRY_ENVIRONMENT=staging.*then `pulumi up` again/,
    );
    expect(fake.stats.creates).toBe(before);
    // Once the first event arrives, the next deploy finds it.
    fake.org().environments.get("finsight-api")!.add("staging");
    expect((await environment.create(env("staging"))).id).toBe("finsight/finsight-api/staging");
    await expect(environment.delete("finsight/finsight-api/staging", {})).resolves.toBeUndefined();
    expect(fake.org().environments.get("finsight-api")!.has("staging")).toBe(true);
  });

  it("without the environment, Sentry itself refuses an alert filtering on it", async () => {
    await expect(issue.create({ ...SPIKE, name: "canary", environment: "canary" })).rejects.toThrow(/This environment has not been created\./);
    await expect(metric.create({ ...ERROR_RATE, name: "canary", environment: "canary" })).rejects.toThrow(/Environment is not part of this organization/);
  });
});

describe("credentials", () => {
  it("a wrong token is a clear error that does not contain it", async () => {
    const wrong = (await load(providers.issueAlert, sentryConfig(fake, { "sentry:token": "sntrys_WRONG_secret_token" }))).provider;
    const err = await wrong.create({ ...SPIKE, name: "unauthorised" }).catch((e: Error) => e);
    expect(String(err)).toMatch(/Sentry API GET \/projects\/finsight\/finsight-api\/rules\/: HTTP 401 \(application\/json body: \{"detail":"Invalid token"\}\)/);
    expect(String(err)).not.toContain("sntrys_WRONG_secret_token");
  });

  it("without a token every call says how to set one", async () => {
    const none = (await load(providers.metricAlert, { "sentry:apiUrl": fake.url })).provider;
    const saved = process.env.SENTRY_AUTH_TOKEN;
    delete process.env.SENTRY_AUTH_TOKEN;
    try {
      await expect(none.create(ERROR_RATE)).rejects.toThrow(/sentry:token: not set \(expected `pulumi config set --secret sentry:token <auth token>` or the environment variable SENTRY_AUTH_TOKEN\)/);
    } finally {
      if (saved !== undefined) process.env.SENTRY_AUTH_TOKEN = saved;
    }
  });
});
