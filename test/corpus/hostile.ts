/**
 * Hostile and malformed input, by the class of the issue that collected it: each case is one
 * mistake (or attack) a user or a pull request can make, with the place and words it must be
 * reported with. Class 2 (a failed compile counts as a fresh build) belongs to the build loop.
 */
import type { Case } from "./run";
import { onFree, setting } from "./run";
import { withSetting } from "../helpers";

const longText = (n: number, ch = "x") => ch.repeat(n);
const aliasBomb = [
  "a: &a [x, x, x, x, x, x, x, x, x, x]",
  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
  "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
].join("\n");
const CIPHER = "v1:c2FsdHNhbHQ=:Y2lwaGVydGV4dA==";

// ---- 1. A resource silently vanishes
const vanish: Case[] = [
  { name: "JSON body that is an array", service: (s) => (s.checks.register.body = { json: [1, 2] }), where: "finsight-api.checks.register.body", says: "UptimeRobot sends a JSON object as a request body, not an array" },
  { name: "JSON body that is a string", service: (s) => (s.checks.register.body = { json: "email=a" }), where: "finsight-api.checks.register.body", says: "not a string" },
  { name: "JSON body that is a number", service: (s) => (s.checks.register.body = { json: 42 }), where: "finsight-api.checks.register.body", says: "not a number" },
  { name: "JSON body that is null", service: (s) => (s.checks.register.body = { json: null }), where: "finsight-api.checks.register.body", says: "not null" },
  { name: "JSON body that is a function", service: (s) => (s.checks.register.body = { json: () => ({}) }), where: "finsight-api.checks.register.body.json", says: "is a function (expected plain data" },
  { name: "raw body that is neither JSON nor key/value text", service: (s) => (s.checks.register.body = { raw: "hello world" }), where: "finsight-api.checks.register.body", says: "UptimeRobot sends a JSON object or key/value pairs" },
  { name: "checks written with a __proto__ entry in an object literal", service: (s) => (s.checks = { __proto__: { ping: { kind: "http", path: "/ping" } }, ...s.checks }), where: "finsight-api.checks.__proto__", says: 'JavaScript takes "__proto__" as an object\'s prototype' },
  { name: "errors with an own __proto__ key", service: (s) => void Object.defineProperty(s.errors, "__proto__", { value: s.errors["first-seen"], enumerable: true }), where: "finsight-api.errors.__proto__", says: "cannot be a key" },
  { name: "a header named __proto__", service: (s) => void Object.defineProperty(s.checks.register.headers, "__proto__", { value: "x", enumerable: true }), where: "finsight-api.checks.register.headers.__proto__", says: "cannot be a key" },
  { name: "contacts with a __proto__ entry in the stack file", yaml: (t) => t.replace("  monitoring:contacts:\n", "  monitoring:contacts:\n    __proto__:\n      type: email\n      address: x@finsight.example\n"), where: "Pulumi.dev.yaml monitoring:contacts.__proto__", says: "cannot be a key" },
  { name: "policy with a __proto__ entry in the stack file", stack: "prod", yaml: (t) => t.replace("  monitoring:policy:\n", '  monitoring:policy:\n    __proto__:\n      criticalReachesPager: "off"\n'), where: "Pulumi.prod.yaml monitoring:policy.__proto__", says: "cannot be a key" },
  { name: "vendors with a __proto__ entry in the stack file", yaml: (t) => t.replace("  monitoring:vendors:\n", "  monitoring:vendors:\n    __proto__:\n      enabled: false\n"), where: "Pulumi.dev.yaml monitoring:vendors.__proto__", says: "cannot be a key" },
  { name: "a service that is a Map", replace: () => new Map([["key", "finsight-api"]]), where: "services[0]", says: "is a Map object" },
  // Vendor objects found by a value: a second claim would adopt or overwrite the first's.
  { name: "two checks with one UptimeRobot name", service: (s) => (s.checks["health-copy"] = { ...s.checks.health }), where: "finsight-api.checks.health-copy.name", says: 'the UptimeRobot name "FinSight API - Health [dev]" is also the name of finsight-api.checks.health', once: true },
  {
    name: "two contacts with one e-mail address at UptimeRobot",
    config: (c) =>
      withSetting(
        setting("contacts", (cs) => ({ ...cs, "dev-oncall": { type: "email", address: "Dev-Alerts@finsight.example" } }))(c),
        "routing",
        { critical: ["dev-email"], warning: ["dev-oncall"] },
      ),
    where: "Pulumi.dev.yaml monitoring:contacts.dev-oncall.address",
    says: "has the same e-mail address as Pulumi.dev.yaml monitoring:contacts.dev-email.address",
    once: true,
  },
  {
    name: "two webhook contacts with one URL at UptimeRobot",
    never: "TOKEN-hook",
    config: (c) =>
      withSetting(
        setting("contacts", (cs) => ({ ...cs, hook: { type: "webhook", url: "https://hooks.finsight.example/ur?token=TOKEN-hook" }, "hook-copy": { type: "webhook", url: "https://hooks.finsight.example/ur?token=TOKEN-hook" } }))(c),
        "routing",
        { critical: ["dev-email", "hook"], warning: ["hook-copy"] },
      ),
    where: "Pulumi.dev.yaml monitoring:contacts.hook-copy.url",
    says: "has the same URL as Pulumi.dev.yaml monitoring:contacts.hook.url",
    once: true,
  },
];

