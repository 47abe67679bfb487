/**
 * What Sentry's own validators refuse is found before anything is registered (`monitoring validate`),
 * and the fake Sentry, applying the same validators (test/fakes/sentry-validators.ts, evidence cited
 * there), refuses it too when it is sent anyway: names, frequency, triggers and their actions, the
 * performance dataset per organization, webhooks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateStack } from "../../../src/pipeline";
import { formatProblem } from "../../../src/resolve";
import type { RawConfig } from "../../../src/settings";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeSentry, sentryConfig } from "../../fakes/sentry";
import { finsightCopy, stackConfig, withSetting } from "../../helpers";

type P = LoadedProvider["provider"];
const { providers } = compiled<{ providers: Record<"issueAlert" | "metricAlert", object> }>("src/targets/sentry/provider");

/** The problems of a stack with the definition and settings edited, as `stack where: message` lines. */
function problems(stack: "dev" | "prod", edit: (s: Record<string, any>) => void = () => undefined, config: (c: RawConfig) => RawConfig = (c) => c): string[] {
  const service = finsightCopy();
  edit(service);
  return validateStack({ stack, services: [service], config: config(stackConfig(stack)) }).problems.map((p) => `${p.level} ${formatProblem(stack, p)}`);
}
const sentrySetting = (stack: string, extra: Record<string, unknown>) => (c: RawConfig) =>
  withSetting(c, "vendors", { ...JSON.parse(stackConfig(stack)["monitoring:vendors"]), sentry: { ...JSON.parse(stackConfig(stack)["monitoring:vendors"]).sentry, ...extra } });

const fake = new FakeSentry();
const deprecated = new FakeSentry({ features: { transactionDeprecation: true, mepRollout: true } });
const metricsOrg = new FakeSentry({ features: { performanceMetrics: true, mepRollout: true } });
let issue: P;
let metric: P;

beforeAll(async () => {
  for (const f of [fake, deprecated, metricsOrg]) await f.start();
  issue = (await load(providers.issueAlert, sentryConfig(fake))).provider;
  metric = (await load(providers.metricAlert, sentryConfig(fake))).provider;
});
afterAll(async () => {
  for (const f of [fake, deprecated, metricsOrg]) await f.stop();
});

const at = { organization: "finsight", project: "finsight-api", environment: "production" };
const RULE = {
  ...at,
  name: "rule",
  actionMatch: "any",
  frequency: 30,
  conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
  actions: [{ id: "sentry.mail.actions.NotifyEmailAction", targetType: "Team", targetIdentifier: "1001" }],
};
const EMAIL = { type: "email", targetType: "team", targetIdentifier: "1001" };
const METRIC = {
  ...at,
  name: "metric",
  dataset: "transactions",
  eventTypes: ["transaction"],
  query: "",
  aggregate: "p95(transaction.duration)",
  timeWindow: 10,
  thresholdType: 0,
  triggers: [{ label: "critical", alertThreshold: 2000, actions: [EMAIL] }],
};
/** Sends inputs without the provider's own check, as if it were missing: Sentry must refuse them. */
const refused = (p: P, inputs: Record<string, unknown>) => p.create(inputs).then(() => "created", (e: Error) => e.message);

describe("names", () => {
  it("an alert name over 256 characters is a problem, a check failure, and Sentry refuses it", async () => {
    const long = "N".repeat(257);
    // The definition language bounds names below Sentry's limit; either way it is found at the name.
    for (const [edit, where] of [
      [(s: Record<string, any>) => (s.errors["error-spike"].name = long), "finsight-api.errors.error-spike.name"],
      [(s: Record<string, any>) => (s.performance["p95-slow"].name = long), "finsight-api.performance.p95-slow.name"],
    ] as const) {
      expect(problems("prod", edit).some((p) => p.startsWith(`error prod ${where}: `))).toBe(true);
    }
    expect((await issue.check({}, { ...RULE, name: long })).failures!.map((f) => f.property)).toEqual(["name"]);
    expect(await refused(issue, { ...RULE, name: long })).toMatch(/HTTP 400 \(application\/json body: \{"name":\["Ensure this field has no more than 256 characters\."\]\}\)/);
    expect(await refused(metric, { ...METRIC, name: long })).toMatch(/Ensure this field has no more than 256 characters/);
  });
});

