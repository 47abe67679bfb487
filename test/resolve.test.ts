/**
 * resolve: the defaults a user relies on, routing per stack, SLO expansion and policy levels.
 */
import { describe, expect, it } from "vitest";
import { WORKBOOK_28D, WORKBOOK_30D } from "../src/resolve";
import { validateStack } from "../src/pipeline";
import type { ResolvedHttpCheck, ResolvedModel } from "../src/resolve";
import { finsightCopy, stackConfig, withSetting } from "./helpers";

function model(stack: "dev" | "prod", edit?: (s: Record<string, any>) => void, config = stackConfig(stack)): ResolvedModel {
  const service = finsightCopy();
  edit?.(service);
  const { model, problems } = validateStack({ stack, services: [service], config });
  if (!model) throw new Error(problems.map((p) => `${p.where}: ${p.message}`).join("\n"));
  return model;
}
const checkOf = (m: ResolvedModel, key: string) => m.services[0].checks.find((c) => c.key === key) as ResolvedHttpCheck;

describe("defaults", () => {
  it("a check without an interval takes the stack's: 5m in dev, 1m in prod", () => {
    expect(checkOf(model("dev"), "health").interval).toBe("5m");
    expect(checkOf(model("prod"), "health").interval).toBe("1m");
  });

  it("an interval in the definition wins over the stack's", () => {
    expect(checkOf(model("prod", (s) => (s.checks.health.interval = "2m")), "health").interval).toBe("2m");
  });

  it("paths join the stack's base URL; method, statuses and timeout default sensibly", () => {
    const health = checkOf(model("prod"), "health");
    expect(health.url).toBe("https://api.finsight.example/health");
    expect(health.method).toBe("GET");
    expect(health.expectStatus).toEqual(["2xx", "3xx"]);
    expect(health.timeout).toBe("30s");
    expect(checkOf(model("dev"), "register").url).toBe("https://api.dev.finsight.example/api/v1/auth/register");
  });

  it("a base URL with a trailing slash does not double the slash", () => {
    const config = withSetting(stackConfig("dev"), "services", { "finsight-api": { baseUrl: "https://api.example.com/v2/" } });
    expect(checkOf(model("dev", undefined, config), "health").url).toBe("https://api.example.com/v2/health");
  });

  it("names default to the service name and the key", () => {
    const m = model("dev", (s) => delete s.errors["first-seen"].name);
    expect(m.services[0].errors.find((e) => e.key === "first-seen")?.name).toBe("FinSight API - First Seen");
  });

  it("Sentry alerts filter on the stack's environment unless the definition says otherwise", () => {
    expect(model("prod").services[0].errors[0].environment).toBe("production");
    expect(model("prod", (s) => (s.errors["first-seen"].environment = "canary")).services[0].errors[0].environment).toBe("canary");
  });
});

describe("routing", () => {
  it("critical alerts reach the stack's critical contacts, warnings the warning contacts", () => {
    const prod = model("prod");
    expect(checkOf(prod, "health").contacts).toEqual(["oncall-sms", "oncall-pagerduty", "oncall-email"]);
    expect(prod.services[0].errors.find((e) => e.key === "first-seen")?.contacts).toEqual(["oncall-email", "team-slack"]);
    expect(checkOf(model("dev"), "health").contacts).toEqual(["dev-email"]);
  });

  it("notify on an alert overrides the routing", () => {
    const m = model("prod", (s) => (s.checks.health.notify = ["oncall-pagerduty"]));
    expect(checkOf(m, "health").contacts).toEqual(["oncall-pagerduty"]);
  });

  it("paging contacts are SMS, voice and PagerDuty", () => {
    const contacts = model("prod").contacts;
    expect(Object.values(contacts).filter((c) => c.paging).map((c) => c.key).sort()).toEqual(["oncall-pagerduty", "oncall-sms"]);
  });
});

