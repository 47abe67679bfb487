/**
 * The zone's edge hardening (`monitoring:vendors.cloudflare.edge`): the exact pulumi-cloudflare
 * inputs each stack plans, the plan checks per tier (a setting the zone's plan does not have is an
 * error naming it), hostile values refused with what Cloudflare accepts, and the tier `monitoring
 * cost` prices.
 */
import { describe, expect, it } from "vitest";
import { stackCost } from "../../../src/cli/cost";
import { validateStack } from "../../../src/pipeline";
import type { RawConfig } from "../../../src/settings";
import { finsightCopy, stackConfig, withSetting } from "../../helpers";
import { provisionUnderMocks } from "../mocks";

const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const BOTS = "cloudflare:index/botManagement:BotManagement";

/** The stack's config with `monitoring:vendors.cloudflare` replaced. */
function cloudflare(stack: string, block: Record<string, unknown>): RawConfig {
  const vendors = JSON.parse(stackConfig(stack)["monitoring:vendors"]);
  return withSetting(stackConfig(stack), "vendors", { ...vendors, cloudflare: block });
}

async function edgeResources(stack: string, config: RawConfig = stackConfig(stack)) {
  const registered = await provisionUnderMocks(stack, [finsightCopy()], config);
  return registered.filter((r) => r.type === ZONE_SETTING || r.type === BOTS).map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
}

function errors(stack: string, config: RawConfig): string[] {
  return validateStack({ stack, services: [finsightCopy()], config })
    .problems.filter((p) => p.level === "error")
    .map((p) => `${p.where}: ${p.message}`);
}

const setting = (zoneId: string, suffix: string, settingId: string, value: string) => ({ type: ZONE_SETTING, name: `zone-setting-${suffix}`, inputs: { zoneId, settingId, value } });

describe("edge settings under Pulumi's mocks", () => {
  it("prod (Business): HTTPS, TLS 1.2, strict SSL, medium security level and Super Bot Fight Mode with likely automated", async () => {
    const zone = "fedcba9876543210fedcba9876543210";
    expect(await edgeResources("prod")).toEqual([
      setting(zone, "always-use-https", "always_use_https", "on"),
      setting(zone, "automatic-https-rewrites", "automatic_https_rewrites", "on"),
      setting(zone, "min-tls-version", "min_tls_version", "1.2"),
      setting(zone, "ssl", "ssl", "strict"),
      setting(zone, "security-level", "security_level", "medium"),
      {
        type: BOTS,
        name: "zone-bot-management",
        inputs: {
          zoneId: zone,
          fightMode: false,
          sbfmDefinitelyAutomated: "block",
          sbfmLikelyAutomated: "managed_challenge",
          sbfmVerifiedBots: "allow",
          sbfmStaticResourceProtection: false,
          optimizeWordpress: false,
          enableJs: true,
        },
      },
    ]);
  });

  it("dev (Pro): the same hardening, Super Bot Fight Mode without likely automated", async () => {
    const zone = "0123456789abcdef0123456789abcdef";
    const bots = (await edgeResources("dev")).find((r) => r.type === BOTS);
    expect(bots?.inputs).toEqual({
      zoneId: zone,
      fightMode: false,
      sbfmDefinitelyAutomated: "managed_challenge",
      sbfmVerifiedBots: "allow",
      sbfmStaticResourceProtection: false,
      optimizeWordpress: false,
    });
  });

  it("a Free zone gets Bot Fight Mode; what is left out of edge is not managed; YAML's 1.2 is the version 1.2", async () => {
    const config = cloudflare("dev", { plan: "free", zoneId: "0123456789abcdef0123456789abcdef", edge: { minTlsVersion: 1.2, bots: { mode: "fight-mode", javascriptDetections: true } } });
    const svc = finsightCopy();
    delete svc.rateLimits["api-burst"];
    const registered = await provisionUnderMocks("dev", [svc], config);
    expect(registered.filter((r) => r.type === ZONE_SETTING || r.type === BOTS).map((r) => [r.name, r.inputs])).toEqual([
      ["zone-setting-min-tls-version", { zoneId: "0123456789abcdef0123456789abcdef", settingId: "min_tls_version", value: "1.2" }],
      ["zone-bot-management", { zoneId: "0123456789abcdef0123456789abcdef", fightMode: true, enableJs: true }],
    ]);
  });

  it("no edge block registers no zone setting", async () => {
    expect(await edgeResources("prod", cloudflare("prod", { plan: "business", zoneId: "fedcba9876543210fedcba9876543210" }))).toEqual([]);
  });
});

