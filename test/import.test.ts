/**
 * `monitoring import uptimerobot` round trip against the fake UptimeRobot v3 server: the account
 * becomes a definitions file that compiles, validates, and resolves to the same monitors.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDefinitions } from "../src/targets/uptimerobot/import";
import { readProject, readStackConfig } from "../src/cli/project";
import { validateStack } from "../src/pipeline";
import type { ResolvedModel } from "../src/resolve";
import { monitorArgs } from "../src/targets/uptimerobot";
import { integrationKind, maintenanceWindowKind, monitorKind, statusPageKind, type MonitorInputs } from "../src/targets/uptimerobot/kinds";
import { FakeUptimeRobot } from "./fakes/uptimerobot";
import { scratchProject, withSetting, type CliResult } from "./helpers";

const SLACK_URL = "https://hooks.slack.com/services/T0001/B0001/importsecret123";
const PD_KEY = "abcdefabcdefabcdefabcdefabcdef12";

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

/** Fields of a monitor that a definition decides, in the provider's comparable form. */
function comparable(i: Partial<MonitorInputs>): Record<string, unknown> {
  const { alertContacts: _a, maintenanceWindowIds: _m, tags: _t, followRedirects: _f, checkSslErrors: _c, adopt: _ad, ...rest } = monitorKind.canonical(i) as Record<string, unknown>;
  return rest;
}

describe("monitoring import uptimerobot", () => {
  const fake = new FakeUptimeRobot();
  let repo: string;
  let run: CliResult;
  let source: string;
  let model: ResolvedModel;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    await fake.start();
    ids.email = fake.seed("alert-contacts", { type: "Email", friendlyName: "Ops e-mail", value: "ops@example.com" });
    ids.slack = fake.seed("integrations", integrationKind.createBody({ name: "Team Slack", type: "Slack", url: SLACK_URL, customValue: "#alerts" }));
    ids.pd = fake.seed("integrations", integrationKind.createBody({ name: "On-call PagerDuty", type: "Pagerduty", integrationKey: PD_KEY }));
    ids.window = fake.seed(
      "maintenance-windows",
      maintenanceWindowKind.createBody({ name: "Weekly deploy", interval: "weekly", date: "2025-01-01", time: "02:00", durationMinutes: 30, days: [7] }),
    );
    const seedMonitor = (i: MonitorInputs) => fake.seed("monitors", monitorKind.createBody(i));
    ids.health = seedMonitor({
      name: "API - Health",
      type: "KEYWORD",
      url: "https://api.example.com/health",
      intervalSeconds: 300,
      timeoutSeconds: 30,
      method: "GET",
      keyword: "ok",
      keywordType: "ALERT_NOT_EXISTS",
      alertContacts: [{ id: ids.pd }, { id: ids.slack }],
      maintenanceWindowIds: [ids.window],
    });
    ids.register = seedMonitor({
      name: "API - Register",
      type: "HTTP",
      url: "https://api.example.com/api/v1/auth/register",
      intervalSeconds: 600,
      timeoutSeconds: 20,
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "test@test.com" }),
      bodyType: "RAW_JSON",
      successCodes: ["200", "400"],
      alertContacts: [{ id: ids.email }],
      maintenanceWindowIds: [ids.window],
    });
    ids.heartbeat = seedMonitor({ name: "Nightly report", type: "HEARTBEAT", intervalSeconds: 86400, gracePeriodSeconds: 3600, alertContacts: [{ id: ids.email }] });
    ids.ping = seedMonitor({ name: "DB host", type: "PING", url: "db.example.com", intervalSeconds: 300 });
    ids.psp = fake.seed("psps", statusPageKind.createBody({ name: "Example Status", monitorIds: [ids.health, ids.register] }));

    repo = scratchProject();
    run = await cliAsync(repo, ["import", "uptimerobot", "--stack", "dev", "--out", "monitors/imported.ts"], {
      UPTIMEROBOT_API_KEY: fake.apiKey,
      UPTIMEROBOT_API_URL: fake.url,
      UPTIMEROBOT_REQUESTS_PER_MINUTE: "1000000",
    });
    source = fs.existsSync(path.join(repo, "monitors/imported.ts")) ? fs.readFileSync(path.join(repo, "monitors/imported.ts"), "utf8") : "";

    // What a user does next: list the file, merge the contacts block into the stack file.
    fs.writeFileSync(
      path.join(repo, "monitors/index.ts"),
      'import finsight from "./finsight";\nimport imported from "./imported";\n\nexport const services: readonly unknown[] = [finsight, imported];\n',
    );
    const block = /BEGIN monitoring:contacts\n([\s\S]*?)\n \* END monitoring:contacts/.exec(source)?.[1] ?? "";
    const contacts = parseDocument(block.replace(/^ \* ?/gm, "")).toJS() as Record<string, Record<string, unknown>>;
    const stackFile = path.join(repo, "Pulumi.dev.yaml");
    const doc = parseDocument(fs.readFileSync(stackFile, "utf8"));
    const existing = (doc.getIn(["config", "monitoring:contacts"]) as { toJSON(): Record<string, unknown> }).toJSON();
    doc.setIn(["config", "monitoring:contacts"], { ...existing, ...contacts["monitoring:contacts"] });
    fs.writeFileSync(stackFile, doc.toString());
  }, 120_000);
  afterAll(() => fake.stop());

  it("writes the definitions file and says what it imported", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("imported 3 checks, 1 maintenance window, 1 status page and 3 contacts into monitors/imported.ts");
    expect(run.stderr).toMatch(/note: monitor "DB host" \(PING\): .*not imported/);
    // Made by hand, without the environment the provider adds: adoption finds them all the same.
    expect(run.stderr).not.toContain("rename");
    expect(source).toContain('import { defineService } from "../src/model";');
    expect(source.match(/^ +adopt: true,$/gm)).toHaveLength(3);
  });

  it("never writes the account's secrets; it says how to set them", () => {
    for (const out of [source, run.stdout, run.stderr]) {
      expect(out).not.toContain(SLACK_URL);
      expect(out).not.toContain("importsecret123");
      expect(out).not.toContain(PD_KEY);
      expect(out).not.toContain(fake.apiKey);
    }
    expect(source).toContain("pulumi config set --stack dev --secret --path 'monitoring:contacts.team-slack.webhookUrl' '<the Slack incoming-webhook URL>'");
    expect(source).toContain("monitoring:contacts.on-call-pagerduty.integrationKey");
  });

  it("compiles and validates with the stack's settings", async () => {
    const r = await cliAsync(repo, ["validate", "--stack", "dev"], {});
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^dev: definitions and settings are valid/);
  }, 120_000);

  it("resolves to the same monitors as the account has", () => {
    // The compiled file, as the program loads it, resolved the way the program resolves it.
    const { services } = require(path.join(repo, "dist", "monitors", "index.js"));
    // dev turns its status page off; turn it on to see the imported one.
    const config = withSetting(readStackConfig(readProject(repo), "dev").config, "statusPage", { enabled: true });
    const resolution = validateStack({ stack: "dev", services, config });
    expect(resolution.problems.filter((p) => p.level === "error")).toEqual([]);
    model = resolution.model!;
    const service = model.services.find((s) => s.key === "uptimerobot")!;
    const vendor = fake.all("monitors").filter((m) => m.type !== "PING");
    expect(service.checks.map((c) => c.name).sort()).toEqual(vendor.map((m) => m.friendlyName).sort());
    for (const c of service.checks) {
      const v = vendor.find((m) => m.friendlyName === c.name)!;
      const ours = monitorArgs(model, { ...c, contacts: [] }, []) as Partial<MonitorInputs>;
      // The provider names monitors "<name> [<environment>]" so that stacks sharing an account never collide.
      expect(ours.name).toBe(`${v.friendlyName} [dev]`);
      // ...and adoption finds the hand-made monitor under its own name, then renames it.
      expect(ours.adopt).toBe(true);
      expect(ours.adoptName).toBe(v.friendlyName);
      const { adoptName: _a, ...rest } = ours;
      expect(comparable({ ...rest, name: String(v.friendlyName) }), c.name).toEqual(comparable(monitorKind.fromVendor(v as never)));
    }
  });

  it("keeps who is notified, the maintenance window and the status page", () => {
    const service = model.services.find((s) => s.key === "uptimerobot")!;
    const health = service.checks.find((c) => c.name === "API - Health")!;
    expect(health.contacts.sort()).toEqual(["on-call-pagerduty", "team-slack"]);
    expect(health.severity).toBe("critical"); // it pages
    expect(service.checks.find((c) => c.name === "API - Register")!).toMatchObject({ contacts: ["ops-e-mail"], severity: "warning" });
    expect(service.maintenance).toHaveLength(1);
    // Written in the account's time zone, the stack's monitoring:vendors.uptimerobot.accountTimeZone.
    expect(service.maintenance[0]).toMatchObject({ name: "Weekly deploy", repeat: "weekly", days: ["sun"], at: "02:00", duration: "30m" });
    const accountZone = JSON.parse(readStackConfig(readProject(repo), "dev").config["monitoring:vendors"]).uptimerobot?.accountTimeZone ?? "UTC";
    expect(service.maintenance[0].timeZone).toBe(accountZone);
    expect(service.maintenance[0].checks.sort()).toEqual(["api-health", "api-register"]);
    expect(service.statusPage).toMatchObject({ title: "Example Status", checks: ["api-health", "api-register"] });
  });
});