describe("delivery through the vendors", () => {
  it("a Slack contact Sentry has no integration for is one warning naming every alert that skips it", () => {
    const prod = stackConfig("prod");
    const vendors = JSON.parse(prod["monitoring:vendors"]);
    delete vendors.sentry.slackIntegrationId;
    const m = model("prod", undefined, withSetting(prod, "vendors", vendors));
    const slack = m.warnings.filter((w) => w.where === "Pulumi.prod.yaml monitoring:contacts.team-slack");
    expect(slack.map((w) => w.message)).toEqual([
      "skipped by 3 Sentry alerts (finsight-api.errors.first-seen, finsight-api.errors.error-spike, finsight-api.performance.p95-slow): needs monitoring:vendors.sentry.slackIntegrationId (Sentry's Slack integration)",
    ]);
  });

  it("no warning for the phone Sentry and Grafana cannot call while PagerDuty pages for the same alerts", () => {
    expect(model("prod").warnings).toEqual([]);
  });
});

describe("per-stack overrides", () => {
  it("the status page exists in prod and not in dev", () => {
    // The example's page is the stack's own (monitoring:statusPage in Pulumi.prod.yaml).
    expect(model("prod").statusPage).toEqual({
      title: "FinSight Status",
      checks: [
        { service: "finsight-api", check: "health" },
        { service: "finsight-api", check: "register" },
      ],
      customDomain: "status.finsight.example",
    });
    expect(model("dev").statusPage).toBeUndefined();
  });

  it("a stack can override a service status page's custom domain", () => {
    const config = withSetting(stackConfig("prod"), "statusPage", { enabled: true, customDomain: "status.example.org" });
    const withPage = (s: Record<string, any>) => (s.statusPage = { title: "FinSight Status", checks: ["health"], customDomain: "status.finsight.example" });
    expect(model("prod", withPage, config).services[0].statusPage?.customDomain).toBe("status.example.org");
  });

  it("a maintenance window without checks pauses all of the service's checks", () => {
    const m = model("dev", (s) => delete s.maintenance["weekly-deploy"].checks);
    expect(m.services[0].maintenance[0].checks).toEqual(["health", "register", "daily-report"]);
  });
});

