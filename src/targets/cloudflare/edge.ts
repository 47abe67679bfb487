/**
 * Edge hardening of the zone (the seed guide's "Enable: Auto HTTPS ... Bot protection" beside rate
 * limiting): `monitoring:vendors.cloudflare.edge`, one setting of the zone per key, each a
 * `cloudflare.ZoneSetting` (or the zone's `cloudflare.BotManagement`) under the stack's shared
 * component. A key left out is left as it is in Cloudflare; removing one stops managing it and
 * keeps its value (a zone setting cannot be deleted: the provider's Delete changes nothing in the
 * API, terraform-provider-cloudflare internal/services/zone_setting/resource.go).
 *
 * Stack settings rather than definitions: a zone has one value of each setting for every service
 * behind it (two service definitions could only contradict each other), the zone and its plan are
 * already stack settings (`zoneId`, `plan`), and what a stack may enable depends on that plan.
 *
 * Setting ids and values, as Cloudflare's API takes them (`PATCH /zones/{zone_id}/settings/{id}`;
 * the pulumi-cloudflare 6.x `ZoneSetting` documentation lists the ids and values, its examples use
 * these snake_case ids; terraform-provider-cloudflare internal/services/zone_setting/schema.go):
 *
 * | key | setting id | values | plans |
 * | --- | --- | --- | --- |
 * | `alwaysUseHttps` | `always_use_https` | on, off | all |
 * | `automaticHttpsRewrites` | `automatic_https_rewrites` | on, off | all |
 * | `minTlsVersion` | `min_tls_version` | 1.0, 1.1, 1.2, 1.3 | all (developers.cloudflare.com/ssl/edge-certificates/additional-options/minimum-tls/, Availability: Free, Pro, Business, Enterprise) |
 * | `ssl` | `ssl` | off, flexible, full, strict | all (Strict (SSL-Only Origin Pull) is Enterprise's and not offered here) |
 * | `securityLevel` | `security_level` | off, essentially_off, low, medium, high, under_attack | all; `off` Enterprise only (developers.cloudflare.com/waf/tools/security-level/: "Off (Enterprise customers only)") |
 *
 * Bots (`PUT /zones/{zone_id}/bot_management`, pulumi-cloudflare `BotManagement`, the official
 * `cloudflare` SDK's `BotManagementUpdateParams`): Bot Fight Mode (`fight_mode`) on Free; Super Bot
 * Fight Mode (`sbfm_*`, `optimize_wordpress`) on Pro, Business and Enterprise without Bot
 * Management, with "likely automated" from Business (developers.cloudflare.com/bots/plans/: Pro
 * "Definitely automated bots", Business "Definitely and Likely automated bots"; the SDK's clean-up
 * bodies per plan: "SBFM Pro plan: sbfm_likely_automated: allow, fight_mode: false"). JavaScript
 * detections (`enable_js`) are in every plan's configuration.
 */
import * as cloudflare from "@pulumi/cloudflare";
import { z } from "zod";
import type { StackContext } from "../types";
import type { CloudflareSettings } from "./settings";

export const MIN_TLS_VERSIONS = ["1.0", "1.1", "1.2", "1.3"] as const;
export const SSL_MODES = ["off", "flexible", "full", "strict"] as const;
export const SECURITY_LEVELS = ["off", "essentially_off", "low", "medium", "high", "under_attack"] as const;
export const SBFM_ACTIONS = ["allow", "block", "managed_challenge"] as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `expected one of ${values.join(", ")}` });

/** YAML reads `minTlsVersion: 1.2` as a number: take 1.2 (and 1.0, read as 1) as the version meant. */
const TlsVersion = z.preprocess((v) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(1) : v), oneOf(MIN_TLS_VERSIONS));