describe("edge settings the zone's plan does not have", () => {
  const zoneId = "0123456789abcdef0123456789abcdef";
  const at = (path: string) => `Pulumi.dev.yaml monitoring:vendors.cloudflare.edge.${path}`;

  it("Super Bot Fight Mode on Free, and Bot Fight Mode on a paid plan, are errors naming the setting", () => {
    const sbfm = { mode: "super-bot-fight-mode", definitelyAutomated: "block" };
    expect(errors("dev", cloudflare("dev", { plan: "free", zoneId, edge: { bots: sbfm } }))).toContain(
      `${at("bots.mode")}: the Cloudflare free plan does not have Super Bot Fight Mode (expected mode: fight-mode (Bot Fight Mode), or monitoring:vendors.cloudflare.plan pro or business or enterprise)`,
    );
    expect(errors("dev", cloudflare("dev", { plan: "pro", zoneId, edge: { bots: { mode: "fight-mode" } } }))).toEqual([
      `${at("bots.mode")}: the Cloudflare pro plan does not have Bot Fight Mode (expected mode: super-bot-fight-mode, which replaces it on paid plans, or monitoring:vendors.cloudflare.plan free)`,
    ]);
  });

  it("likely automated needs Business; allow is fine on Pro", () => {
    const bots = (likelyAutomated: string) => ({ mode: "super-bot-fight-mode", likelyAutomated });
    expect(errors("dev", cloudflare("dev", { plan: "pro", zoneId, edge: { bots: bots("block") } }))).toEqual([
      `${at("bots.likelyAutomated")}: the Cloudflare pro plan does not have Super Bot Fight Mode's "likely automated" action (expected likelyAutomated: allow, or leaving it out, or monitoring:vendors.cloudflare.plan business or enterprise)`,
    ]);
    expect(errors("dev", cloudflare("dev", { plan: "pro", zoneId, edge: { bots: bots("allow") } }))).toEqual([]);
    expect(errors("dev", cloudflare("dev", { plan: "business", zoneId, edge: { bots: bots("block") } }))).toEqual([]);
  });

  it("security level off is Enterprise's", () => {
    expect(errors("dev", cloudflare("dev", { plan: "business", zoneId, edge: { securityLevel: "off" } }))).toEqual([
      `${at("securityLevel")}: the Cloudflare business plan does not have the "off" security level (expected essentially_off, or monitoring:vendors.cloudflare.plan enterprise)`,
    ]);
    expect(errors("dev", cloudflare("dev", { plan: "enterprise", zoneId, edge: { securityLevel: "off" } }))).toEqual([]);
  });

  it("edge settings without a zone id name the missing setting", () => {
    const svc = finsightCopy();
    svc.rateLimits = {};
    const problems = validateStack({ stack: "dev", services: [svc], config: cloudflare("dev", { plan: "pro", edge: { alwaysUseHttps: true } }) }).problems.map((p) => `${p.where}: ${p.message}`);
    expect(problems).toEqual(["Pulumi.dev.yaml monitoring:vendors.cloudflare.zoneId: missing (expected the id of the zone the edge settings apply to, or no monitoring:vendors.cloudflare.edge)"]);
  });

  it("values Cloudflare does not take are refused with the ones it does", () => {
    const edge = { alwaysUseHttps: "yes", minTlsVersion: "1.4", ssl: "full_strict", securityLevel: "paranoid", bots: { mode: "super-bot-fight-mode", definitelyAutomated: "shoot" }, hsts: true };
    expect(errors("dev", cloudflare("dev", { plan: "pro", zoneId, edge }))).toEqual([
      `${at("alwaysUseHttps")}: expected true or false`,
      `${at("minTlsVersion")}: expected one of 1.0, 1.1, 1.2, 1.3`,
      `${at("ssl")}: expected one of off, flexible, full, strict`,
      `${at("securityLevel")}: expected one of off, essentially_off, low, medium, high, under_attack`,
      `${at("bots.definitelyAutomated")}: expected one of allow, block, managed_challenge`,
      `${at("hsts")}: unknown field (expected one of: alwaysUseHttps, automaticHttpsRewrites, minTlsVersion, ssl, securityLevel, bots)`,
    ]);
    expect(errors("dev", cloudflare("dev", { plan: "pro", zoneId, edge: { bots: { mode: "captcha" } } }))).toEqual([
      `${at("bots.mode")}: expected bots with mode "fight-mode" (Free) or "super-bot-fight-mode" (Pro and above)`,
    ]);
  });
});

describe("monitoring cost with edge settings", () => {
  const cloudflareCost = (stack: string, config: RawConfig, edit: (svc: Record<string, any>) => void = () => undefined) => {
    const svc = finsightCopy();
    edit(svc);
    const { model } = validateStack({ stack, services: [svc], config });
    return stackCost(model!).vendors.find((v) => v.vendor === "cloudflare")!;
  };

  it("Super Bot Fight Mode alone needs Pro, its likely-automated action Business", () => {
    const oneRule = (svc: Record<string, any>) => delete svc.rateLimits["api-burst"];
    const zoneId = "0123456789abcdef0123456789abcdef";
    const sbfm = cloudflareCost("dev", cloudflare("dev", { plan: "pro", zoneId, edge: { bots: { mode: "super-bot-fight-mode" } } }), oneRule);
    expect(sbfm).toMatchObject({ needed: "pro", reasons: ["1 rate-limiting rule", "Super Bot Fight Mode (pro, business, enterprise)"] });
    const likely = cloudflareCost("dev", cloudflare("dev", { plan: "business", zoneId, edge: { bots: { mode: "super-bot-fight-mode", likelyAutomated: "managed_challenge" } } }), oneRule);
    expect(likely.needed).toBe("business");
    expect(cloudflareCost("prod", stackConfig("prod"))).toMatchObject({ needed: "business", configured: "business", usdPerMonth: 200 });
  });
});