// ---- 3. Injection into generated languages (Cloudflare rules, HTTP headers)
const injection: Case[] = [
  { name: "rate-limit path breaking out of its string", service: (s) => (s.rateLimits["auth-register"].path = '/x" or http.host ne "'), where: "finsight-api.rateLimits.auth-register.path", says: "characters a URL path cannot carry" },
  { name: "rate-limit path with a backslash", service: (s) => (s.rateLimits["auth-register"].path = "/a\\\\b"), where: "finsight-api.rateLimits.auth-register.path", says: "characters a URL path cannot carry" },
  { name: "rate-limit path with a space", service: (s) => (s.rateLimits["auth-register"].path = "/a b"), where: "finsight-api.rateLimits.auth-register.path", says: "percent-encoded like %20" },
  { name: "rate-limit path with a line break", service: (s) => (s.rateLimits["auth-register"].path = "/a\nb"), where: "finsight-api.rateLimits.auth-register.path", says: '"/a\\nb"' },
  { name: "rate-limit path with a query", service: (s) => (s.rateLimits["auth-register"].path = "/a?b=1"), where: "finsight-api.rateLimits.auth-register.path", says: "without a query" },
  { name: "expression with a string never closed", service: (s) => (s.rateLimits["api-burst"] = { ...s.rateLimits["api-burst"], path: undefined, expression: 'http.host eq "x' }), where: "finsight-api.rateLimits.api-burst.expression", says: "never closed" },
  { name: "expression closing the parenthesis it is wrapped in", service: (s) => (s.rateLimits["api-burst"] = { ...s.rateLimits["api-burst"], path: undefined, expression: 'http.host eq "a") or (true' }), where: "finsight-api.rateLimits.api-burst.expression", says: "closes nothing" },
  { name: "expression with a set never closed", service: (s) => (s.rateLimits["api-burst"] = { ...s.rateLimits["api-burst"], path: undefined, expression: 'http.request.method in {"GET"' }), where: "finsight-api.rateLimits.api-burst.expression", says: '"{" at position 24 that is never closed' },
  { name: "expression with mismatched brackets", service: (s) => (s.rateLimits["api-burst"] = { ...s.rateLimits["api-burst"], path: undefined, expression: 'any(http.request.headers["x"][*] eq "1"})' }), where: "finsight-api.rateLimits.api-burst.expression", says: "closes nothing" },
  { name: "expression with a NUL character", service: (s) => (s.rateLimits["api-burst"] = { ...s.rateLimits["api-burst"], path: undefined, expression: 'http.host eq "a"\u0000' }), where: "finsight-api.rateLimits.api-burst.expression", says: "control character at position 17" },
  { name: "expression over Cloudflare's 4096 characters", service: (s) => (s.rateLimits["api-burst"] = { ...s.rateLimits["api-burst"], path: undefined, expression: `http.host in {${'"a.example" '.repeat(400)}}` }), where: "finsight-api.rateLimits.api-burst.expression", says: "expected at most 4096, Cloudflare's limit" },
  { name: "header value with CR/LF", service: (s) => (s.checks.register.headers = { "X-A": "a\r\nInjected: 1" }), where: "finsight-api.checks.register.headers.X-A", says: "no line breaks, which would inject another header" },
  { name: "header value with a bare LF", service: (s) => (s.checks.register.headers = { "X-A": "a\nb" }), where: "finsight-api.checks.register.headers.X-A", says: '"a\\nb"' },
  { name: "header name with a space", service: (s) => (s.checks.register.headers = { "Bad Name": "1" }), where: "finsight-api.checks.register.headers.Bad Name", says: "is not a header name" },
  { name: "header name with CR/LF", service: (s) => (s.checks.register.headers = { "X\r\nY": "1" }), where: "finsight-api.checks.register.headers.X\r\nY", says: '"X\\r\\nY" is not a header name' },
  { name: "the same header twice in two cases", service: (s) => (s.checks.register.headers = { "Content-Type": "application/json", "content-type": "text/plain" }), where: "finsight-api.checks.register.headers.content-type", says: "names are case-insensitive" },
  { name: "header value with surrounding space", service: (s) => (s.checks.register.headers = { "X-A": " a" }), where: "finsight-api.checks.register.headers.X-A", says: "starts or ends with white space" },
  { name: "check path with a quote", service: (s) => (s.checks.health.path = '/health"'), where: "finsight-api.checks.health.path", says: "characters a URL path cannot carry" },
  { name: "raw body content type with CR/LF", service: (s) => (s.checks.register.body = { raw: "a=1", contentType: "text/plain\r\nX-Evil: 1" }), where: "finsight-api.checks.register.body", says: 'contentType: "text/plain\\r\\nX-Evil: 1" is not a media type' },
  { name: "Slack channel with a line break", stack: "prod", config: setting("contacts", (c) => ({ ...c, "team-slack": { ...c["team-slack"], channel: "#alerts\nmore" } })), where: "Pulumi.prod.yaml monitoring:contacts.team-slack.channel", says: "expected a Slack channel" },
];

