/** `monitoring:vendors.uptimerobot`: the account's plan and time zone. */
import { z } from "zod";
import { TimeZone } from "../../model";
import type { ResolvedModel } from "../../resolve";
import { settingsOf, type SettingsOf } from "../types";

export const VENDOR = "uptimerobot";
export const UPTIMEROBOT_PLANS = ["free", "solo", "team", "enterprise"] as const;

export const UptimeRobotSettings = z.strictObject({
  plan: z.enum(UPTIMEROBOT_PLANS, { error: `expected one of ${UPTIMEROBOT_PLANS.join(", ")}` }).default("free"),
  /** Monitors the account's plan allows, when it differs from the plan's usual limit. */
  monitorLimit: z.number().int().positive().optional(),
  /** The account's time zone (UptimeRobot runs maintenance windows in it). */
  accountTimeZone: TimeZone.default("UTC"),
});
export type UptimeRobotSettings = SettingsOf<typeof UptimeRobotSettings>;
export type UptimeRobotPlan = UptimeRobotSettings["plan"];

export const uptimeRobotSettings = (model: ResolvedModel): UptimeRobotSettings => settingsOf(model, VENDOR, UptimeRobotSettings);
