/**
 * The relay's resources and problems for the FinSight service: the Worker, its bindings, its
 * digest schedule and the Stripe endpoint pointed at it; contacts it cannot reach are problems.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { validateStack } from "../../../src/pipeline";
import { stackCost } from "../../../src/cli/cost";
import { cli, finsightCopy, stackConfig, withSetting } from "../../helpers";
import { finder, provisionUnderMocks, type Registered } from "../mocks";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
let registered: Registered[] = [];
beforeAll(async () => {
  registered = await provisionUnderMocks("prod", [finsightCopy()], stackConfig("prod"));
});

const relaySetting = (stack: string) => JSON.parse(stackConfig(stack)["monitoring:vendors"]).relay;
function withVendors(stack: string, edit: (v: Record<string, any>) => void) {
  const vendors = JSON.parse(stackConfig(stack)["monitoring:vendors"]);
  edit(vendors);
  return withSetting(stackConfig(stack), "vendors", vendors);
}
const problemsOf = (stack: string, config = stackConfig(stack), svc = finsightCopy()) => validateStack({ stack, services: [svc], config }).problems;

describe("relay resources (prod)", () => {
  it("the Stripe endpoint of the business alerts is the relay Worker's URL", () => {
    const ep = finder(registered)("pulumi-nodejs:dynamic/stripe:WebhookEndpoint", "finsight-api-stripe-relay");
    expect(ep.url).toBe("https://finsight-api-relay-production.finsight.workers.dev/stripe");
    expect(ep.marker).toBe("prod/finsight-api/relay");
  });

  it("registers the Worker with its CONFIG, replay store and one secret binding per secret", () => {
    const inputs = finder(registered)("cloudflare:index/workersScript:WorkersScript", "finsight-api-relay");
    // The mock hands a list holding secrets back as one secret; its elements are what was bound.
    const w: Record<string, any> = { ...inputs, bindings: inputs.bindings[SECRET_SIG] ? inputs.bindings.value : inputs.bindings };
    expect(w).toMatchObject({ accountId: relaySetting("prod").accountId, scriptName: "finsight-api-relay-production", mainModule: "worker.js", contentFile: "dist/relay/worker.js" });
    expect(w.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(w.bindings.map((b: any) => `${b.type} ${b.name}`)).toEqual([
      "json CONFIG",
      "kv_namespace REPLAY",
      "secret_text STRIPE_WEBHOOK_SECRET",
      "secret_text CONTACT_ONCALL_PAGERDUTY",
      "secret_text CONTACT_TEAM_SLACK",
      "secret_text MAIL_API_KEY",
      "secret_text STRIPE_READ_KEY",
      "secret_text UPTIMEROBOT_READ_KEY",
      "secret_text SENTRY_TOKEN",
    ]);
    const config = JSON.parse(w.bindings[0].json);
    expect(config.entries.map((e: any) => [e.key, e.severity, e.contacts])).toEqual([
      ["churn", "warning", ["oncall-email", "team-slack"]],
      ["dispute", "critical", ["oncall-pagerduty", "oncall-email"]],
      ["failed-payment", "warning", ["oncall-email", "team-slack"]],
    ]);
    expect(config.contacts["team-slack"]).toEqual({ type: "slack", secret: "CONTACT_TEAM_SLACK" });
    // The CONFIG holds binding names, never a secret value.
    expect(w.bindings[0].json).not.toMatch(/hooks\.slack\.com|0123456789abcdef0123456789abcdef|placeholder/);
    expect(config.digest).toMatchObject({ at: "09:00", timeZone: "Europe/Berlin", contacts: ["oncall-email", "team-slack"], goals: { monthlyChurnPercent: 5, conversionPercent: 10 }, sentry: { organization: "finsight", project: "finsight-api" } });
    expect(config.digest.uptime.map((u: any) => u.name)).toContain("FinSight API - Health [production]");
  });

  it("serves it on workers.dev and runs the digest at 09:00 Berlin time all year", () => {
    expect(finder(registered)("cloudflare:index/workersScriptSubdomain:WorkersScriptSubdomain", "finsight-api-relay-subdomain")).toMatchObject({ enabled: true });
    expect(finder(registered)("cloudflare:index/workersCronTrigger:WorkersCronTrigger", "finsight-api-relay-digest").schedules).toEqual([{ cron: "0 7 * * *" }, { cron: "0 8 * * *" }]);
    expect(finder(registered)("cloudflare:index/workersKvNamespace:WorkersKvNamespace", "relay-replay").title).toBe("monitoring-relay-replay-production");
  });

  it("the stack's digest time and zone win over the definition's", async () => {
    const config = withVendors("prod", (v) => (v.relay.digest = { at: "07:30", timeZone: "UTC" }));
    const r = await provisionUnderMocks("prod", [finsightCopy()], config);
    expect(finder(r)("cloudflare:index/workersCronTrigger:WorkersCronTrigger", "finsight-api-relay-digest").schedules).toEqual([{ cron: "30 7 * * *" }]);
  });
});

describe("relay problems", () => {
  it("prod is clean: the SMS contact is skipped silently because PagerDuty pages for the same alerts", () => {
    expect(problemsOf("prod").filter((p) => /relay/i.test(p.message) || /Relay/.test(p.message))).toEqual([]);
  });

  it("a critical alert whose only pager is an SMS number breaks criticalReachesPager through the relay, and the number is named", () => {
    const config = withSetting(stackConfig("prod"), "routing", { critical: ["oncall-sms", "oncall-email"], warning: ["oncall-email"] });
    const problems = problemsOf("prod", config);
    expect(problems).toContainEqual({ level: "error", where: "finsight-api.business.stripe.dispute", message: "critical, but its paging contacts are ones Relay cannot deliver to (expected a PagerDuty contact: the relay pages through PagerDuty only) [policy criticalReachesPager]" });
    expect(problems).toContainEqual(expect.objectContaining({ level: "warning", where: "Pulumi.prod.yaml monitoring:contacts.oncall-sms", message: expect.stringContaining("the relay has no SMS channel") }));
  });

  it("an alert that reaches only contacts the relay has no channel for is an error, not a silent drop", () => {
    const svc = finsightCopy();
    svc.business.stripe.churn.notify = ["oncall-sms"];
    expect(problemsOf("prod", stackConfig("prod"), svc)).toContainEqual(expect.objectContaining({ level: "error", where: "finsight-api.business.stripe.churn", message: expect.stringMatching(/^no contact of this alert can be reached through Relay/) }));
  });

  it("e-mail needs the mail API; where the Worker runs and the digest's read key are required", () => {
    const config = withVendors("dev", (v) => {
      delete v.relay.mail;
      delete v.relay.accountId;
      delete v.relay.keys.stripe;
    });
    const wheres = problemsOf("dev", config).filter((p) => p.level === "error").map((p) => `${p.where}: ${p.message}`);
    expect(wheres).toContainEqual(expect.stringMatching(/^finsight-api\.business\.stripe\.failed-payment: no contact of this alert can be reached through Relay/));
    expect(wheres).toContainEqual(expect.stringMatching(/^Pulumi\.dev\.yaml monitoring:vendors\.relay\.accountId: missing/));
    expect(wheres).toContainEqual(expect.stringMatching(/^Pulumi\.dev\.yaml monitoring:vendors\.relay\.keys\.stripe: missing: finsight-api\.business\.digest reads Stripe/));
  });

  it("without a relay, a business alert needs its own path or url", () => {
    const config = withVendors("dev", (v) => (v.relay.enabled = false));
    expect(problemsOf("dev", config)).toContainEqual(expect.objectContaining({ where: "finsight-api.business.stripe.churn", message: expect.stringContaining("no path or url, and the stack has no relay") }));
    const svc = finsightCopy();
    for (const a of Object.values<any>(svc.business.stripe)) a.path = "/webhooks/stripe/billing";
    delete svc.business.digest;
    expect(problemsOf("dev", config, svc).filter((p) => p.level === "error")).toEqual([]);
  });

  it("digest definitions are validated with their paths", () => {
    const svc = finsightCopy();
    svc.business.digest.at = "9am";
    svc.business.digest.freeUsers = "everyone";
    const problems = problemsOf("prod", stackConfig("prod"), svc).map((p) => `${p.where}: ${p.message}`);
    expect(problems).toContain('finsight-api.business.digest.at: expected a time of day "HH:MM" (24-hour)');
    expect(problems).toContain("finsight-api.business.digest.freeUsers: expected one of zero-amount-subscriptions, customers-without-paid-subscription");
  });
});

describe("relay cost", () => {
  it("fits Workers Free with its two Cron Triggers; more than five needs Workers Paid", () => {
    const { model } = validateStack({ stack: "prod", services: [finsightCopy()], config: stackConfig("prod") });
    expect(stackCost(model!).vendors.find((v) => v.vendor === "relay")).toMatchObject({ needed: "free", usdPerMonth: 0 });
    // Three services, each with a digest at 09:00 Berlin (two UTC times each).
    // Each copy names its vendor objects apart (UptimeRobot monitors and windows, the Better Stack source are found by name).
    const apart = <T extends { name?: string }>(entries: Record<string, T>, k: string) => Object.fromEntries(Object.entries(entries).map(([key, e]) => [key, { ...e, name: `${e.name ?? key} (${k})` }]));
    const services = ["a", "b", "c"].map((k) => {
      const copy = finsightCopy();
      return { ...copy, key: `svc-${k}`, baseUrl: `https://${k}.finsight.example`, rateLimits: {}, statusPage: undefined, checks: apart(copy.checks, k), maintenance: apart(copy.maintenance, k), logs: { api: { ...copy.logs.api, name: `Svc ${k} API` } } };
    });
    // Without prod's stack status page, which lists finsight-api's checks.
    const paid = withSetting(withSetting(withVendors("prod", (v) => (v.relay.plan = "paid")), "services", {}), "statusPage", { enabled: true });
    const big = validateStack({ stack: "prod", services, config: paid });
    expect(big.problems.filter((p) => p.level === "error")).toEqual([]);
    expect(stackCost(big.model!).vendors.find((v) => v.vendor === "relay")).toMatchObject({ needed: "paid", usdPerMonth: 5 });
    const free = validateStack({ stack: "prod", services, config: withSetting(withSetting(stackConfig("prod"), "services", {}), "statusPage", { enabled: true }) });
    expect(free.problems).toContainEqual(expect.objectContaining({ where: "Pulumi.prod.yaml monitoring:vendors.relay.plan", message: expect.stringContaining("need 6 Cron Triggers") }));
  });
});

describe("relay in the plan", () => {
  it("shows the Worker with every secret binding masked and no secret value anywhere", () => {
    const r = cli(["plan", "--stack", "prod", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    const worker = plan.resources.find((x: any) => x.name === "finsight-api-relay");
    const texts = Object.fromEntries(worker.inputs.bindings.filter((b: any) => b.type === "secret_text").map((b: any) => [b.name, b.text]));
    // The signing secret does not exist until Stripe creates the endpoint: computed at plan time, a secret once known.
    expect(texts).toEqual({
      STRIPE_WEBHOOK_SECRET: "[computed]",
      CONTACT_ONCALL_PAGERDUTY: "[secret]",
      CONTACT_TEAM_SLACK: "[secret]",
      MAIL_API_KEY: "[secret]",
      STRIPE_READ_KEY: "[secret]",
      UPTIMEROBOT_READ_KEY: "[secret]",
      SENTRY_TOKEN: "[secret]",
    });
    for (const value of ["re_placeholder_resend_api_key", "rk_live_placeholder_restricted_read", "sntrys_placeholder_event_read", "hooks.slack.com/services/T000"]) expect(r.stdout).not.toContain(value);
    const table = cli(["plan", "--stack", "prod"]).stdout;
    expect(table).toMatch(/\+ WorkersScript\s+finsight-api-relay/);
    expect(table).toMatch(/url: https:\/\/finsight-api-relay-production\.finsight\.workers\.dev\/stripe/);
  });
});