// ---- 4. Secrets in the open
const secrets: Case[] = [
  { name: "check URL with user:password@", service: (s) => { delete s.checks.health.path; s.checks.health.url = "https://admin:CANARYPW@api.example/health"; }, where: "finsight-api.checks.health.url", says: "contains credentials (user:password@)", never: "CANARYPW" },
  { name: "check URL with a token as user", service: (s) => { delete s.checks.health.path; s.checks.health.url = "https://CANARYTOKEN@api.example/health"; }, where: "finsight-api.checks.health.url", says: "contains credentials", never: "CANARYTOKEN" },
  { name: "definition baseUrl with credentials", service: (s) => (s.baseUrl = "https://u:CANARYPW@api.example"), where: "finsight-api.baseUrl", says: "secrets belong in stack config", never: "CANARYPW" },
  { name: "stack baseUrl with credentials", config: (c) => withSetting(c, "services", { "finsight-api": { baseUrl: "https://u:CANARYPW@api.example" } }), where: "Pulumi.dev.yaml monitoring:services.finsight-api.baseUrl", says: "would be printed in plans and pull-request comments", never: "CANARYPW" },
  { name: "Stripe webhook url with credentials", service: (s) => { delete s.business.stripe.churn.path; s.business.stripe.churn.url = "https://u:CANARYPW@hooks.example/stripe"; }, where: "finsight-api.business.stripe.churn.url", says: "contains credentials", never: "CANARYPW" },
  { name: "runbook URL with credentials", service: (s) => (s.errors["first-seen"].runbook = "https://u:CANARYPW@wiki.example/r"), where: "finsight-api.errors.first-seen.runbook", says: "contains credentials", never: "CANARYPW" },
  { name: "runbook object URL with credentials", service: (s) => (s.errors["first-seen"].runbook = { url: "https://u:CANARYPW@wiki.example/r", steps: ["x"] }), where: "finsight-api.errors.first-seen.runbook", says: "url: contains credentials", never: "CANARYPW" },
  { name: "Prometheus URL with credentials", stack: "prod", config: setting("vendors", (v) => ({ ...v, grafana: { prometheusUrl: "https://u:CANARYPW@prom.example" } })), where: "Pulumi.prod.yaml monitoring:vendors.grafana.prometheusUrl", says: "contains credentials", never: "CANARYPW" },
  { name: "malformed webhook secret is not echoed", config: setting("contacts", (c) => ({ ...c, hook: { type: "webhook", url: "ftp://CANARYPW.example" } })), where: "Pulumi.dev.yaml monitoring:contacts.hook.url", says: "expected an http:// or https:// URL", never: "CANARYPW" },
];

