/**
 * `monitoring import sentry` round trip against the fake Sentry: a project's rules (the ones the
 * FinSight prod stack makes, plus some the language cannot say) become a definitions file that
 * compiles, validates, and plans back to the same rules, which the providers then adopt without
 * creating a second one.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueAlertKind, metricAlertKind } from "../../../src/targets/sentry/kinds";
import { compiled, load } from "../../fakes/engine";
import { FakeSentry, sentryConfig } from "../../fakes/sentry";
import { finsightCopy, scratchProject, stackConfig, type CliResult } from "../../helpers";
import { provisionUnderMocks, type Registered } from "../mocks";

const ISSUE = "pulumi-nodejs:dynamic/sentry:IssueAlert";
const METRIC = "pulumi-nodejs:dynamic/sentry:MetricAlert";

function cliAsync(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(cwd, "bin", "monitoring.js"), ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** What a diff compares, without what only this project keeps (the severity is not sent). */
function comparable(kind: typeof issueAlertKind | typeof metricAlertKind, inputs: Record<string, unknown>): Record<string, unknown> {
  const { severity: _s, ...rest } = (kind.canonical as (i: Record<string, unknown>) => Record<string, unknown>)(inputs);
  return rest;
}

describe("monitoring import sentry", () => {
  const fake = new FakeSentry();
  let original: Registered[];
  let repo: string;
  let run: CliResult;
  let source: string;
  let planned: Registered[];
  let orphan = "";
  const env = () => ({ SENTRY_AUTH_TOKEN: fake.token, SENTRY_API_URL: fake.url, SENTRY_REQUESTS_PER_MINUTE: "1000000" });

  beforeAll(async () => {
    await fake.start();
    // The prod stack's rules, as this project would have made them.
    original = (await provisionUnderMocks("prod", [finsightCopy()], stackConfig("prod"))).filter((r) => r.type === ISSUE || r.type === METRIC);
    for (const r of original) {
      if (r.type === ISSUE) fake.seedIssueRule("finsight-api", issueAlertKind.createBody(r.inputs as never).body);
      else fake.seedMetricRule(metricAlertKind.createBody(r.inputs as never).body);
    }
    // ...and two the definition language cannot say.
    fake.seedIssueRule("finsight-api", {
      name: "Only fatal",
      environment: "production",
      actionMatch: "any",
      filterMatch: "all",
      frequency: 30,
      conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
      filters: [{ id: "sentry.rules.filters.level.LevelFilter", match: "eq", level: "50" }],
      actions: [{ id: "sentry.mail.actions.NotifyEmailAction", targetType: "Team", targetIdentifier: "1001" }],
    });
    fake.seedMetricRule({ ...metricAlertKind.createBody(original.find((r) => r.type === METRIC)!.inputs as never).body, name: "Too quiet", thresholdType: 1 });
    // An orphan the bridged provider's failed read-back left: the same name and environment again.
    orphan = fake.seedMetricRule(metricAlertKind.createBody(original.find((r) => r.name === "finsight-api-errors-error-rate")!.inputs as never).body);

    repo = scratchProject();
    run = await cliAsync(repo, ["import", "sentry", "--stack", "prod", "--key", "imported", "--out", "monitors/imported.ts"], env());
    source = fs.existsSync(path.join(repo, "monitors/imported.ts")) ? fs.readFileSync(path.join(repo, "monitors/imported.ts"), "utf8") : "";
  }, 180_000);
  afterAll(() => fake.stop());

  it("writes the definitions file, marked for adoption, and says what it could not import", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("imported 3 error alerts and 1 performance alert of finsight/finsight-api into monitors/imported.ts");
    expect(run.stderr).toContain('note: issue alert "Only fatal": filters have no equivalent in the definition language; not imported');
    expect(run.stderr).toContain('note: metric alert "Too quiet": it fires below its threshold');
    expect(run.stderr).toContain(`note: metric alert "FinSight API - Error rate over 50%" (id ${orphan}): another rule has this name and environment, probably an orphan`);
    expect(source.match(/^ +adopt: true,$/gm)).toHaveLength(4);
    expect(source).toContain('sentryProject: "finsight-api",');
    for (const out of [source, run.stdout, run.stderr]) expect(out).not.toContain(fake.token);
  });

  it("compiles and validates with the stack's settings", async () => {
    const r = await cliAsync(repo, ["validate", "--stack", "prod"], {});
    expect(r.code, r.stderr + r.stdout).toBe(0);
  }, 180_000);

  it("plans back to the same rules: what the provider compares is equal for every imported rule", async () => {
    // Every service under monitors/ is found: the definitions as the program loads them, compiled.
    const services = ["finsight.js", "imported.js"].map((f) => require(path.join(repo, "dist", "monitors", f)).default);
    planned = (await provisionUnderMocks("prod", services, stackConfig("prod"))).filter((r) => (r.type === ISSUE || r.type === METRIC) && r.name.startsWith("imported-"));
    expect(planned.map((r) => r.inputs.name).sort()).toEqual(original.map((r) => r.inputs.name).sort());
    for (const p of planned) {
      const kind = p.type === ISSUE ? issueAlertKind : metricAlertKind;
      const was = original.find((o) => o.inputs.name === p.inputs.name)!;
      expect(comparable(kind, p.inputs), p.inputs.name).toEqual(comparable(kind, was.inputs));
      expect(p.inputs.adopt).toBe(true);
    }
    // The warning alert stays a warning (read from the description this project writes).
    expect(planned.find((p) => p.inputs.name === "FinSight API - p95 over 2s")!.inputs.severity).toBe("warning");
  }, 60_000);

  it("the first pulumi up adopts every rule: no second rule, no change left", async () => {
    const { providers } = compiled<{ providers: Record<"issueAlert" | "metricAlert", object> }>("src/targets/sentry/provider");
    const cfg = sentryConfig(fake);
    const issue = (await load(providers.issueAlert, cfg)).provider;
    const metric = (await load(providers.metricAlert, cfg)).provider;
    const before = { issue: fake.issueRules().length, metric: fake.metricRules().length, creates: fake.stats.creates };
    for (const p of planned) {
      const provider = p.type === ISSUE ? issue : metric;
      const { __provider: _x, ...inputs } = p.inputs;
      const made = await provider.create(inputs);
      const read = await provider.read(made.id, made.outs);
      expect((await provider.diff(made.id, read.props, inputs)).changes, p.inputs.name).toBe(false);
    }
    expect({ issue: fake.issueRules().length, metric: fake.metricRules().length, creates: fake.stats.creates }).toEqual(before);
  }, 60_000);
});
