/**
 * resolve: the defaults a user relies on, routing per stack, SLO expansion and policy levels.
 */
import { describe, expect, it } from "vitest";
import { burnRateAlerts } from "../src/resolve";
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
    expect(model("prod").services[0].statusPage).toEqual({ title: "FinSight Status", checks: ["health", "register"], customDomain: "status.finsight.example" });
    expect(model("dev").services[0].statusPage).toBeUndefined();
  });

  it("a stack can override the status page's custom domain", () => {
    const config = withSetting(stackConfig("prod"), "statusPage", { enabled: true, customDomain: "status.example.org" });
    expect(model("prod", undefined, config).services[0].statusPage?.customDomain).toBe("status.example.org");
  });

  it("a maintenance window without checks pauses all of the service's checks", () => {
    const m = model("dev", (s) => delete s.maintenance["weekly-deploy"].checks);
    expect(m.services[0].maintenance[0].checks).toEqual(["health", "register", "daily-report"]);
  });
});

describe("SLOs", () => {
  it("expand into the SRE workbook's burn-rate table for a 30-day window", () => {
    const slo = model("prod").services[0].slos.find((s) => s.key === "availability")!;
    expect(slo.objective).toBe(0.999);
    expect(slo.errorBudget).toBe(0.001);
    expect(slo.burnRateAlerts.map(({ severity, factor, long, short }) => ({ severity, factor, long, short }))).toEqual([
      { severity: "critical", factor: 14.4, long: "1h", short: "5m" },
      { severity: "critical", factor: 6, long: "6h", short: "30m" },
      { severity: "warning", factor: 3, long: "1d", short: "2h" },
      { severity: "warning", factor: 1, long: "3d", short: "6h" },
    ]);
    expect(slo.burnRateAlerts[0].contacts).toEqual(["oncall-sms", "oncall-pagerduty", "oncall-email"]);
  });

  it("turn the guide's key metrics into objectives: p95 < 500 ms is 95% within 500 ms, error rate < 0.1% is 99.9%", () => {
    const slos = model("prod").services[0].slos;
    expect(slos.find((s) => s.key === "latency-p95")?.objective).toBe(0.95);
    expect(slos.find((s) => s.key === "latency-p99")?.objective).toBe(0.99);
    expect(slos.find((s) => s.key === "error-rate")?.objective).toBe(0.999);
  });

  it("keep the same budget shares for other windows (28 days)", () => {
    expect(burnRateAlerts("28d").map((a) => a.factor)).toEqual([13.4, 5.6, 2.8, 0.9]);
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