describe("frequency", () => {
  it("an issue alert's throttle is a whole number of minutes from 5 to 43200", async () => {
    expect(problems("dev", (s) => (s.errors["first-seen"].throttle = "2m"))).toContain(
      "error dev finsight-api.errors.first-seen.throttle: Sentry notifies at most once per 5 to 43200 whole minutes, not per 2m (expected a throttle from 5m to 30d)",
    );
    expect(problems("dev", (s) => (s.errors["first-seen"].throttle = "90s")).some((p) => p.startsWith("error dev finsight-api.errors.first-seen.throttle: "))).toBe(true);
    expect(problems("dev", (s) => (s.errors["first-seen"].throttle = "5w")).some((p) => p.includes("first-seen.throttle"))).toBe(true);
    expect(problems("dev", (s) => (s.errors["first-seen"].throttle = "30d")).filter((p) => p.startsWith("error"))).toEqual([]);
    expect((await issue.check({}, { ...RULE, frequency: 4 })).failures![0].reason).toMatch(/frequency: 4 is out of range \(expected 5 to 43200 minutes\)/);
    expect(await refused(issue, { ...RULE, frequency: 4 })).toMatch(/Ensure this value is greater than or equal to 5\./);
    expect(await refused(issue, { ...RULE, frequency: 43201 })).toMatch(/Ensure this value is less than or equal to 43200\./);
  });
});

describe("triggers and actions", () => {
  it("the warning threshold may not pass the critical one", async () => {
    expect(problems("prod", (s) => (s.errors["error-rate"].warnAbovePercent = 60))).toContain(
      "error prod finsight-api.errors.error-rate.warnAbovePercent: the warning threshold 60% is above the critical one, 50%, which Sentry refuses (expected a warning threshold at most 50%)",
    );
    expect(problems("prod", (s) => (s.performance["p95-slow"].warnAboveMs = 2500)).some((p) => p.includes("p95-slow.warnAboveMs: the warning threshold 2500 ms is above the critical one"))).toBe(true);
    const inverted = { ...METRIC, triggers: [METRIC.triggers[0], { label: "warning", alertThreshold: 2500, actions: [EMAIL] }] };
    expect((await metric.check({}, inverted)).failures!.map((f) => f.property)).toEqual(["triggers[1].alertThreshold"]);
    expect(await refused(metric, inverted)).toMatch(/Critical trigger must have an alert threshold above warning trigger/);
  });

  it("the first trigger is labelled critical, and every trigger has an action", async () => {
    const warningFirst = { ...METRIC, triggers: [{ ...METRIC.triggers[0], label: "warning" }] };
    expect((await metric.check({}, warningFirst)).failures!.map((f) => f.property)).toEqual(["triggers[0].label"]);
    expect(await refused(metric, warningFirst)).toMatch(/Trigger 1 must be labeled \\"critical\\"/);
    const silent = { ...METRIC, triggers: [{ ...METRIC.triggers[0], actions: [] }] };
    expect((await metric.check({}, silent)).failures!.map((f) => f.property)).toEqual(["triggers[0].actions"]);
    expect(await refused(metric, silent)).toMatch(/Each trigger must have an associated action for this alert to fire\./);
    // A warning trigger whose route Sentry cannot deliver to would have no action.
    const phoneOnly = (c: RawConfig) => withSetting(c, "routing", { critical: ["oncall-pagerduty"], warning: ["oncall-sms"] });
    expect(problems("prod", (s) => (s.errors["error-rate"].warnAbovePercent = 20), phoneOnly)).toContain(
      "error prod finsight-api.errors.error-rate.warnAbovePercent: the warning trigger would reach no contact Sentry can deliver to (expected monitoring:routing.warning, or the service's, to name an e-mail, Slack or PagerDuty contact Sentry can reach: Sentry requires every trigger to have an action)",
    );
  });

  it("an issue alert without an action is refused by Sentry, and found before", async () => {
    expect((await issue.check({}, { ...RULE, actions: [] })).failures!.map((f) => f.property)).toEqual(["actions"]);
    expect(await refused(issue, { ...RULE, actions: [] })).toMatch(/You must add an action for this alert to fire\./);
    const onlyPhones = (c: RawConfig) => withSetting(c, "routing", { critical: ["oncall-sms"], warning: ["oncall-sms"] });
    expect(problems("prod", undefined, onlyPhones)).toContain(
      "error prod finsight-api.errors.first-seen: no contact of this alert can be reached through Sentry (expected an e-mail, Slack or PagerDuty contact Sentry can deliver to)",
    );
  });
});