// ---- 5. Prototype keys
const prototype: Case[] = [
  { name: "routing to constructor", config: setting("routing", (r) => ({ ...r, critical: ["constructor"] })), where: "Pulumi.dev.yaml monitoring:routing.critical[0]", says: 'no contact has the key "constructor"' },
  { name: "routing to tostring", config: setting("routing", (r) => ({ ...r, warning: ["dev-email", "tostring"] })), where: "Pulumi.dev.yaml monitoring:routing.warning[1]", says: 'no contact has the key "tostring"' },
  { name: "notify constructor", service: (s) => (s.errors["first-seen"].notify = ["constructor"]), where: "finsight-api.errors.first-seen.notify[0]", says: 'no contact has the key "constructor"' },
  { name: "notify constructor on an uptime check", service: (s) => (s.checks.health.notify = ["constructor"]), where: "finsight-api.checks.health.notify[0]", says: 'no contact has the key "constructor"' },
  { name: "settings for a service called constructor", config: (c) => withSetting(c, "services", { "finsight-api": { baseUrl: "https://a.example" }, constructor: { baseUrl: "https://b.example" } }), where: "Pulumi.dev.yaml monitoring:services.constructor", says: 'no service has the key "constructor"' },
  { name: "status page listing a check called constructor", stack: "prod", service: (s) => (s.statusPage = { title: "FinSight API", checks: ["health", "constructor"] }), where: "finsight-api.statusPage.checks[1]", says: 'no check has the key "constructor"' },
  { name: "status page listing one check twice", stack: "prod", service: (s) => (s.statusPage = { title: "FinSight API", checks: ["health", "register", "health"] }), where: "finsight-api.statusPage.checks[2]", says: 'lists "health" again (it is statusPage.checks[0] already; expected each check once)' },
  { name: "stack status page listing one check twice", stack: "prod", config: (c) => withSetting(c, "statusPage", { enabled: true, title: "FinSight Status", checks: ["finsight-api/health", "finsight-api/health"] }), where: "Pulumi.prod.yaml monitoring:statusPage.checks[1]", says: 'lists "finsight-api/health" again (it is monitoring:statusPage.checks[0] already' },
  { name: "maintenance pausing a check called constructor", service: (s) => (s.maintenance["weekly-deploy"].checks = ["constructor"]), where: "finsight-api.maintenance.weekly-deploy.checks[0]", says: 'no check has the key "constructor"' },
  { name: "monitoring:__proto__ in the stack file", stack: "prod", yaml: (t) => t.replace("  monitoring:policy:\n", '  monitoring:__proto__:\n    policy:\n      criticalReachesPager: "off"\n  monitoring:policy:\n'), where: "Pulumi.prod.yaml monitoring:__proto__", says: "cannot be a key" },
  { name: "routing to __proto__", config: setting("routing", (r) => ({ ...r, critical: ["__proto__"] })), where: "Pulumi.dev.yaml monitoring:routing.critical[0]", says: "lowercase key" },
];