describe("SLOs", () => {
  it("a 30-day SLO pages on the workbook's fast pairs and tickets on its slow pairs", () => {
    const slo = model("prod").services[0].slos.find((s) => s.key === "availability")!;
    expect(slo.objective).toBe(0.999);
    expect(slo.errorBudget).toBe(0.001);
    expect(slo.burnRateSource).toBe("workbook-30d");
    expect(slo.page?.pairs).toEqual([
      { long: "1h", short: "5m", factor: 14.4, budgetSpent: 0.02 },
      { long: "6h", short: "30m", factor: 6, budgetSpent: 0.05 },
    ]);
    expect(slo.ticket?.pairs).toEqual([
      { long: "1d", short: "2h", factor: 3, budgetSpent: 0.1 },
      { long: "3d", short: "6h", factor: 1, budgetSpent: 0.1 },
    ]);
    expect(slo.page?.contacts).toEqual(["oncall-sms", "oncall-pagerduty", "oncall-email"]);
    expect(slo.ticket?.contacts).toEqual(["oncall-email", "team-slack"]);
  });

  it("turn the guide's key metrics into objectives: p95 < 500 ms is 95% within 500 ms, p99 < 1000 ms is 99%", () => {
    const slos = model("prod").services[0].slos;
    expect(slos.find((s) => s.key === "latency-p95")?.objective).toBe(0.95);
    expect(slos.find((s) => s.key === "latency-p99")?.objective).toBe(0.99);
  });

  it("a 28-day SLO keeps the workbook's factors, so its slow ticket stays at 1x (Sloth's shares would give 0.93x)", () => {
    expect(WORKBOOK_28D).toEqual(WORKBOOK_30D);
    const m = model("prod", (s) => (s.slos.availability.window = "28d"));
    const slo = m.services[0].slos.find((s) => s.key === "availability")!;
    expect(slo.burnRateSource).toBe("workbook-28d");
    expect(slo.ticket?.pairs.map((p) => p.factor)).toEqual([3, 1]);
  });

  it("a 7-day SLO takes the definition's table; without one it is an error naming the window", () => {
    const burnRates = { page: [{ long: "1h", short: "5m", factor: 14.4 }], ticket: [{ long: "1d", short: "2h", factor: 1 }] };
    const slo = model("prod", (s) => Object.assign(s.slos.availability, { window: "7d", burnRates })).services[0].slos.find((s) => s.key === "availability")!;
    expect(slo.burnRateSource).toBe("definition");
    expect(slo.ticket?.pairs).toEqual([{ long: "1d", short: "2h", factor: 1, budgetSpent: 0.142857 }]);
    const service = finsightCopy();
    service.slos.availability.window = "7d";
    const { problems } = validateStack({ stack: "prod", services: [service], config: stackConfig("prod") });
    expect(problems).toContainEqual({
      level: "error",
      where: "finsight-api.slos.availability.window",
      message: "an SLO window of 7d has no built-in burn-rate table (expected 28d or 30d, or burnRates: { page: [{ long, short, factor }], ticket: [...] } for this window)",
    });
  });

  it("a table is validated: a ticket below 1x, a short window not shorter than its long one, a long window past the SLO window, a threshold no ratio can exceed", () => {
    const service = finsightCopy();
    service.slos.availability.window = "7d";
    service.slos.availability.burnRates = {
      page: [{ long: "1h", short: "1h", factor: 1001 }],
      ticket: [{ long: "14d", short: "6h", factor: 0.2 }],
    };
    const { problems } = validateStack({ stack: "prod", services: [service], config: stackConfig("prod") });
    const at = (where: string) => problems.filter((p) => p.where === `finsight-api.slos.availability.burnRates.${where}`).map((p) => p.message);
    expect(at("ticket[0].factor")).toEqual([expect.stringContaining("a 0.2x ticket fires while the SLO is being met (expected a factor of 1 or more")]);
    expect(at("page[0].short")).toEqual([expect.stringContaining("is not shorter than the long window 1h")]);
    expect(at("ticket[0].long")).toEqual([expect.stringContaining("longer than the SLO window 7d")]);
    expect(at("page[0].factor")).toEqual([expect.stringContaining("can never be exceeded (expected a factor below 1000")]);
  });

  it("a built-in table an objective cannot use is the objective's problem: 14.4x a 7% or 10% budget is a ratio above 1", () => {
    const service = finsightCopy();
    service.slos.availability.objectivePercent = 93;
    service.slos["latency-p95"].percentile = 90;
    const { problems } = validateStack({ stack: "prod", services: [service], config: stackConfig("prod") });
    expect(problems).toContainEqual(expect.objectContaining({ where: "finsight-api.slos.availability.objectivePercent", message: expect.stringContaining("can never be exceeded (expected a factor below 14.2)") }));
    expect(problems).toContainEqual(expect.objectContaining({ where: "finsight-api.slos.latency-p95.percentile", message: expect.stringContaining("can never be exceeded (expected a factor below 10)") }));
  });

  it("two SLOs on the same measure and objective are an error (they would page twice for one outage)", () => {
    const service = finsightCopy();
    service.slos["error-rate"] = { kind: "error-rate", maxErrorPercent: 0.1, runbook: "https://wiki.example/slo" };
    const { problems } = validateStack({ stack: "prod", services: [service], config: stackConfig("prod") });
    expect(problems).toContainEqual({
      level: "error",
      where: "finsight-api.slos.error-rate",
      message:
        "measures the same as slos.availability (the share of failed requests, objective 99.9%), so one outage would page and ticket twice (expected one SLO per measure and objective: remove one, or give it another objective)",
    });
    service.slos["error-rate"].maxErrorPercent = 1;
    expect(validateStack({ stack: "prod", services: [service], config: stackConfig("prod") }).problems.filter((p) => p.level === "error")).toEqual([]);
  });

  it("the page or the ticket can be switched off per SLO; the budget-exhausted alert is opt-in", () => {
    const m = model("prod", (s) => (s.slos["latency-p99"].alerts = { page: false, budgetExhausted: true }));
    const slo = m.services[0].slos.find((s) => s.key === "latency-p99")!;
    expect(slo.page).toBeUndefined();
    expect(slo.ticket?.pairs).toHaveLength(2);
    expect(slo.budgetExhausted).toEqual({ contacts: ["oncall-email", "team-slack"] });
    expect(m.services[0].slos.find((s) => s.key === "latency-p95")!.budgetExhausted).toBeUndefined();
  });
});