const Bots = z.discriminatedUnion(
  "mode",
  [
    z.strictObject({
      /** Cloudflare Free's Bot Fight Mode: challenges requests matching known bot patterns. */
      mode: z.literal("fight-mode"),
      javascriptDetections: z.boolean().optional(),
    }),
    z.strictObject({
      /** Super Bot Fight Mode (Pro and above). */
      mode: z.literal("super-bot-fight-mode"),
      definitelyAutomated: oneOf(SBFM_ACTIONS).default("managed_challenge"),
      /** Business and Enterprise only (other than allow). */
      likelyAutomated: oneOf(SBFM_ACTIONS).optional(),
      verifiedBots: oneOf(["allow", "block"] as const).default("allow"),
      staticResourceProtection: z.boolean().default(false),
      optimizeWordpress: z.boolean().default(false),
      javascriptDetections: z.boolean().optional(),
    }),
  ],
  { error: 'expected bots with mode "fight-mode" (Free) or "super-bot-fight-mode" (Pro and above)' },
);

export const EdgeSettings = z.strictObject({
  /** Redirect every http:// request to https:// (301). */
  alwaysUseHttps: z.boolean({ error: "expected true or false" }).optional(),
  /** Rewrite http:// links to resources that are also on https://. */
  automaticHttpsRewrites: z.boolean({ error: "expected true or false" }).optional(),
  minTlsVersion: TlsVersion.optional(),
  /** Encryption mode towards the origin; `strict` validates the origin's certificate. */
  ssl: oneOf(SSL_MODES).optional(),
  securityLevel: oneOf(SECURITY_LEVELS).optional(),
  bots: Bots.optional(),
});
export type EdgeSettings = z.output<typeof EdgeSettings>;
export type BotSettings = NonNullable<EdgeSettings["bots"]>;

const onOff = (b: boolean) => (b ? "on" : "off");

/** The zone settings an edge block sets, as `[logical name suffix, setting id, value]`, in a stable order. */
export function zoneSettingValues(edge: EdgeSettings): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  if (edge.alwaysUseHttps !== undefined) out.push(["always-use-https", "always_use_https", onOff(edge.alwaysUseHttps)]);
  if (edge.automaticHttpsRewrites !== undefined) out.push(["automatic-https-rewrites", "automatic_https_rewrites", onOff(edge.automaticHttpsRewrites)]);
  if (edge.minTlsVersion !== undefined) out.push(["min-tls-version", "min_tls_version", edge.minTlsVersion]);
  if (edge.ssl !== undefined) out.push(["ssl", "ssl", edge.ssl]);
  if (edge.securityLevel !== undefined) out.push(["security-level", "security_level", edge.securityLevel]);
  return out;
}

/** The `BotManagement` inputs (without the zone) of a bots block. */
export function botManagementArgs(bots: BotSettings): Omit<cloudflare.BotManagementArgs, "zoneId"> {
  const js = bots.javascriptDetections !== undefined ? { enableJs: bots.javascriptDetections } : {};
  if (bots.mode === "fight-mode") return { fightMode: true, ...js };
  return {
    // Super Bot Fight Mode replaces Bot Fight Mode: the SDK's clean-up bodies for Pro and Business turn it off.
    fightMode: false,
    sbfmDefinitelyAutomated: bots.definitelyAutomated,
    ...(bots.likelyAutomated !== undefined ? { sbfmLikelyAutomated: bots.likelyAutomated } : {}),
    sbfmVerifiedBots: bots.verifiedBots,
    sbfmStaticResourceProtection: bots.staticResourceProtection,
    optimizeWordpress: bots.optimizeWordpress,
    ...js,
  };
}

/** The zone's edge settings and bot protection, under the stack's shared component. */
export function registerEdge({ settings, parent }: StackContext<CloudflareSettings>): void {
  const edge = settings.edge;
  const zoneId = settings.zoneId;
  if (!edge || !zoneId) return;
  for (const [suffix, settingId, value] of zoneSettingValues(edge)) {
    new cloudflare.ZoneSetting(`zone-setting-${suffix}`, { zoneId, settingId, value }, { parent: parent() });
  }
  if (edge.bots) new cloudflare.BotManagement("zone-bot-management", { zoneId, ...botManagementArgs(edge.bots) }, { parent: parent() });
}