// ---- 6. No upper bounds
const bounds: Case[] = [
  { name: "stack check interval of 100000d", config: (c) => withSetting(c, "checks", { interval: "100000d" }), where: "Pulumi.dev.yaml monitoring:checks.interval", says: "expected a duration between 30s and 1d" },
  { name: "check interval of 100000d", service: (s) => (s.checks.health.interval = "100000d"), where: "finsight-api.checks.health.interval", says: "expected a duration between 30s and 1d" },
  { name: "duration with 400 digits", service: (s) => (s.checks.health.alertAfter = `${"9".repeat(400)}m`), where: "finsight-api.checks.health.alertAfter", says: "(401 characters) is longer than any vendor accepts (expected at most 365d)" },
  { name: "throttle of 100000d", service: (s) => (s.errors["first-seen"].throttle = "100000d"), where: "finsight-api.errors.first-seen.throttle", says: "expected at most 365d" },
  { name: "throttle over Sentry's 30 days", service: (s) => (s.errors["first-seen"].throttle = "31d"), where: "finsight-api.errors.first-seen.throttle", says: "5 to 43200 whole minutes" },
  { name: "throttle under Sentry's 5 minutes", service: (s) => (s.errors["error-spike"].throttle = "1m"), where: "finsight-api.errors.error-spike.throttle", says: "expected a throttle from 5m to 30d" },
  { name: "throttle in seconds Sentry cannot take", service: (s) => (s.errors["first-seen"].throttle = "330s"), where: "finsight-api.errors.first-seen.throttle", says: "whole minutes" },
  { name: "alertAfter of 100000d", service: (s) => (s.checks.health.alertAfter = "100000d"), where: "finsight-api.checks.health.alertAfter", says: "expected at most 365d" },
  { name: "repeatEvery of 100000d", service: (s) => (s.checks.health.repeatEvery = "100000d"), where: "finsight-api.checks.health.repeatEvery", says: "expected at most 365d" },
  { name: "SLO window of 100000d", service: (s) => (s.slos.availability.window = "100000d"), where: "finsight-api.slos.availability.window", says: "expected at most 365d" },
  { name: "SLO objective too low for its burn rates", service: (s) => { s.slos.availability.objectivePercent = 90; }, where: "finsight-api.slos.availability.objectivePercent", says: "14.4x an error budget of 10% is a bad ratio of 1.44, which can never be exceeded (expected a factor below 10)" },
  { name: "SLO window without a burn-rate table", service: (s) => { s.slos.availability.window = "300d"; }, where: "finsight-api.slos.availability.window", says: "has no built-in burn-rate table" },
  { name: "a 5 MB environment name", config: (c) => ({ ...c, "monitoring:environment": longText(5_000_000) }), where: "Pulumi.dev.yaml monitoring:environment", says: "is 5000000 characters long (expected at most 200)" },
  { name: "a 500-character service name", service: (s) => (s.name = longText(500, "N")), where: "finsight-api.name", says: "is 500 characters long (expected at most 200)" },
  { name: "monitor name over UptimeRobot's 250", config: (c) => ({ ...c, "monitoring:environment": longText(120, "e") }), service: (s) => (s.checks.health.name = longText(150, "h")), where: "finsight-api.checks.health.name", says: "expected at most 250 characters" },
  { name: "alert name over Sentry's 256", service: (s) => { s.name = longText(200, "N"); delete s.errors["first-seen"].name; s.errors["first-seen-of-every-kind-of-issue-in-every-part-of-the-api"] = s.errors["first-seen"]; delete s.errors["first-seen"]; }, where: "finsight-api.errors.first-seen-of-every-kind-of-issue-in-every-part-of-the-api.name", says: "too long for Sentry (expected at most 256 characters)" },
  { name: "Sentry environment over 64 characters", service: (s) => (s.errors["first-seen"].environment = longText(65, "e")), where: "finsight-api.errors.first-seen.environment", says: "expected at most 64 characters" },
  { name: "Sentry environment with a slash", service: (s) => (s.errors["first-seen"].environment = "prod/eu"), where: "finsight-api.errors.first-seen.environment", says: 'expected no "/"' },
  { name: "keyword over UptimeRobot's 500", service: (s) => (s.checks.health.keyword = { text: longText(600, "k") }), where: "finsight-api.checks.health.keyword.text", says: "expected at most 500, UptimeRobot's limit" },
  { name: "description over 2000 characters", service: (s) => (s.errors["first-seen"].description = longText(3000)), where: "finsight-api.errors.first-seen.description", says: "expected at most 2000" },
  { name: "raw body over 64 KiB", service: (s) => (s.checks.register.body = { raw: `a=${longText(70_000)}` }), where: "finsight-api.checks.register.body", says: "raw: is 70002 characters long (expected at most 65536)" },
  { name: "keys of one Stripe endpoint over its 500-character metadata", service: (s) => {
      for (let i = 0; i < 9; i++) s.business.stripe[`${"k".repeat(55)}${i}`] = { events: ["invoice.paid"], path: "/stripe/shared", runbook: "https://r.example/x" };
    }, where: `finsight-api.business.stripe.${"k".repeat(55)}0`, says: "expected at most 500, Stripe's limit on a metadata value" },
  { name: "UptimeRobot integration name over 60", stack: "prod", config: (c) => {
      const contacts = JSON.parse(c["monitoring:contacts"]);
      const key = `team-slack-${"s".repeat(45)}`;
      contacts[key] = contacts["team-slack"];
      delete contacts["team-slack"];
      const routing = JSON.parse(c["monitoring:routing"]);
      routing.warning = ["oncall-email", key];
      return { ...withSetting(c, "contacts", contacts), "monitoring:routing": JSON.stringify(routing) };
    }, where: `Pulumi.prod.yaml monitoring:contacts.team-slack-${"s".repeat(45)}`, says: "expected at most 60 characters" },
  { name: "Sentry organization slug over 50", config: setting("vendors", (v) => ({ ...v, sentry: { ...v.sentry, organization: longText(51, "o") } })), where: "Pulumi.dev.yaml monitoring:vendors.sentry.organization", says: "at most 50" },
  { name: "an UptimeRobot id of 20 digits", stack: "prod", config: setting("contacts", (c) => ({ ...c, "oncall-sms": { ...c["oncall-sms"], uptimerobotId: "1".repeat(20) } })), where: "Pulumi.prod.yaml monitoring:contacts.oncall-sms.uptimerobotId", says: "numeric id" },
  { name: "51 tags on one check", service: (s) => (s.checks.health.tags = Array.from({ length: 51 }, (_, i) => `t${i}`)), where: "finsight-api.checks.health.tags", says: "too big" },
  { name: "rate-limit description over 200", service: (s) => (s.rateLimits["auth-register"].description = longText(300)), where: "finsight-api.rateLimits.auth-register.description", says: "expected at most 200" },
  { name: "a definition nested 40 levels deep", service: (s) => {
      let deep: Record<string, unknown> = {};
      const root = deep;
      for (let i = 0; i < 40; i++) deep = (deep.x = {}) as Record<string, unknown>;
      s.checks.register.body = { json: root };
    }, where: `finsight-api.checks.register.body.json${".x".repeat(27)}`, says: "nested more than 32 levels deep" },
];

