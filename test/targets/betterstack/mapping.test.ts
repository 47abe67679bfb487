/**
 * The Better Stack module as a stack sees it: the FinSight log source registered under Pulumi's
 * mocks with its exact inputs on both stacks, the plan limits and hostile values reported before
 * anything is registered, and the tier `monitoring cost` prices.
 */
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { describe, expect, it, vi } from "vitest";
import { stackCost } from "../../../src/cli/cost";
import { validateStack } from "../../../src/pipeline";
import type { RawConfig } from "../../../src/settings";
import { finsightCopy, stackConfig, withSetting } from "../../helpers";
import { provisionUnderMocks } from "../mocks";

const TYPE = "pulumi-nodejs:dynamic/betterstack:Source";

async function sources(stack: string, edit: (svc: Record<string, any>) => void = () => undefined, config: RawConfig = stackConfig(stack)) {
  const svc = finsightCopy();
  edit(svc);
  const registered = await provisionUnderMocks(stack, [svc], config);
  return registered.filter((r) => r.type === TYPE).map(({ name, inputs }) => {
    const { __provider, ...rest } = inputs;
    expect(typeof __provider).toBe("string");
    return { name, inputs: rest };
  });
}

/** The stack's `monitoring:vendors` with the Better Stack block replaced. */
function betterstack(stack: string, block: Record<string, unknown>): RawConfig {
  const vendors = JSON.parse(stackConfig(stack)["monitoring:vendors"]);
  return withSetting(stackConfig(stack), "vendors", { ...vendors, betterstack: block });
}

function problems(stack: string, edit: (svc: Record<string, any>) => void = () => undefined, config: RawConfig = stackConfig(stack)): string[] {
  const svc = finsightCopy();
  edit(svc);
  return validateStack({ stack, services: [svc], config })
    .problems.filter((p) => p.level === "error")
    .map((p) => `${p.where}: ${p.message}`);
}

describe("Better Stack log sources under Pulumi's mocks", () => {
  it("prod: FinSight's API source, named with the environment, platform python, kept 30 days", async () => {
    expect(await sources("prod")).toEqual([{ name: "finsight-api-logs-api", inputs: { name: "FinSight API [production]", platform: "python", retentionDays: 30, ingestingPaused: false, adopt: false } }]);
  });

  it("the engine is told to keep the ingest token secret in state (additionalSecretOutputs)", async () => {
    const spy = vi.spyOn(MockMonitor.prototype, "registerResource");
    try {
      await sources("prod");
      const req = spy.mock.calls.map(([r]) => r as { getType(): string; getAdditionalsecretoutputsList(): string[] }).find((r) => r.getType() === TYPE);
      expect(req?.getAdditionalsecretoutputsList()).toEqual(["token"]);
    } finally {
      spy.mockRestore();
    }
  });

  it("dev: the stack's 3-day retention of the free plan overrides the definition's 30", async () => {
    expect(await sources("dev")).toEqual([{ name: "finsight-api-logs-api", inputs: { name: "FinSight API [dev]", platform: "python", retentionDays: 3, ingestingPaused: false, adopt: false } }]);
  });

  it("adopt looks for the hand-made source under its plain name too; team and region come from the stack", async () => {
    const config = betterstack("prod", { plan: "nano", teamName: "FinSight", dataRegion: "germany" });
    const [s] = await sources("prod", (svc) => (svc.logs.api.adopt = true), config);
    expect(s.inputs).toEqual({ name: "FinSight API [production]", platform: "python", retentionDays: 30, ingestingPaused: false, adopt: true, adoptName: "FinSight API", teamName: "FinSight", dataRegion: "germany" });
  });

  it("a second source gets its own key-derived name and default display name; adding it renames nothing", async () => {
    const list = await sources("prod", (svc) => (svc.logs = { worker: { platform: "docker" }, ...svc.logs }));
    expect(list.map((s) => [s.name, s.inputs.name, s.inputs.platform])).toEqual([
      ["finsight-api-logs-worker", "FinSight API - Worker [production]", "docker"],
      ["finsight-api-logs-api", "FinSight API [production]", "python"],
    ]);
  });

  it("with Better Stack disabled on a stack nothing is registered and nothing is checked", async () => {
    const config = betterstack("dev", { enabled: false });
    expect(await sources("dev", () => undefined, config)).toEqual([]);
    expect(problems("dev", (svc) => (svc.logs.api.retentionDays = 365), config)).toEqual([]);
  });
});

