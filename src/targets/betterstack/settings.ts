/**
 * `monitoring:vendors.betterstack`: the Better Stack plan (Telemetry), the team and data region
 * sources are created in, and what differs per stack for the log sources.
 */
import { z } from "zod";
import { MAX_LOG_RETENTION_DAYS, PRINTABLE } from "../../model";
import type { ResolvedModel } from "../../resolve";
import { settingsOf, type SettingsOf } from "../types";

export const VENDOR = "betterstack";
/** Telemetry tiers of Better Stack's pricing page (./pricing has the figures and sources). */
export const BETTERSTACK_PLANS = ["free", "nano", "enterprise"] as const;
/**
 * `data_region` values "permitted for most plans" by "Create a source"
 * (https://betterstack.com/docs/logs/api/create-a-source/): us_east, us_west, germany, singapore.
 */
export const DATA_REGIONS = ["us_east", "us_west", "germany", "singapore"] as const;
/**
 * Longest name sent to Better Stack. Its API documents no limit ("Source name"); 255 characters
 * is the usual bound of a string column in a Rails application such as Better Stack's, and the
 * fake (test/fakes/betterstack.ts) enforces the same, so a longer name is reported before it is sent.
 */
export const MAX_NAME_LENGTH = 255;

export const BetterStackSettings = z.strictObject({
  plan: z.enum(BETTERSTACK_PLANS, { error: `expected one of ${BETTERSTACK_PLANS.join(", ")}` }).default("free"),
  /** Team that owns new sources, needed with a global API token (`team_name` of "Create a source"). */
  teamName: z.string().min(1).max(MAX_NAME_LENGTH).regex(PRINTABLE, { error: "expected a team name without control characters" }).optional(),
  /** Data region new sources are created in (fixed at creation). */
  dataRegion: z.enum(DATA_REGIONS, { error: `expected one of ${DATA_REGIONS.join(", ")}` }).optional(),
  /** Days logs are kept on this stack, for every source (overrides the definitions' `retentionDays`). */
  retentionDays: z.number().int({ error: "expected a whole number of days" }).min(1).max(MAX_LOG_RETENTION_DAYS).optional(),
  /** Log volume this stack is expected to send per month, in GB: decides the tier `monitoring cost` prices. */
  monthlyGb: z.number().min(0).max(1_000_000).optional(),
});
export type BetterStackSettings = SettingsOf<typeof BetterStackSettings>;
export type BetterStackPlan = BetterStackSettings["plan"];

export const betterStackSettings = (model: ResolvedModel): BetterStackSettings => settingsOf(model, VENDOR, BetterStackSettings);
