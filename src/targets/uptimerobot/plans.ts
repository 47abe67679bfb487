/**
 * What each UptimeRobot plan allows, as dated data with its sources. `validate` enforces it
 * (./problems), the mapping follows it (./mapping: alert delays), `monitoring cost` picks the
 * cheapest plan that covers a stack (./pricing). Pure data: no Pulumi, no HTTP.
 *
 * Sources (checked 2026-09-18 at the latest; UptimeRobot's pricing page itself could not be
 * fetched from this project's machines, so each fact names where it was read):
 * - interval, monitors, SMS: ../shared/seed/monitoring-setup-guide.md section 13, and a dated note
 *   of uptimerobot.com/pricing ("Free: 50 monitors @5 min, ... no SMS; Solo ... 60 s interval",
 *   verified 2026-09);
 * - heartbeats: UptimeRobot's blog, "New Feature: Heartbeat Monitoring (Pro Plan)", and its July 2021
 *   update ("Heartbeat (cron) monitoring is a PRO feature");
 * - alert delays: the v3 description (AlertContactSettings: "Threshold and recurrence are only
 *   available in the paid plans, they are always 0 in the Free Plan") and UptimeRobot's Terraform
 *   provider (internal/provider/monitor/monitor_schema.go: "Free plan have to use 0 for threshold and
 *   recurrence");
 * - custom domain on a status page: a dated note of uptimerobot.com/pricing ("UptimeRobot's Free plan
 *   does not allow a custom domain on status pages (Solo plan ... is the minimum)", 2026-09-18);
 * - requests per minute: uptimerobot.com/api/v3 ("FREE plan: 10 req/min; PRO plan: monitor limit * 2
 *   req/min (with maximum value 5000 req/min)");
 * - team and enterprise monitor counts and 30-second checks: from memory of the pricing page,
 *   unverified.
 */
import type { UptimeRobotPlan as Plan, UptimeRobotSettings } from "./settings";

export interface UptimeRobotPlanLimits {
  /** Shortest check interval, seconds. */
  minIntervalSeconds: number;
  /** Monitors the plan includes (an account may have bought more: vendors.uptimerobot.monitorLimit). */
  monitors: number;
  /** SMS and voice-call alerts need a paid plan. */
  smsAndVoice: boolean;
  /** API requests per minute: 10 on Free; 2 × the monitor limit on paid plans, at most 5000. */
  requestsPerMinute: number;
  /** Heartbeat (cron job) monitors. */
  heartbeats: boolean;
  /** A contact's threshold ("alert after") and recurrence ("repeat every"); Free stores 0 for both. */
  alertDelays: boolean;
  /** A custom domain on the public status page. */
  statusPageCustomDomain: boolean;
}

const PAID = { smsAndVoice: true, heartbeats: true, alertDelays: true, statusPageCustomDomain: true } as const;

export const UPTIMEROBOT_PLAN_LIMITS: Record<Plan, UptimeRobotPlanLimits> = {
  free: { minIntervalSeconds: 300, monitors: 50, smsAndVoice: false, requestsPerMinute: 10, heartbeats: false, alertDelays: false, statusPageCustomDomain: false },
  solo: { minIntervalSeconds: 60, monitors: 50, requestsPerMinute: 100, ...PAID },
  team: { minIntervalSeconds: 60, monitors: 100, requestsPerMinute: 200, ...PAID },
  enterprise: { minIntervalSeconds: 30, monitors: 200, requestsPerMinute: 400, ...PAID },
};

export function monitorLimit(ur: UptimeRobotSettings): number {
  return ur.monitorLimit ?? UPTIMEROBOT_PLAN_LIMITS[ur.plan].monitors;
}
