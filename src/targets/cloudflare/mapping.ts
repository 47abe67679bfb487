/**
 * Cloudflare: every rate-limit rule of every service in one Ruleset per zone, phase
 * http_ratelimit (Cloudflare allows only one such zone ruleset).
 */
import * as cloudflare from "@pulumi/cloudflare";
import type { ResolvedRateLimit } from "../../resolve";
import type { StackContext } from "../types";
import { ruleExpression } from "./expression";

export { ruleExpression } from "./expression";
import type { CloudflareSettings } from "./settings";

export function rulesetRule(serviceKey: string, rule: ResolvedRateLimit): cloudflare.types.input.RulesetRule {
  const challenge = rule.action === "managed_challenge" || rule.action === "js_challenge" || rule.action === "challenge";
  return {
    ref: `${serviceKey}-${rule.key}`,
    description: rule.description ?? `${serviceKey}: ${rule.key}`,
    expression: ruleExpression(rule),
    action: rule.action,
    enabled: rule.enabled,
    ratelimit: {
      characteristics: ["cf.colo.id", "ip.src"],
      period: rule.periodSeconds,
      requestsPerPeriod: rule.requests,
      // Challenges have no duration: the visitor is challenged for as long as the rate is exceeded.
      ...(challenge ? {} : { mitigationTimeout: rule.mitigationTimeoutSeconds }),
    },
  };
}

/** One `http_ratelimit` ruleset for the zone, holding every service's rules in definition order. */
export function registerStack({ model, settings, parent }: StackContext<CloudflareSettings>): void {
  const zoneId = settings.zoneId;
  const rules = model.services.flatMap((s) => s.rateLimits.map((r) => rulesetRule(s.key, r)));
  if (rules.length === 0 || !zoneId) return;
  new cloudflare.Ruleset(
    "zone-rate-limits",
    {
      zoneId,
      kind: "zone",
      phase: "http_ratelimit",
      name: `Rate limits (${model.environment})`,
      description: "Managed by monitoring as code: every service's rate-limit rules for this zone.",
      rules,
    },
    { parent: parent() },
  );
}
