/** Cloudflare: every service's rate-limit rules in the zone's one `http_ratelimit` ruleset. */
import { defineVendor } from "../types";
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
  problems: cloudflareProblems,
  registerStack,
  pricing: cloudflarePricing,
  // pulumi-cloudflare's Ruleset: zone_id, account_id, kind and phase force a new ruleset.
  replaceOnChange: { "cloudflare:index/ruleset:Ruleset": ["zoneId", "accountId", "kind", "phase"] },
});