describe("Better Stack problems, before anything is registered", () => {
  it("the free plan keeps logs 3 days: another retention is an error where it was set", () => {
    const noOverride = betterstack("dev", { plan: "free" });
    expect(problems("dev", () => undefined, noOverride)).toEqual([
      "finsight-api.logs.api.retentionDays: the Better Stack free plan keeps logs 3 days and does not support custom retention (expected 3, monitoring:vendors.betterstack.retentionDays: 3 on this stack, or a higher monitoring:vendors.betterstack.plan)",
    ]);
    expect(problems("dev", () => undefined, betterstack("dev", { plan: "free", retentionDays: 7 }))).toEqual([
      "Pulumi.dev.yaml monitoring:vendors.betterstack.retentionDays: the Better Stack free plan keeps logs 3 days and does not support custom retention (expected 3, monitoring:vendors.betterstack.retentionDays: 3 on this stack, or a higher monitoring:vendors.betterstack.plan)",
    ]);
    expect(problems("dev", () => undefined, betterstack("dev", { plan: "nano" }))).toEqual([]);
  });

  it("more logs than the free plan includes is an error naming the setting", () => {
    expect(problems("dev", () => undefined, betterstack("dev", { plan: "free", retentionDays: 3, monthlyGb: 10 }))).toEqual([
      "Pulumi.dev.yaml monitoring:vendors.betterstack.monthlyGb: the Better Stack free plan includes 3 GB of logs a month and this stack expects 10 GB (expected at most 3, or a higher monitoring:vendors.betterstack.plan)",
    ]);
  });

  it("hostile names and values are refused with their place and what Better Stack accepts", () => {
    const config = withSetting(stackConfig("prod"), "environment", "e".repeat(60));
    // The long environment also overflows UptimeRobot's integration names (its own problems): only Better Stack's are asked here.
    expect(problems("prod", (svc) => (svc.logs.api.name = "N".repeat(200)), config).filter((l) => !l.includes("UptimeRobot"))).toEqual([
      `finsight-api.logs.api.name: the Better Stack name "${"N".repeat(40)}…" is 263 characters long with the environment (expected at most 255)`,
    ]);
    expect(
      problems("prod", (svc) => {
        svc.logs.api = { name: "bell\u0007", platform: "cobol", retentionDays: 0, colour: "red" };
        svc.logs["api-copy"] = { name: " padded" };
      }),
    ).toEqual([
      "finsight-api.logs.api.name: expected a name without control characters",
      expect.stringMatching(/^finsight-api\.logs\.api\.platform: expected a Better Stack platform such as python/),
      "finsight-api.logs.api.retentionDays: expected at least 1 day",
      "finsight-api.logs.api.colour: unknown field (expected one of: name, platform, retentionDays, ingestingPaused, adopt)",
      "finsight-api.logs.api-copy.name: expected a name without leading or trailing spaces",
    ]);
    expect(problems("prod", (svc) => (svc.logs.api.retentionDays = 3653))).toEqual(["finsight-api.logs.api.retentionDays: expected at most 3652 days (10 years)"]);
  });

  it("two sources with one name in Better Stack are an error (a source is found by its name)", () => {
    expect(problems("prod", (svc) => (svc.logs.copy = { name: "FinSight API" }))).toEqual([
      'finsight-api.logs.copy.name: the Better Stack name "FinSight API [production]" is also the name of finsight-api.logs.api (expected one name per source: a source is found by its name)',
    ]);
  });

  it("stack settings out of Better Stack's range are settings errors", () => {
    expect(problems("prod", () => undefined, betterstack("prod", { plan: "pro", dataRegion: "mars", teamName: "" }))).toEqual([
      "Pulumi.prod.yaml monitoring:vendors.betterstack.plan: expected one of free, nano, enterprise",
      "Pulumi.prod.yaml monitoring:vendors.betterstack.teamName: too small: expected string to have >=1 characters",
      "Pulumi.prod.yaml monitoring:vendors.betterstack.dataRegion: expected one of us_east, us_west, germany, singapore",
    ]);
  });
});

describe("monitoring cost for Better Stack", () => {
  const cost = (stack: string, edit: (svc: Record<string, any>) => void = () => undefined, config = stackConfig(stack)) => {
    const svc = finsightCopy();
    edit(svc);
    const { model } = validateStack({ stack, services: [svc], config });
    return stackCost(model!).vendors.find((v) => v.vendor === "betterstack")!;
  };

  it("dev fits the free plan; prod's 30-day retention and 5 GB need Nano at $25 (yearly billing)", () => {
    expect(cost("dev")).toMatchObject({ needed: "free", configured: "free", billed: "free", usdPerMonth: 0, reasons: ["1 log source", "1 GB of logs a month"] });
    expect(cost("prod")).toMatchObject({
      needed: "nano",
      configured: "nano",
      usdPerMonth: 25,
      reasons: ["1 log source", "logs kept 30 days (free keeps 3)", "5 GB of logs a month (free includes 3)"],
    });
  });

  it("retention past Nano's 30 days is called out as billed on top; no source needs nothing", () => {
    expect(cost("prod", (svc) => (svc.logs.api.retentionDays = 90)).reasons).toContain("retention beyond 30 days is billed per GB-month on top");
    expect(cost("prod", (svc) => (svc.logs = {}))).toMatchObject({ needed: "free", reasons: ["0 log sources"], note: "configured nano ($25) is more than needed: free would do ($0)" });
  });
});