describe("webhooks", () => {
  it("a Sentry alert routed to a webhook contact is an error that says why", () => {
    const withHook = (c: RawConfig) => {
      const contacts = { ...JSON.parse(c["monitoring:contacts"]), hook: { type: "webhook", url: "https://hooks.example/alerts?token=abc" } };
      return withSetting(withSetting(c, "contacts", contacts), "routing", { critical: ["oncall-pagerduty", "oncall-email"], warning: ["oncall-email", "hook"] });
    };
    const found = problems("prod", undefined, withHook);
    const hook = found.filter((p) => p.includes('webhook contact "hook"'));
    expect(hook.map((p) => p.split(":")[0])).toEqual(["error prod finsight-api.errors.first-seen", "error prod finsight-api.errors.error-spike", "error prod finsight-api.performance.p95-slow"]);
    expect(hook[0]).toContain("posts to the URLs of the project's WebHooks plugin, the same for every rule");
    // No "skipped" warning on top of the error, and the token in the URL is never shown.
    expect(found.filter((p) => p.startsWith("warning") && p.includes("contacts.hook"))).toEqual([]);
    expect(found.join("\n")).not.toContain("token=abc");
  });
});

describe("the performance dataset, per organization", () => {
  const p95 = (f: FakeSentry, dataset: string, eventTypes: string[], aggregate = "p95(transaction.duration)", query = "") =>
    load(providers.metricAlert, sentryConfig(f)).then(({ provider }) =>
      provider.create({ ...METRIC, name: `p95 ${dataset}`, dataset, eventTypes, aggregate, query }).then((r) => r.id, (e: Error) => e.message),
    );

  it("an organization with performance metrics refuses transactions, and the error says which setting to change", async () => {
    expect(await p95(metricsOrg, "transactions", ["transaction"])).toMatch(
      /Performance alerts must use the `generic_metrics` dataset.*\(expected monitoring:vendors\.sentry\.performanceDataset to name what this organization accepts/,
    );
    expect(await p95(metricsOrg, "generic_metrics", ["transaction"])).toMatch(/^finsight\/finsight-api\/\d+$/);
  });

  it("past the transactions deprecation only spans filtered to transactions are accepted", async () => {
    expect(await p95(deprecated, "transactions", ["transaction"])).toMatch(/Creation of transaction-based alerts is disabled.*performanceDataset/);
    expect(await p95(deprecated, "generic_metrics", ["transaction"])).toMatch(/Creation of transaction-based alerts is disabled/);
    expect(await p95(deprecated, "events_analytics_platform", ["trace_item_span"], "p95(span.duration)", "is_transaction:true")).toMatch(/^finsight\/finsight-api\/\d+$/);
  });

  it("the setting is validated, and span alerts need windows of 5 minutes or more", () => {
    expect(problems("prod", undefined, sentrySetting("prod", { performanceDataset: "spanz" }))[0]).toMatch(
      /^error prod Pulumi\.prod\.yaml monitoring:vendors\.sentry\.performanceDataset: expected "transactions", "generic_metrics" or "spans"/,
    );
    expect(problems("prod", (s) => (s.performance["p95-slow"].window = "1m"), sentrySetting("prod", { performanceDataset: "spans" }))).toContain(
      'error prod finsight-api.performance.p95-slow.window: Sentry span alerts need a window of at least 5 minutes (expected 5m or more with performanceDataset "spans")',
    );
    expect(problems("prod", undefined, sentrySetting("prod", { performanceDataset: "spans" })).filter((p) => p.startsWith("error"))).toEqual([]);
  });
});
