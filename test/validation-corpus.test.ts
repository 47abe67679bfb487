/**
 * A corpus of broken definitions and stack settings. Each must be reported with the place it is
 * in and what was expected, and nothing may be resolved for provisioning.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readProject, readStackConfig } from "../src/cli/project";
import { validateStack } from "../src/pipeline";
import { ACCEPTED, HOSTILE } from "./corpus/hostile";
import { JS_ERROR, matching, onFree, runCase, setting, type Case } from "./corpus/run";
import { finsightCopy, ROOT, scratchDir, stackConfig, withSetting } from "./helpers";

const CASES: Case[] = [
  // ---- definitions: shapes
  { name: "duration with a space", service: (s) => (s.checks.health.interval = "5 min"), where: "finsight-api.checks.health.interval", says: '"5 min" is not a duration' },
  { name: "duration as a number", service: (s) => (s.checks.health.timeout = 30), where: "finsight-api.checks.health.timeout", says: "expected a duration" },
  { name: "path without a slash", service: (s) => (s.checks.health.path = "health"), where: "finsight-api.checks.health.path", says: 'starting with "/"' },
  { name: "unknown check kind", service: (s) => (s.checks.health.kind = "tcp"), where: "finsight-api.checks.health.kind", says: 'kind "http" or "heartbeat"' },
  { name: "misspelt field", service: (s) => (s.checks.health.intervall = "5m"), where: "finsight-api.checks.health.intervall", says: "unknown field" },
  { name: "misspelt field of an HTTP check lists the fields an HTTP check has", service: (s) => (s.checks.health.expectedStatus = [200]), where: "finsight-api.checks.health.expectedStatus", says: /unknown field \(expected one of: kind, .*\bexpectStatus\b.*\)/ },
  { name: "misspelt field of a heartbeat lists the heartbeat's fields", service: (s) => (s.checks["daily-report"].sslExpirationReminder = true), where: "finsight-api.checks.daily-report.sslExpirationReminder", says: /unknown field \(expected one of: kind, .*\bgrace\b/ },
  { name: "misspelt field in a stack's contact lists that contact type's fields", config: (c) => withSetting(c, "contacts", { ...JSON.parse(c["monitoring:contacts"]), pager: { type: "pagerduty", integrationKey: "0123456789abcdef0123456789abcdef", sevrity: "high" } }), where: "Pulumi.dev.yaml monitoring:contacts.pager.sevrity", says: "unknown field (expected one of: type, integrationKey)" },
  { name: "bad HTTP method", service: (s) => (s.checks.register.method = "FETCH"), where: "finsight-api.checks.register.method", says: "expected one of" },
  { name: "status code out of range", service: (s) => (s.checks.register.expectStatus = [200, 700]), where: "finsight-api.checks.register.expectStatus[1]", says: "HTTP status code" },
  { name: "both path and url", service: (s) => (s.checks.health.url = "https://x.example/health"), where: "finsight-api.checks.health.path", says: "exactly one of path or url" },
  { name: "body on a GET", service: (s) => (s.checks.register.method = "GET"), where: "finsight-api.checks.register.method", says: "carries a body" },
  { name: "timeout over a minute", service: (s) => (s.checks.health.timeout = "2m"), where: "finsight-api.checks.health.timeout", says: "between 1s and 60s" },
  { name: "keyword without text", service: (s) => (s.checks.health.keyword = { expect: "present" }), where: "finsight-api.checks.health.keyword.text", says: "missing" },
  { name: "heartbeat without period", service: (s) => delete s.checks["daily-report"].period, where: "finsight-api.checks.daily-report.period", says: "duration" },
  { name: "check key with capitals", service: (s) => (s.checks.Health = s.checks.health), where: "finsight-api.checks.Health", says: "lowercase key" },
  { name: "a key with a trailing space is echoed so the space shows", service: (s) => (s.checks["health "] = s.checks.health), where: "finsight-api.checks.health ", says: '"health " is not a key (expected a lowercase key' },
  { name: "a contact key with a capital letter is echoed", config: (c) => withSetting(c, "contacts", { ...JSON.parse(c["monitoring:contacts"]), "Dev-email": { type: "email", address: "x@finsight.example" } }), where: "Pulumi.dev.yaml monitoring:contacts.Dev-email", says: '"Dev-email" is not a key (expected a lowercase key' },
  { name: "bad severity", service: (s) => (s.errors["first-seen"].severity = "high"), where: "finsight-api.errors.first-seen.severity", says: '"critical"' },
  { name: "event count not positive", service: (s) => (s.errors["error-spike"].moreThan = 0), where: "finsight-api.errors.error-spike.moreThan", says: "positive whole number" },
  { name: "failure rate over 100%", service: (s) => (s.errors["error-rate"].abovePercent = 150), where: "finsight-api.errors.error-rate.abovePercent", says: "percentage between 0 and 100" },
  { name: "percentile 97", service: (s) => (s.performance["p95-slow"].percentile = 97), where: "finsight-api.performance.p95-slow.percentile", says: "percentile of 50, 75, 90, 95, 99 or 100" },
  { name: "SLO objective 100%", service: (s) => (s.slos.availability.objectivePercent = 100), where: "finsight-api.slos.availability.objectivePercent", says: "no error budget" },
  { name: "SLO window without a burn-rate table", service: (s) => (s.slos.availability.window = "1d"), where: "finsight-api.slos.availability.window", says: "no built-in burn-rate table" },
  { name: "runbook that is not a URL", service: (s) => (s.errors["first-seen"].runbook = "see wiki"), where: "finsight-api.errors.first-seen.runbook", says: "expected a runbook" },
  { name: "status page lists an unknown check", service: (s) => (s.statusPage = { title: "FinSight API", checks: ["health", "helth"] }), stack: "prod", where: "finsight-api.statusPage.checks[1]", says: 'no check has the key "helth"' },
  { name: "stack status page lists an unknown check", config: setting("statusPage", (p) => ({ ...p, checks: ["finsight-api/health", "finsight-api/helth"] })), stack: "prod", where: "Pulumi.prod.yaml monitoring:statusPage.checks[1]", says: 'finsight-api has no check with the key "helth"' },
  { name: "maintenance with a bad time", service: (s) => (s.maintenance["weekly-deploy"].at = "25:00"), where: "finsight-api.maintenance.weekly-deploy.at", says: '"HH:MM"' },
  { name: "maintenance in an unknown time zone", service: (s) => (s.maintenance["weekly-deploy"].timeZone = "Mars/Olympus"), where: "finsight-api.maintenance.weekly-deploy.timeZone", says: "IANA time zone" },
  { name: "Stripe event with capitals", service: (s) => (s.business.stripe.churn.events = ["Customer.Deleted"]), where: "finsight-api.business.stripe.churn.events[0]", says: "Stripe event type" },
  { name: "rate limit without requests", service: (s) => delete s.rateLimits["auth-register"].requests, where: "finsight-api.rateLimits.auth-register.requests", says: "missing" },
  { name: "notify names an unknown contact", service: (s) => (s.errors["first-seen"].notify = ["nobody"]), where: "finsight-api.errors.first-seen.notify[0]", says: 'no contact has the key "nobody"' },
  { name: "service without a name", service: (s) => delete s.name, where: "finsight-api.name", says: "missing" },

  // ---- vendor plan limits
  { name: "Sentry issue-alert interval not offered", service: (s) => (s.errors["error-spike"].interval = "2h"), where: "finsight-api.errors.error-spike.interval", says: "expected one of 1m, 5m, 15m, 1h, 1d, 1w, 30d" },
  { name: "Sentry metric-alert window not offered", service: (s) => (s.performance["p95-slow"].window = "7m"), where: "finsight-api.performance.p95-slow.window", says: "expected one of 1m, 5m, 10m, 15m, 30m, 60m, 120m, 240m, 1440m" },
  { name: "UptimeRobot Free with 1-minute checks", config: (c) => withSetting(onFree(c), "checks", { interval: "1m" }), where: "Pulumi.dev.yaml monitoring:checks.interval", says: "UptimeRobot free checks at most every 5m" },
  { name: "UptimeRobot Free over 50 monitors", config: onFree, service: (s) => {
      for (let i = 0; i < 49; i++) s.checks[`extra-${i}`] = { kind: "http", path: `/x/${i}`, runbook: "https://runbooks.example/x" };
    }, where: "Pulumi.dev.yaml monitoring:vendors.uptimerobot.plan", says: "declares 52 uptime checks and UptimeRobot free allows 50" },
  { name: "UptimeRobot Free with a heartbeat", config: onFree, where: "finsight-api.checks.daily-report", says: "UptimeRobot free has no heartbeat monitors" },
  { name: "UptimeRobot keyword check with HEAD", service: (s) => (s.checks.health.method = "HEAD"), where: "finsight-api.checks.health.method", says: "UptimeRobot refuses for keyword monitors" },
  { name: "Cloudflare Free allows one rule", config: setting("vendors", (v) => ({ ...v, cloudflare: { ...v.cloudflare, plan: "free" } })), where: "finsight-api.rateLimits.api-burst", says: "free plan allows 1 rate-limiting rule" },
  { name: "Cloudflare Free allows only 10s periods", config: setting("vendors", (v) => ({ ...v, cloudflare: { ...v.cloudflare, plan: "free" } })), where: "finsight-api.rateLimits.api-burst.period", says: "periods up to 10s" },
  { name: "Cloudflare period not in the allowed list", service: (s) => (s.rateLimits["api-burst"].period = "45s"), where: "finsight-api.rateLimits.api-burst.period", says: "no 45s period" },
  { name: "Cloudflare Pro period over a minute", service: (s) => (s.rateLimits["api-burst"].period = "10m"), where: "finsight-api.rateLimits.api-burst.period", says: "pro plan allows periods up to 1m" },
  { name: "Cloudflare log action needs Enterprise", service: (s) => (s.rateLimits["api-burst"].action = "log"), where: "finsight-api.rateLimits.api-burst.action", says: "needs the Cloudflare enterprise plan" },

  { name: "maintenance window outside the UptimeRobot account's time zone", service: (s) => (s.maintenance["weekly-deploy"].timeZone = "America/New_York"), where: "finsight-api.maintenance.weekly-deploy.timeZone", says: "account's time zone, Europe/Berlin, not America/New_York" },

  { name: "Sentry alert routed only to a phone Sentry cannot call", stack: "prod", service: (s) => (s.errors["error-rate"].notify = ["oncall-sms"]), where: "finsight-api.errors.error-rate", says: "no contact of this alert can be reached through Sentry (expected an e-mail, Slack or PagerDuty contact" },

  // ---- policy
  { name: "prod critical alert without a paging contact", stack: "prod", config: setting("routing", (r) => ({ ...r, critical: ["oncall-email"] })), where: "finsight-api.checks.health", says: "reaches no paging contact" },
  { name: "check with nobody to tell", config: setting("routing", () => ({ critical: [], warning: ["dev-email"] })), where: "finsight-api.checks.health", says: "reaches no contact" },
  { name: "alert without a runbook", service: (s) => delete s.errors["first-seen"].runbook, where: "finsight-api.errors.first-seen.runbook", says: "policy alertHasRunbook" },

  // ---- stack settings
  { name: "unknown settings key", config: (c) => ({ ...c, "monitoring:contactz": "{}" }), where: "Pulumi.dev.yaml monitoring:contactz", says: "unknown field" },
  { name: "contact of unknown type", config: setting("contacts", (c) => ({ ...c, pager: { type: "pigeon" } })), where: "Pulumi.dev.yaml monitoring:contacts.pager.type", says: 'type "email", "sms"' },
  { name: "e-mail contact without @", config: setting("contacts", (c) => ({ ...c, "dev-email": { type: "email", address: "nobody" } })), where: "Pulumi.dev.yaml monitoring:contacts.dev-email.address", says: "e-mail address" },
  { name: "phone not in E.164", config: setting("contacts", (c) => ({ ...c, phone: { type: "sms", phone: "0170 1234" } })), where: "Pulumi.dev.yaml monitoring:contacts.phone.phone", says: "E.164" },
  { name: "routing to an unknown contact", config: setting("routing", (r) => ({ ...r, warning: ["dev-email", "ops"] })), where: "Pulumi.dev.yaml monitoring:routing.warning[1]", says: 'no contact has the key "ops"' },
  { name: "unknown plan tier", config: setting("vendors", (v) => ({ ...v, uptimerobot: { plan: "gold" } })), where: "Pulumi.dev.yaml monitoring:vendors.uptimerobot.plan", says: "expected one of free, solo, team, enterprise" },
  { name: "base URL that is not a URL", config: (c) => withSetting(c, "services", { "finsight-api": { baseUrl: "api.finsight.example" } }), where: "Pulumi.dev.yaml monitoring:services.finsight-api.baseUrl", says: "http:// or https:// URL" },
  { name: "settings for a service that does not exist", config: (c) => withSetting(c, "services", { "finsight-api": { baseUrl: "https://a.example" }, billing: { baseUrl: "https://b.example" } }), where: "Pulumi.dev.yaml monitoring:services.billing", says: 'no service has the key "billing"' },
  { name: "no base URL anywhere", config: (c) => withSetting(c, "services", {}), where: "Pulumi.dev.yaml monitoring:services.finsight-api.baseUrl", says: "missing (expected the base URL of finsight-api" },
  { name: "Sentry enabled without organization", config: setting("vendors", (v) => ({ ...v, sentry: { emailTeamId: "1001" } })), where: "Pulumi.dev.yaml monitoring:vendors.sentry.organization", says: "Sentry organization slug" },
  { name: "Cloudflare zone id malformed", config: setting("vendors", (v) => ({ ...v, cloudflare: { ...v.cloudflare, zoneId: "zone-1" } })), where: "Pulumi.dev.yaml monitoring:vendors.cloudflare.zoneId", says: "32-character Cloudflare zone id" },
  { name: "policy level misspelt", config: setting("policy", (p) => ({ ...p, alertHasRunbook: "strict" })), where: "Pulumi.dev.yaml monitoring:policy.alertHasRunbook", says: '"error", "warning" or "off"' },
];

const CORPUS: Case[] = [...CASES, ...HOSTILE];

describe("malformed definitions and settings", () => {
  it("the corpus is large enough to mean something, in every class of hostile input", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    for (const cls of [1, 3, 4, 5, 6, 7, 8, 9]) expect(HOSTILE.filter((c) => c.class === cls).length, `class ${cls}`).toBeGreaterThanOrEqual(8);
  });

  for (const c of CORPUS) {
    it(`${c.class ? `[${c.class}] ` : ""}${c.name} → ${c.where}`, () => {
      const outcome = runCase(c);
      expect(outcome.exit, outcome.lines.join("\n")).toBe(c.exit ?? 1);
      expect(outcome.planned, "nothing may be resolved for provisioning, so the plan lists nothing").toBe(false);
      const found = matching(c, outcome);
      expect(found.length, `expected a problem at ${c.where} saying ${c.says}; got:\n${outcome.lines.join("\n")}`).toBeGreaterThan(0);
      if (c.once) expect(found).toHaveLength(1);
      for (const line of outcome.lines) {
        expect(line, "no JavaScript error reaches the user").not.toMatch(JS_ERROR);
        // An offending value is shown shortened: a message stays readable whatever the input.
        expect(line.length).toBeLessThan(700);
        if (c.never) expect(line).not.toContain(c.never);
      }
    });
  }

  for (const a of ACCEPTED) {
    it(`accepted: ${a.name}`, () => {
      const dir = scratchDir("corpus-");
      fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), a.yaml(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")));
      const { config } = readStackConfig(readProject(dir), "dev");
      const { model, problems } = validateStack({ stack: "dev", services: [finsightCopy()], config });
      expect(problems.filter((p) => p.level === "error")).toEqual([]);
      expect(model?.environment).toBe(a.environment);
    });
  }

  it("reports every problem at once, not just the first", () => {
    const service = finsightCopy();
    service.checks.health.interval = "often";
    service.errors["error-spike"].moreThan = -1;
    // a vendor limit elsewhere in the same (otherwise malformed) service
    service.performance["p95-slow"].window = "7m";
    const config = setting("routing", (r) => ({ ...r, warning: ["ghost"] }))(stackConfig("dev"));
    const { problems } = validateStack({ stack: "dev", services: [service], config });
    const where = problems.filter((p) => p.level === "error").map((p) => p.where);
    expect(where).toEqual(
      expect.arrayContaining([
        "finsight-api.checks.health.interval",
        "finsight-api.errors.error-spike.moreThan",
        "finsight-api.performance.p95-slow.window",
        "Pulumi.dev.yaml monitoring:routing.warning[0]",
      ]),
    );
    // The status page and maintenance window list the malformed check: that is not a second error.
    expect(where.filter((w) => w.includes("statusPage") || w.includes("maintenance"))).toEqual([]);
  });

  it("never echoes a secret value in a message", () => {
    const canary = "+1555CANARY0000";
    const config = setting("contacts", (c) => ({ ...c, phone: { type: "sms", phone: canary } }))(stackConfig("dev"));
    const { problems } = validateStack({ stack: "dev", services: [finsightCopy()], config });
    expect(problems.length).toBeGreaterThan(0);
    expect(JSON.stringify(problems)).not.toContain("CANARY");
  });

  it("the shipped definitions are valid on both stacks", () => {
    for (const stack of ["dev", "prod"]) {
      const { model, problems } = validateStack({ stack, services: [finsightCopy()], config: stackConfig(stack) });
      expect(problems.filter((p) => p.level === "error")).toEqual([]);
      expect(model?.services[0].key).toBe("finsight-api");
    }
  });
});