describe("policy levels are stack settings", () => {
  const noRunbook = (s: Record<string, any>) => delete s.errors["first-seen"].runbook;

  it("error stops the stack", () => {
    const { model: m, problems } = validateStack({ stack: "dev", services: [(() => { const s = finsightCopy(); noRunbook(s); return s; })()], config: stackConfig("dev") });
    expect(m).toBeUndefined();
    expect(problems.find((p) => p.where === "finsight-api.errors.first-seen.runbook")?.level).toBe("error");
  });

  it("warning reports and lets it through", () => {
    const config = withSetting(stackConfig("dev"), "policy", { alertHasRunbook: "warning", criticalReachesPager: "off" });
    const m = model("dev", noRunbook, config);
    expect(m.warnings.map((w) => w.where)).toContain("finsight-api.errors.first-seen.runbook");
  });

  it("off says nothing", () => {
    const config = withSetting(stackConfig("dev"), "policy", { alertHasRunbook: "off", criticalReachesPager: "off" });
    expect(model("dev", noRunbook, config).warnings.filter((w) => w.message.includes("alertHasRunbook"))).toEqual([]);
  });

  it("a disabled vendor's alerts are not held to the policy", () => {
    const dev = stackConfig("dev");
    const config = withSetting(dev, "vendors", { ...JSON.parse(dev["monitoring:vendors"]), sentry: { enabled: false } });
    expect(model("dev", noRunbook, config).services[0].errors).toHaveLength(3);
  });
});

describe("routing per service", () => {
  const routed = (critical: string[]) =>
    withSetting(stackConfig("prod"), "services", { "finsight-api": { baseUrl: "https://api.finsight.example", routing: { critical } } });

  it("a service's own routing on a stack replaces the stack's for that severity only", () => {
    const m = model("prod", undefined, routed(["oncall-pagerduty"]));
    expect(checkOf(m, "health").contacts).toEqual(["oncall-pagerduty"]);
    expect(m.services[0].errors.find((e) => e.severity === "warning")!.contacts).toEqual(["oncall-email", "team-slack"]);
    const slo = m.services[0].slos[0];
    expect(slo.page?.contacts).toEqual(["oncall-pagerduty"]);
    // A definition's own notify still wins.
    expect(checkOf(model("prod", (s) => (s.checks.health.notify = ["oncall-sms"]), routed(["oncall-pagerduty"])), "health").contacts).toEqual(["oncall-sms"]);
  });

  it("an unknown contact in a service's routing is a problem at that setting", () => {
    const { model: m, problems } = validateStack({ stack: "prod", services: [finsightCopy()], config: routed(["pager"]) });
    expect(m).toBeUndefined();
    expect(problems).toContainEqual(
      expect.objectContaining({ where: "Pulumi.prod.yaml monitoring:services.finsight-api.routing.critical[0]", message: expect.stringContaining('no contact has the key "pager"') }),
    );
  });
});

describe("encrypted settings", () => {
  it("a vendor's key may be encrypted (secure:) like a contact's secret; a plain setting may not", () => {
    const vendors = JSON.parse(stackConfig("prod")["monitoring:vendors"]);
    vendors.relay.mail.apiKey = "[secret: encrypted in stack config]";
    const ok = validateStack({ stack: "prod", services: [finsightCopy()], config: withSetting(stackConfig("prod"), "vendors", vendors) });
    expect(ok.problems.filter((p) => p.level === "error")).toEqual([]);
    vendors.relay.mail.from = "[secret: encrypted in stack config]";
    const bad = validateStack({ stack: "prod", services: [finsightCopy()], config: withSetting(stackConfig("prod"), "vendors", vendors) });
    expect(bad.problems.map((p) => `${p.where}: ${p.message}`)).toContainEqual(expect.stringMatching(/^Pulumi\.prod\.yaml monitoring:vendors\.relay\.mail\.from: is encrypted \(secure:\), but it is not a secret/));
  });
});