// ---- 7. Impossible values
const impossible: Case[] = [
  { name: "heartbeat every minute with an hour's grace", service: (s) => { s.checks["daily-report"].period = "1m"; s.checks["daily-report"].grace = "1h"; }, where: "finsight-api.checks.daily-report.grace", says: "expected a grace of at most 1m" },
  { name: "warning failure rate above the critical one", service: (s) => (s.errors["error-rate"].warnAbovePercent = 90), where: "finsight-api.errors.error-rate.warnAbovePercent", says: "warning threshold 90% is above the critical one, 50%" },
  { name: "warning latency above the critical one", service: (s) => (s.performance["p95-slow"].warnAboveMs = 5000), where: "finsight-api.performance.p95-slow.warnAboveMs", says: "above the critical one, 2000 ms" },
  { name: "one-off maintenance on 2025-02-30", service: (s) => (s.maintenance.migration = { repeat: "once", start: "2025-02-30T10:00", duration: "1h", timeZone: "Europe/Berlin", name: "Migration" }), where: "finsight-api.maintenance.migration.start", says: "2025-02-30 is not a day of the calendar" },
  { name: "one-off maintenance on 2023-02-29", service: (s) => (s.maintenance.migration = { repeat: "once", start: "2023-02-29T10:00", duration: "1h", timeZone: "Europe/Berlin" }), where: "finsight-api.maintenance.migration.start", says: "not a day of the calendar" },
  { name: "one-off maintenance in 2199", service: (s) => (s.maintenance.migration = { repeat: "once", start: "2199-01-01T10:00", duration: "1h", timeZone: "Europe/Berlin" }), where: "finsight-api.maintenance.migration.start", says: "years 1900-2099" },
  { name: "prometheusUrl javascript:alert(1)", stack: "prod", config: setting("vendors", (v) => ({ ...v, grafana: { prometheusUrl: "javascript:alert(1)" } })), where: "Pulumi.prod.yaml monitoring:vendors.grafana.prometheusUrl", says: 'has the scheme "javascript"' },
  { name: "stack customDomain that is not a host", stack: "prod", config: (c) => withSetting(c, "statusPage", { enabled: true, customDomain: "not a host" }), where: "Pulumi.prod.yaml monitoring:statusPage.customDomain", says: '"not a host" is not a host name' },
  { name: "stack customDomain with a path", stack: "prod", config: (c) => withSetting(c, "statusPage", { enabled: true, customDomain: "status.example.com/x" }), where: "Pulumi.prod.yaml monitoring:statusPage.customDomain", says: "is not a host name" },
  { name: "definition customDomain with a label ending in a dash", stack: "prod", service: (s) => (s.statusPage = { title: "FinSight API", checks: ["health"], customDomain: "status-.example.com" }), where: "finsight-api.statusPage.customDomain", says: "is not a host name" },
  { name: "environment with a newline", config: (c) => ({ ...c, "monitoring:environment": "prod\nstaging" }), where: "Pulumi.dev.yaml monitoring:environment", says: '"prod\\nstaging" contains a control or invisible character' },
  { name: "environment with a trailing space", config: (c) => ({ ...c, "monitoring:environment": "dev " }), where: "Pulumi.dev.yaml monitoring:environment", says: '"dev " starts or ends with white space' },
  { name: "environment with a zero-width space", config: (c) => ({ ...c, "monitoring:environment": "de\u200bv" }), where: "Pulumi.dev.yaml monitoring:environment", says: '"de\\u200bv"' },
  { name: "check URL with a tab", service: (s) => { delete s.checks.health.path; s.checks.health.url = "https://api.example/he\talth"; }, where: "finsight-api.checks.health.url", says: '"https://api.example/he\\talth" contains white space' },
  { name: "Stripe API version that is not a date", stack: "prod", config: setting("vendors", (v) => ({ ...v, stripe: { apiVersion: "latest" } })), where: "Pulumi.prod.yaml monitoring:vendors.stripe.apiVersion", says: "Stripe API version" },
  { name: "Infinity in a JSON body", service: (s) => (s.checks.register.body = { json: { n: Infinity } }), where: "finsight-api.checks.register.body.json.n", says: "is Infinity (expected a finite number)" },
  { name: "NaN as a count", service: (s) => (s.errors["error-spike"].moreThan = NaN), where: "finsight-api.errors.error-spike.moreThan", says: "is NaN" },
  { name: "a stack file byte that is not UTF-8", exit: 2, yaml: (t) => t.replace("address: dev-alerts@finsight.example", "address: dev-alerts\xff@finsight.example"), where: "Pulumi.dev.yaml: line 12 has a byte that is not UTF-8 (0xff)", says: "expected the file saved as UTF-8" },
  { name: "secure: with an empty value", exit: 2, stack: "prod", yaml: (t) => t.replace('phone: "+15555550100"', 'phone:\n        secure: ""'), where: "Pulumi.prod.yaml monitoring:contacts.oncall-sms.phone", says: "the secure: value is empty" },
  { name: "secure: with a number", exit: 2, stack: "prod", yaml: (t) => t.replace('phone: "+15555550100"', "phone:\n        secure: 5"), where: "Pulumi.prod.yaml monitoring:contacts.oncall-sms.phone", says: "is not ciphertext" },
];

