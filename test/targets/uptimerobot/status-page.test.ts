/**
 * The stack's own status page (`monitoring:statusPage` in Pulumi.<stack>.yaml): checks of several
 * services as "service/check", validated against the stack's services, registered once under the
 * shared component, taking over the page of the service it replaces; a service's own page stays
 * valid beside it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { load, validateStack } from "../../../src/pipeline";
import type { Problem, ResolvedModel } from "../../../src/resolve";
import { uptimeRobot } from "../../../src/targets/uptimerobot";
import { stackPageAliases } from "../../../src/targets/uptimerobot/mapping";
import { cli, editFile, finsightCopy, scratchProject, stackConfig, withSetting } from "../../helpers";

const billing = () => ({
  key: "billing",
  name: "Billing",
  baseUrl: "https://billing.finsight.example",
  checks: { health: { kind: "http", path: "/health", runbook: "https://runbooks.example/billing" } },
});
const page = (extra: Record<string, unknown> = {}) => ({ enabled: true, title: "FinSight Status", checks: ["finsight-api/health", "billing/health"], ...extra });
const config = (value: unknown) => withSetting(stackConfig("prod"), "statusPage", value);
const lines = (ps: Problem[]) => ps.filter((p) => p.level === "error").map((p) => `${p.where}: ${p.message}`);

describe("the stack's status page: what validate says", () => {
  it("lists checks of several services, with the stack's custom domain", () => {
    const { model, problems } = validateStack({ stack: "prod", services: [finsightCopy(), billing()], config: config(page({ customDomain: "status.finsight.example" })) });
    expect(lines(problems)).toEqual([]);
    expect(model!.statusPage).toEqual({
      title: "FinSight Status",
      checks: [
        { service: "finsight-api", check: "health" },
        { service: "billing", check: "health" },
      ],
      customDomain: "status.finsight.example",
    });
  });

  it("each reference must name a service and one of its checks, as service/check", () => {
    const bad = config(page({ checks: ["finsight-api/helth", "payments/health", "health"] }));
    expect(lines(validateStack({ stack: "prod", services: [finsightCopy(), billing()], config: bad }).problems)).toEqual([
      'Pulumi.prod.yaml monitoring:statusPage.checks[2]: "health" is not a check (expected "service/check", like "finsight-api/health")',
    ]);
    const unknown = config(page({ checks: ["finsight-api/helth", "payments/health"] }));
    expect(lines(validateStack({ stack: "prod", services: [finsightCopy(), billing()], config: unknown }).problems)).toEqual([
      'Pulumi.prod.yaml monitoring:statusPage.checks[0]: finsight-api has no check with the key "helth" (expected one of: health, register, daily-report)',
      'Pulumi.prod.yaml monitoring:statusPage.checks[1]: no service has the key "payments" (expected one of: finsight-api, billing)',
    ]);
  });

  it("a page that lists checks needs a title", () => {
    const { title: _t, ...untitled } = page();
    expect(lines(validateStack({ stack: "prod", services: [finsightCopy(), billing()], config: config(untitled) }).problems)).toEqual([
      "Pulumi.prod.yaml monitoring:statusPage.title: missing (expected the title of the stack's status page, which lists checks)",
    ]);
  });

  it("a service's own page stays valid beside it, keeping its domain; two pages cannot share one", () => {
    const withOwn = { ...billing(), statusPage: { title: "Billing Status", checks: ["health"], customDomain: "billing-status.finsight.example" } };
    const ok = validateStack({ stack: "prod", services: [finsightCopy(), withOwn], config: config(page({ customDomain: "status.finsight.example" })) });
    expect(lines(ok.problems)).toEqual([]);
    expect(ok.model!.services[1].statusPage?.customDomain).toBe("billing-status.finsight.example");
    const clash = { ...withOwn, statusPage: { ...withOwn.statusPage, customDomain: "status.finsight.example" } };
    expect(lines(validateStack({ stack: "prod", services: [finsightCopy(), clash], config: config(page({ customDomain: "status.finsight.example" })) }).problems)).toEqual([
      "Pulumi.prod.yaml monitoring:statusPage.customDomain: status.finsight.example is also the custom domain of the status page at billing.statusPage.customDomain (expected a domain of its own for each page)",
    ]);
  });

  it("a stack that publishes no page has none, and dev publishes none", () => {
    expect(validateStack({ stack: "prod", services: [finsightCopy(), billing()], config: config(page({ enabled: false })) }).model!.statusPage).toBeUndefined();
    expect(validateStack({ stack: "dev", services: [finsightCopy()], config: stackConfig("dev") }).model!.statusPage).toBeUndefined();
  });
});

describe("the stack's status page: what is registered (prod, under Pulumi's mocks)", () => {
  const registered: Array<{ type: string; name: string; inputs: Record<string, any> }> = [];
  const outputs = new Map<string, unknown>();
  let model: ResolvedModel;
  const components = new Map<string, pulumi.ComponentResource>();

  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: { ...args.inputs, publicUrl: args.type.endsWith(":StatusPage") ? "https://status.finsight.example" : undefined } };
        },
        call: () => ({}),
      },
      "finsight-monitoring",
      "prod",
    );
    model = load({ stack: "prod", services: [finsightCopy(), billing()], config: config(page({ customDomain: "status.finsight.example" })) });
    let shared: pulumi.ComponentResource | undefined;
    const settings = model.settings.vendors.uptimerobot as never;
    const handed = uptimeRobot.registerStack!({
      model,
      settings,
      parent: () => (shared ??= new pulumi.ComponentResource("monitoring:index:Shared", "shared", {}, {})),
      output: (name, key, value) => outputs.set(`${name}.${key}`, value),
    });
    for (const service of model.services) {
      const parent = new pulumi.ComponentResource("monitoring:index:Service", service.key, {}, {});
      components.set(service.key, parent);
      uptimeRobot.registerService!({ model, settings, service, parent, output: () => undefined }, handed);
    }
    await (runtimeSettings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  });

  it("one page, named from the stack, showing the listed monitors of both services", async () => {
    const pages = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/uptimerobot:StatusPage");
    expect(pages.map((p) => p.name)).toEqual(["status-page"]);
    const { __provider: _p, ...inputs } = pages[0].inputs;
    expect(inputs).toEqual({ name: "FinSight Status", customDomain: "status.finsight.example", monitorIds: ["finsight-api-uptime-health-id", "billing-uptime-health-id"] });
    const url = await new Promise((resolve) => pulumi.output(outputs.get("stackStatusPage.url") as pulumi.Output<string>).apply(resolve));
    expect(url).toBe("https://status.finsight.example");
  });

  it("takes over the page of the first listed service that no longer has its own (moved, not recreated)", () => {
    expect(stackPageAliases(model, { components })).toEqual([{ name: "finsight-api-status-page", parent: components.get("finsight-api") }]);
    // A service that keeps its own page is never aliased: both pages exist.
    const withOwn = { ...model, services: model.services.map((s) => (s.key === "finsight-api" ? { ...s, statusPage: { title: "API", checks: ["health"] } } : s)) };
    expect(stackPageAliases(withOwn, { components })).toEqual([{ name: "billing-status-page", parent: components.get("billing") }]);
  });
});

describe("the stack's status page in `monitoring plan` (a second service beside FinSight)", () => {
  const BILLING = [
    'import { defineService } from "../src/model";',
    "",
    "export default defineService({",
    '  key: "billing",',
    '  name: "Billing",',
    '  baseUrl: "https://billing.finsight.example",',
    '  checks: { health: { kind: "http", path: "/health", runbook: "https://runbooks.example/billing" } },',
    "});",
    "",
  ].join("\n");
  type Planned = { type: string; name: string; parent: string; inputs: Record<string, unknown>; secretInputs: string[] };
  const pagesIn = (stdout: string) => (JSON.parse(stdout) as { resources: Planned[] }).resources.filter((r) => r.type === "pulumi-nodejs:dynamic/uptimerobot:StatusPage");
  let dir: string;

  beforeAll(() => {
    dir = scratchProject();
    fs.writeFileSync(path.join(dir, "monitors/billing.ts"), BILLING);
    editFile(dir, "Pulumi.prod.yaml", (t) => t.replace("      - finsight-api/register\n", "      - finsight-api/register\n      - billing/health\n"));
  });

  it("prod: one page under the shared component, with exactly the listed monitors of both services, in the listed order", () => {
    const r = cli(["plan", "--stack", "prod", "--format", "json"], dir);
    expect(r.code, r.stderr).toBe(0);
    const pages = pagesIn(r.stdout);
    expect(pages).toEqual([
      {
        urn: "urn:pulumi:prod::finsight-monitoring::monitoring:index:Shared$pulumi-nodejs:dynamic/uptimerobot:StatusPage::status-page",
        type: "pulumi-nodejs:dynamic/uptimerobot:StatusPage",
        name: "status-page",
        parent: "urn:pulumi:prod::finsight-monitoring::pulumi:pulumi:Stack$monitoring:index:Shared::shared",
        custom: true,
        inputs: { name: "FinSight Status", customDomain: "status.finsight.example", monitorIds: ["finsight-api-uptime-health-id", "finsight-api-uptime-register-id", "billing-uptime-health-id"] },
        secretInputs: [],
      },
    ]);
  });

  it("dev publishes no page: nothing registered and nothing said, even with the page written but disabled", () => {
    const shipped = cli(["plan", "--stack", "dev", "--format", "json"], dir);
    expect(shipped.code, shipped.stderr).toBe(0);
    expect(pagesIn(shipped.stdout)).toEqual([]);
    expect(shipped.stderr).not.toMatch(/statusPage/);
    editFile(dir, "Pulumi.dev.yaml", (t) =>
      t.replace("  monitoring:statusPage:\n    enabled: false\n", "  monitoring:statusPage:\n    enabled: false\n    title: FinSight Status (dev)\n    checks: [finsight-api/health, billing/health]\n"),
    );
    const disabled = cli(["plan", "--stack", "dev", "--format", "json"], dir);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(pagesIn(disabled.stdout)).toEqual([]);
  });

  it("a disabled page's references are still checked, so a typo shows before the page is turned on", () => {
    editFile(dir, "Pulumi.dev.yaml", (t) => t.replace("checks: [finsight-api/health, billing/health]", "checks: [finsight-api/health, billing/helth, payments/health]"));
    const r = cli(["plan", "--stack", "dev", "--format", "json"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('dev Pulumi.dev.yaml monitoring:statusPage.checks[1]: billing has no check with the key "helth" (expected one of: health)');
    expect(r.stderr).toContain('dev Pulumi.dev.yaml monitoring:statusPage.checks[2]: no service has the key "payments" (expected one of: billing-worker, billing, finsight-api)');
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
});