describe("generated definitions", () => {
  const account = {
    monitors: [
      { id: 1, friendlyName: "Login [dev]", type: "KEYWORD", url: "https://x.example/login", interval: 300, timeout: 10, httpMethodType: "POST", postValueData: '{"a":"1","b":"two"}', postValueType: "KEY_VALUE", keywordValue: "error", keywordType: "ALERT_EXISTS", keywordCaseType: 0, successHttpResponseCodes: ["2xx"] },
      { id: 2, friendlyName: "SMTP", type: "PORT", url: "mail.example", port: 25, interval: 300 },
    ],
    integrations: [],
    contacts: [],
    windows: [],
    psps: [],
  };
  const g = generateDefinitions(account as never, { stack: "dev", environment: "dev", serviceKey: "imported", source: "test", date: "2026-01-01" });

  it("writes names without the environment the provider adds, and keeps every assertion", () => {
    expect(g.source).toContain('name: "Login",');
    expect(g.source).toContain('raw: "a=1&b=two",');
    expect(g.source).toContain('contentType: "application/x-www-form-urlencoded",');
    expect(g.source).toMatch(/keyword: \{\n\s+text: "error",\n\s+expect: "absent",\n\s+caseSensitive: true,/);
    expect(g.source).toContain('expectStatus: ["2xx"],');
    expect(g.counts.checks).toBe(1);
    expect(g.notes).toContain('monitor "SMTP" (PORT): the definition language has HTTP, keyword and heartbeat checks only; not imported');
    // "Login [dev]" was made by this project: nothing to rename.
    expect(g.notes.join("\n")).not.toContain("rename");
  });
});