// ---- 8. Raw JavaScript messages
const raw: Case[] = [
  { name: "BigInt in a JSON body", service: (s) => (s.checks.register.body = { json: { id: 10n } }), where: "finsight-api.checks.register.body.json.id", says: "is a BigInt" },
  { name: "circular JSON body", service: (s) => { const a: Record<string, unknown> = {}; a.self = a; s.checks.register.body = { json: a }; }, where: "finsight-api.checks.register.body.json.self", says: "circular reference" },
  { name: "getter that throws in a check", service: (s) => void Object.defineProperty(s.checks.health, "timeout", { get() { throw new TypeError("Cannot read properties of undefined"); }, enumerable: true }), where: "finsight-api.checks.health.timeout", says: "its getter threw an error" },
  { name: "getter that throws for the service name", service: (s) => void Object.defineProperty(s, "name", { get() { throw new Error("boom"); }, enumerable: true }), where: "finsight-api.name", says: "its getter threw an error" },
  { name: "proxy whose keys cannot be listed", service: (s) => (s.checks.health = new Proxy({}, { ownKeys() { throw new Error("trap"); } })), where: "finsight-api.checks.health", says: "could not be read" },
  { name: "a symbol as a value", service: (s) => (s.checks.health.path = Symbol("x")), where: "finsight-api.checks.health.path", says: "is a symbol" },
  { name: "a Date as a start", service: (s) => (s.maintenance.migration = { repeat: "once", start: new Date(0), duration: "1h", timeZone: "Europe/Berlin" }), where: "finsight-api.maintenance.migration.start", says: "is a Date object" },
  { name: "a class instance as a check", service: (s) => (s.checks.health = new (class Check { kind = "http"; path = "/h"; })()), where: "finsight-api.checks.health", says: "is a Check object" },
  { name: "a YAML alias bomb in the stack file", exit: 2, yaml: (t) => `${aliasBomb}\n${t}`, where: "Pulumi.dev.yaml: its YAML aliases", says: "expected at most 100 alias uses" },
];

