/**
 * The `monitoring` CLI end to end, as a subprocess, the way a user runs it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, editFile, ROOT, scratchDir, scratchProject } from "./helpers";

const NO_TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe("monitoring plan on the shipped project", () => {
  let dev: ReturnType<typeof cli>;
  let prodJson: any;
  let devJson: any;

  beforeAll(() => {
    dev = cli(["plan", "--stack", "dev"]);
    const prod = cli(["plan", "--stack", "prod", "--format", "json"]);
    expect(prod.code, prod.stderr).toBe(0);
    prodJson = JSON.parse(prod.stdout);
    const d = cli(["plan", "--stack", "dev", "--format", "json"]);
    devJson = JSON.parse(d.stdout);
  });

  it("prints a table grouped by service and vendor, with counts at the end", () => {
    expect(dev.code, dev.stderr).toBe(0);
    expect(dev.stdout).toMatch(/^Plan for finsight-monitoring, stack dev: \d+ resources would be registered/);
    expect(dev.stdout).toContain("FinSight API (finsight-api)");
    expect(dev.stdout).toMatch(/^ {2}sentry$/m);
    expect(dev.stdout).toMatch(/\+ IssueAlert\s+finsight-api-errors-first-seen/);
    // Cloudflare: the zone's ruleset, five edge settings and its bot management, and the relay (its
    // Worker, workers.dev route, digest Cron Trigger and replay store).
    expect(dev.stdout).toMatch(/^Resources: .*cloudflare 11.*sentry 7.*; \d+ in all\.$/m);
  });

  it("json has project, stack and every resource with urn, type, name, parent and inputs", () => {
    expect(prodJson.project).toBe("finsight-monitoring");
    expect(prodJson.stack).toBe("prod");
    for (const r of prodJson.resources) expect(Object.keys(r)).toEqual(expect.arrayContaining(["urn", "type", "name", "parent", "inputs"]));
    const names = prodJson.resources.map((r: any) => `${r.type} ${r.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "pulumi-nodejs:dynamic/sentry:IssueAlert finsight-api-errors-first-seen",
        "pulumi-nodejs:dynamic/sentry:IssueAlert finsight-api-errors-error-spike",
        "pulumi-nodejs:dynamic/sentry:MetricAlert finsight-api-errors-error-rate",
        "pulumi-nodejs:dynamic/sentry:MetricAlert finsight-api-performance-p95-slow",
        "pulumi-nodejs:dynamic/sentry:Environment finsight-api-sentry-environment-production",
        "cloudflare:index/ruleset:Ruleset zone-rate-limits",
      ]),
    );
    const alert = prodJson.resources.find((r: any) => r.name === "finsight-api-errors-first-seen");
    expect(alert.urn).toBe(
      "urn:pulumi:prod::finsight-monitoring::monitoring:index:Service$pulumi-nodejs:dynamic/sentry:IssueAlert::finsight-api-errors-first-seen",
    );
    const parent = prodJson.resources.find((r: any) => r.urn === alert.parent);
    expect(parent.type).toBe("monitoring:index:Service");
  });

  it("prod differs from dev where the settings differ", () => {
    const input = (plan: any, name: string) => plan.resources.find((r: any) => r.name === name).inputs;
    expect(input(devJson, "finsight-api-errors-first-seen").environment).toBe("dev");
    expect(input(prodJson, "finsight-api-errors-first-seen").environment).toBe("production");
    // prod pages through PagerDuty; dev only e-mails.
    const types = (plan: any) => input(plan, "finsight-api-errors-error-rate").triggers[0].actions.map((a: any) => a.type);
    expect(types(devJson)).toEqual(["email"]);
    expect(types(prodJson)).toEqual(["pagerduty", "email"]);
    expect(input(devJson, "zone-rate-limits").zoneId).not.toBe(input(prodJson, "zone-rate-limits").zoneId);
  });

  it("markdown is a PR-ready summary with folded details", () => {
    const md = cli(["plan", "--stack", "dev", "--format", "markdown"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^### Monitoring plan: `dev`/);
    expect(md.stdout).toContain("<details><summary><code>sentry</code> IssueAlert <b>finsight-api-errors-first-seen</b></summary>");
    expect(md.stdout).toContain("| `conditions[0].interval` | 1h |");
  });

  it("--out writes the plan to a file", () => {
    const out = path.join(scratchDir("plan-"), "dev.json");
    const r = cli(["plan", "--stack", "dev", "--format", "json", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(JSON.parse(fs.readFileSync(out, "utf8")).stack).toBe("dev");
  });

  it("validate says the shipped stacks are valid", () => {
    for (const stack of ["dev", "prod"]) {
      const r = cli(["validate", "--stack", stack]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${stack}: definitions and settings are valid`);
    }
  });
});

describe("usage and project-file errors: one line, exit 2", () => {
  it("an unknown stack names the stacks there are", () => {
    const r = cli(["plan", "--stack", "staging"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('monitoring: unknown stack "staging": there is no Pulumi.staging.yaml (expected one of: dev, prod)');
    expect(r.stdout).toBe("");
  });

  it("a missing --stack is a usage error", () => {
    const r = cli(["plan"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--stack");
  });

  it("unreadable YAML", () => {
    const dir = scratchProject();
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  monitoring:routing: [unclosed\n");
    const r = cli(["plan", "--stack", "dev"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^monitoring: Pulumi\.dev\.yaml: not valid YAML at line \d+, column \d+: /);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it("a missing required key", () => {
    const dir = scratchProject();
    editFile(dir, "Pulumi.dev.yaml", (t) => t.replace(/ {2}monitoring:routing:\n(?: {4}.*\n)+/, ""));
    const r = cli(["validate", "--stack", "dev"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('monitoring: Pulumi.dev.yaml: missing required key monitoring:routing (expected it under config:, see README "Stack settings")');
  });
});

describe("broken definitions and settings: every problem, exit 1, no plan", () => {
  it("a definition breaking a rule is reported with its place, and nothing is planned", () => {
    const dir = scratchProject();
    editFile(dir, "monitors/finsight.ts", (t) => t.replace("abovePercent: 50,", "abovePercent: 150,").replace('interval: "1h",', 'interval: "2h",'));
    for (const command of ["validate", "plan"]) {
      const r = cli([command, "--stack", "dev"], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("dev finsight-api.errors.error-rate.abovePercent: expected a percentage between 0 and 100");
      expect(r.stderr).toContain("dev finsight-api.errors.error-spike.interval: Sentry issue alerts cannot count over 2h (expected one of 1m, 5m, 15m, 1h, 1d, 1w, 30d)");
      expect(r.stderr).toContain("nothing was provisioned");
      expect(r.stderr).not.toMatch(NO_TRACE);
    }
  });

  it("a broken stack setting is reported with its file and key", () => {
    const dir = scratchProject();
    editFile(dir, "Pulumi.prod.yaml", (t) => t.replace("critical: [oncall-sms, oncall-pagerduty, oncall-email]", "critical: [oncall-email, on-call-sms]"));
    const r = cli(["plan", "--stack", "prod", "--format", "json"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('prod Pulumi.prod.yaml monitoring:routing.critical[1]: no contact has the key "on-call-sms"');
  });

  it("a type error in a definition reaches validation, which names the field; a syntax error stops before anything runs, naming file, line and column", () => {
    const dir = scratchProject();
    // The command compiles without type-checking (the editor and `npm run typecheck` do that):
    // the wrong value is caught by validation, with the path of the field and what was expected.
    editFile(dir, "monitors/finsight.ts", (t) => t.replace('grace: "1h",', 'grace: "1 hour",'));
    const r = cli(["plan", "--stack", "dev"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('dev finsight-api.checks.daily-report.grace: "1 hour" is not a duration (expected a whole number and a unit');
    expect(r.stderr).toContain("nothing was provisioned");
    expect(r.stderr).not.toMatch(NO_TRACE);

    // A missing comma: nothing can run; the compiler's message names the place.
    editFile(dir, "monitors/finsight.ts", (t) => t.replace('grace: "1 hour",', 'grace: "1h",').replace('period: "1d",', 'period: "1d"'));
    const lines = fs.readFileSync(path.join(dir, "monitors/finsight.ts"), "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes('period: "1d"')) + 2; // the next line, 1-based
    const column = lines[line - 1].indexOf("grace") + 1;
    const s = cli(["plan", "--stack", "dev"], dir);
    expect(s.code).toBe(1);
    expect(s.stdout).toBe("");
    expect(s.stderr).toContain(`monitors/finsight.ts:${line}:${column}: Expected "}" but found "grace"`);
    expect(s.stderr).toContain("the definitions do not compile");
  });
});

describe("secrets", () => {
  it("a canary planted in stack config never appears in any output", () => {
    const dir = scratchProject();
    const canaries = ["+15550000199", "CANARYWEBHOOKTOKEN", "CANARYSECURECIPHERTEXT", "CANARY0PAGERDUTY0KEY000000000000"];
    editFile(dir, "Pulumi.prod.yaml", (t) =>
      t
        .replace('phone: "+15555550100"', `phone: "${canaries[0]}"`)
        .replace("B000/placeholder", `B000/${canaries[1]}`)
        .replace("integrationKey: 0123456789abcdef0123456789abcdef", `integrationKey: ${canaries[3]}`)
        .replace("config:\n", `config:\n  sentry:token:\n    secure: ${canaries[2]}\n`),
    );
    for (const format of ["table", "markdown", "json"]) {
      const r = cli(["plan", "--stack", "prod", "--format", format], dir);
      expect(r.code, r.stderr).toBe(0);
      for (const canary of canaries) {
        expect(r.stdout, `${format} output`).not.toContain(canary);
        expect(r.stderr, `${format} errors`).not.toContain(canary);
      }
    }
    // And not in validation errors either.
    editFile(dir, "Pulumi.prod.yaml", (t) => t.replace(`phone: "${canaries[0]}"`, `phone: "${canaries[0]}x"`));
    const bad = cli(["validate", "--stack", "prod"], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("prod Pulumi.prod.yaml monitoring:contacts.oncall-sms.phone: expected a phone number in E.164 form");
    expect(bad.stderr).not.toContain(canaries[0]);
  });
});

describe("secret fingerprints", () => {
  it("are keyed by the diff's one-off key when given, so a fingerprint cannot be tried against guesses", () => {
    const fingerprints = (env: NodeJS.ProcessEnv) => {
      const r = cli(["plan", "--stack", "prod", "--format", "json"], ROOT, env);
      expect(r.code, r.stderr).toBe(0);
      const plan = JSON.parse(r.stdout);
      return plan.resources.flatMap((x: any) => Object.values(x.secretFingerprints ?? {}));
    };
    const a = fingerprints({ MONITORING_FINGERPRINT_KEY: "key-one" });
    expect(a.length).toBeGreaterThan(0);
    expect(fingerprints({ MONITORING_FINGERPRINT_KEY: "key-one" })).toEqual(a);
    const b = fingerprints({ MONITORING_FINGERPRINT_KEY: "key-two" });
    expect(b.filter((f: string) => a.includes(f))).toEqual([]);
  });
});

describe("the program loads the way the Pulumi CLI loads it", () => {
  it("Pulumi.yaml runs precompiled JavaScript whose export is the program function", () => {
    const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: false } });
    const main = path.join(ROOT, project.main);
    expect(fs.existsSync(main)).toBe(true);
    // The Node.js host `require`s main and calls an exported function inside the stack.
    const r = spawnSync(process.execPath, ["-e", `const m = require(${JSON.stringify(main)}); process.stdout.write(typeof m)`], { encoding: "utf8" });
    expect(r.stdout).toBe("function");
  });

  it("a build older than the definitions refuses to run instead of provisioning stale alerting", () => {
    const dir = scratchProject();
    editFile(dir, "monitors/finsight.ts", (t) => t.replace("moreThan: 10,", "moreThan: 12,"));
    // Bypass bin/monitoring.js (which would rebuild) and run the compiled plan directly, as `pulumi up` would.
    const script = `require("./dist/src/cli/plan.js").runPlan({ root: process.cwd(), stack: "dev" }).then((r) => process.stdout.write(JSON.stringify(r.failure ?? null)))`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
    const failure = JSON.parse(r.stdout);
    expect(failure.message).toMatch(/^the compiled program is older than .*monitors\/finsight\.ts.*: run `npm run build` first/);
  });
});
