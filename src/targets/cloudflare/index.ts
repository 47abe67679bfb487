/**
 * Cloudflare: every service's rate-limit rules in the zone's one `http_ratelimit` ruleset, and the
 * zone's edge settings and bot protection from the stack settings (./edge).
 */
import { defineVendor } from "../types";
import { registerEdge } from "./edge";
import { edgeProblems } from "./edge-problems";
import { registerStack } from "./mapping";
import { cloudflarePricing } from "./pricing";
import { cloudflareProblems } from "./problems";
import { CloudflareSettings, VENDOR } from "./settings";

export { ruleExpression, rulesetRule } from "./mapping";

export const cloudflare = defineVendor<typeof CloudflareSettings>({
  name: VENDOR,
  title: "Cloudflare",
  settings: CloudflareSettings,
  concerns: ["rateLimits"],
  problems: (model, settings) => [...cloudflareProblems(model, settings), ...edgeProblems(model, settings)],
  registerStack: (ctx) => {
    registerStack(ctx);
    registerEdge(ctx);
  },
  pricing: cloudflarePricing,
  // pulumi-cloudflare's Ruleset: zone_id, account_id, kind and phase force a new ruleset.
  // ZoneSetting: zone_id and setting_id (terraform-provider-cloudflare zone_setting/schema.go, RequiresReplace);
  // BotManagement: zone_id (bot_management/schema.go, RequiresReplace).
  replaceOnChange: {
    "cloudflare:index/ruleset:Ruleset": ["zoneId", "accountId", "kind", "phase"],
    "cloudflare:index/zoneSetting:ZoneSetting": ["zoneId", "settingId"],
    "cloudflare:index/botManagement:BotManagement": ["zoneId"],
  },
});