// ---- 9. Valid input rejected, or the wrong words
const words: Case[] = [
  { name: "an empty contacts value", yaml: (t) => t.replace(/ {2}monitoring:contacts:\n(?: {4}.*\n)+/, "  monitoring:contacts:\n"), where: "Pulumi.dev.yaml monitoring:contacts", says: "is empty (expected a mapping" },
  { name: "an empty routing value", yaml: (t) => t.replace(/ {2}monitoring:routing:\n(?: {4}.*\n)+/, "  monitoring:routing:\n"), where: "Pulumi.dev.yaml monitoring:routing", says: "is empty" },
  { name: "an encrypted e-mail address", yaml: (t) => t.replace("address: dev-alerts@finsight.example", `address:\n        secure: ${CIPHER}`), where: "Pulumi.dev.yaml monitoring:contacts.dev-email.address", says: "is encrypted (secure:), but it is not a secret" },
  { name: "an encrypted environment", yaml: (t) => t.replace("monitoring:environment: dev", `monitoring:environment:\n    secure: ${CIPHER}`), where: "Pulumi.dev.yaml monitoring:environment", says: "is encrypted (secure:), but it is not a secret: it is shown in vendor names and plans (expected it in plain text)" },
  // UptimeRobot's Terraform provider refuses upper-case tags (monitor_schema.go "Must be lowercase"); the API stores them lower-cased.
  { name: "an upper-case tag, echoed with the one UptimeRobot would store", service: (s) => (s.checks.health.tags = ["api", "Critical"]), where: "finsight-api.checks.health.tags[1]", says: 'UptimeRobot tags are lowercase, not "Critical" (expected "critical")', once: true },
  { name: "the stack interval below the free plan, said once", config: (c) => withSetting(onFree(c), "checks", { interval: "1m" }), where: "Pulumi.dev.yaml monitoring:checks.interval", says: "UptimeRobot free checks at most every 5m", once: true },
  { name: "a mapping given as text", config: (c) => ({ ...c, "monitoring:checks": "5m" }), where: "Pulumi.dev.yaml monitoring:checks", says: "is text (expected a mapping { key: value })" },
  { name: "a list given as a mapping", config: setting("routing", (r) => ({ ...r, critical: { a: 1 } })), where: "Pulumi.dev.yaml monitoring:routing.critical", says: "is a mapping { key: value } (expected a list [ ... ])" },
  { name: "a flag given as text", config: (c) => withSetting(c, "statusPage", { enabled: "yes" }), where: "Pulumi.dev.yaml monitoring:statusPage.enabled", says: "expected true or false" },
];

export const HOSTILE: Case[] = [
  ...vanish.map((c) => ({ ...c, class: 1 })),
  ...injection.map((c) => ({ ...c, class: 3 })),
  ...secrets.map((c) => ({ ...c, class: 4 })),
  ...prototype.map((c) => ({ ...c, class: 5 })),
  ...bounds.map((c) => ({ ...c, class: 6 })),
  ...impossible.map((c) => ({ ...c, class: 7 })),
  ...raw.map((c) => ({ ...c, class: 8 })),
  ...words.map((c) => ({ ...c, class: 9 })),
];

/** Input that used to be rejected or mangled, and is valid: what it must become. */
export const ACCEPTED: { name: string; yaml: (t: string) => string; environment: string }[] = [
  { name: 'environment "2024" (quoted in YAML) stays the name 2024', yaml: (t) => t.replace("monitoring:environment: dev", 'monitoring:environment: "2024"'), environment: "2024" },
  { name: 'environment "true" stays the name true', yaml: (t) => t.replace("monitoring:environment: dev", 'monitoring:environment: "true"'), environment: "true" },
  { name: "environment 007 keeps its zeros", yaml: (t) => t.replace("monitoring:environment: dev", 'monitoring:environment: "007"'), environment: "007" },
];
