/**
 * What UptimeRobot accepts: plan limits, and what the mapping cannot express (contacts its API
 * cannot create, request bodies it cannot send). Checked over the resolved model before anything
 * is registered. Pure data and checks: no Pulumi, no HTTP.
 */
import { durationSeconds, shown } from "../../model";
import type { Problem, ResolvedModel } from "../../resolve";
import { bodyObject, vendorName } from "./mapping";
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
}

export const UPTIMEROBOT_PLAN_LIMITS: Record<Plan, UptimeRobotPlanLimits> = {
  free: { minIntervalSeconds: 300, monitors: 50, smsAndVoice: false, requestsPerMinute: 10 },
  solo: { minIntervalSeconds: 60, monitors: 50, smsAndVoice: true, requestsPerMinute: 100 },
  team: { minIntervalSeconds: 60, monitors: 100, smsAndVoice: true, requestsPerMinute: 200 },
  enterprise: { minIntervalSeconds: 30, monitors: 200, smsAndVoice: true, requestsPerMinute: 400 },
};

export function monitorLimit(ur: UptimeRobotSettings): number {
  return ur.monitorLimit ?? UPTIMEROBOT_PLAN_LIMITS[ur.plan].monitors;
}

function planProblems(model: ResolvedModel, ur: UptimeRobotSettings): Problem[] {
  const limits = UPTIMEROBOT_PLAN_LIMITS[ur.plan];
  const problems: Problem[] = [];
  const error = (where: string, message: string) => problems.push({ level: "error", where, message });
  let count = 0;
  let stackIntervalReported = false;
  for (const service of model.services) {
    for (const check of service.checks) {
      count++;
      const where = `${service.key}.checks.${check.key}`;
      if (check.kind === "http" && durationSeconds(check.interval) < limits.minIntervalSeconds) {
        const fromStack = check.interval === model.settings.checks.interval;
        // The stack's interval is one setting: one problem, however many checks use it.
        if (fromStack && stackIntervalReported) continue;
        stackIntervalReported ||= fromStack;
        error(
          fromStack ? `Pulumi.${model.stack}.yaml monitoring:checks.interval` : `${where}.interval`,
          `UptimeRobot ${ur.plan} checks at most every ${limits.minIntervalSeconds / 60}m, not every ${check.interval} (expected ${limits.minIntervalSeconds / 60}m or longer, or a paid monitoring:vendors.uptimerobot.plan)`,
        );
      }
      if (!limits.smsAndVoice) {
        for (const key of check.contacts) {
          const type = model.contacts[key]?.contact.type;
          if (type === "sms" || type === "voice") {
            error(`${where}`, `contact "${key}" is ${type}, which UptimeRobot ${ur.plan} cannot send (expected e-mail, Slack, webhook or PagerDuty, or a paid plan)`);
          }
        }
      }
    }
  }
  for (const service of model.services) {
    for (const window of service.maintenance) {
      if (window.timeZone !== ur.accountTimeZone) {
        error(
          `${service.key}.maintenance.${window.key}.timeZone`,
          `UptimeRobot runs maintenance windows in the account's time zone, ${ur.accountTimeZone}, not ${window.timeZone} (expected timeZone "${ur.accountTimeZone}", or monitoring:vendors.uptimerobot.accountTimeZone set to the account's zone)`,
        );
      }
    }
  }
  const allowed = monitorLimit(ur);
  if (count > allowed) {
    error(`Pulumi.${model.stack}.yaml monitoring:vendors.uptimerobot.plan`, `this stack declares ${count} uptime checks and UptimeRobot ${ur.plan} allows ${allowed} (expected at most ${allowed}, or a bigger plan or monitorLimit)`);
  }
  return problems;
}

/**
 * What UptimeRobot's API v3 accepts, with where each limit is stated: the OpenAPI description
 * (../shared/specs/uptimerobot-v3.openapi.yaml, from uptimerobot/uptimerobot-cli) and the
 * official Terraform provider (uptimerobot/terraform-provider-uptimerobot,
 * internal/provider/monitor/monitor_schema.go).
 */
export const UPTIMEROBOT_LIMITS = {
  /** CreateHttpMonitorDto.friendlyName maxLength; monitor_schema.go `name` LengthAtMost(250). */
  monitorName: 250,
  /** CreateHttpMonitorDto.url maxLength; monitor_schema.go `url` LengthAtMost(10000). */
  url: 10_000,
  /** CreateKeywordMonitorDto.keywordValue maxLength ("Surrounding whitespace is trimmed"). */
  keyword: 500,
  /** CreateMaintenanceWindowDto.name maxLength. */
  maintenanceWindowName: 255,
  /** CreatePsPDto.friendlyName maxLength. */
  statusPageName: 255,
  /** CreatePsPDto.customDomain maxLength. */
  customDomain: 255,
  /** SlackBaseIntegrationDto.friendlyName maxLength (the other integrations share it). */
  integrationName: 60,
} as const;

/** Integrations (contacts created through the API) get the stack's environment in their name. */
const INTEGRATION_TYPES: readonly string[] = ["slack", "webhook", "pagerduty"];

/** Problems the mapping would otherwise hide: contacts or bodies UptimeRobot's API cannot take, names and values over its limits. */
export function uptimeRobotMappingProblems(model: ResolvedModel): Problem[] {
  const problems: Problem[] = [];
  const error = (where: string, message: string) => problems.push({ level: "error", where, message });
  const tooLong = (where: string, what: string, value: string, max: number) => {
    if (value.length > max) error(where, `${what} ${shown(value)} is too long for UptimeRobot (expected at most ${max} characters: shorten the name, the service's name or monitoring:environment)`);
  };
  for (const service of model.services) {
    for (const check of service.checks) {
      const where = `${service.key}.checks.${check.key}`;
      for (const key of check.contacts) {
        const contact = model.contacts[key]?.contact;
        if ((contact?.type === "sms" || contact?.type === "voice") && contact.uptimerobotId === undefined) {
          problems.push({
            level: "warning",
            where,
            message: `contact "${key}" is ${contact.type} without uptimerobotId: UptimeRobot's API cannot create ${contact.type} contacts (expected monitoring:contacts.${key}.uptimerobotId, the id of the number verified in the UptimeRobot app; until then this check will not notify it)`,
          });
        }
      }
      tooLong(`${where}.name`, "the monitor name", vendorName(model, check.name), UPTIMEROBOT_LIMITS.monitorName);
      check.tags.forEach((tag, i) => {
        // monitor_schema.go `tags`: RegexMatches(`^[^A-Z]+$`), "must be lowercase (ASCII)".
        if (/[A-Z]/.test(tag)) error(`${where}.tags[${i}]`, `UptimeRobot tags are lowercase, not ${shown(tag)} (expected ${shown(tag.toLowerCase())})`);
      });
      if (check.kind === "http") httpCheckProblems(where, check, error);
    }
    for (const w of service.maintenance) {
      const at = `${service.key}.maintenance.${w.key}`;
      tooLong(`${at}.name`, "the maintenance window name", vendorName(model, w.name), UPTIMEROBOT_LIMITS.maintenanceWindowName);
      // CreateMaintenanceWindowDto.date: "YYYY-MM-DD format (years 19xx or 20xx only)".
      if (w.repeat === "once" && !/^(19|20)\d\d-/.test(w.start)) error(`${at}.start`, `UptimeRobot schedules windows in the years 1900-2099 only, not ${w.start.slice(0, 4)} (expected a start date in 19xx or 20xx)`);
    }
    if (service.statusPage) {
      tooLong(`${service.key}.statusPage.title`, "the status page title", service.statusPage.title, UPTIMEROBOT_LIMITS.statusPageName);
      const domain = service.statusPage.customDomain;
      if (domain !== undefined && domain.length > UPTIMEROBOT_LIMITS.customDomain) error(`${service.key}.statusPage.customDomain`, `is ${domain.length} characters long (expected at most ${UPTIMEROBOT_LIMITS.customDomain})`);
    }
  }
  const used = new Set(model.services.flatMap((s) => s.checks.flatMap((c) => c.contacts)));
  for (const key of used) {
    const contact = model.contacts[key]?.contact;
    if (contact && INTEGRATION_TYPES.includes(contact.type)) {
      tooLong(`Pulumi.${model.stack}.yaml monitoring:contacts.${key}`, "the UptimeRobot integration name", vendorName(model, key), UPTIMEROBOT_LIMITS.integrationName);
    }
  }
  return problems;
}

function httpCheckProblems(where: string, check: Extract<ResolvedModel["services"][number]["checks"][number], { kind: "http" }>, error: (where: string, message: string) => void): void {
  if (check.url.length > UPTIMEROBOT_LIMITS.url) error(`${where}.path`, `the check's URL is ${check.url.length} characters long (expected at most ${UPTIMEROBOT_LIMITS.url}, UptimeRobot's limit)`);
  const keyword = check.keyword?.text;
  if (keyword !== undefined && keyword.length > UPTIMEROBOT_LIMITS.keyword) error(`${where}.keyword.text`, `is ${keyword.length} characters long (expected at most ${UPTIMEROBOT_LIMITS.keyword}, UptimeRobot's limit)`);
  // UptimeRobot sends a body as JSON (RAW_JSON) or form fields (KEY_VALUE), both from one object:
  // a JSON body that is not an object (an array, a string, a number) cannot be sent at all.
  if (check.body && bodyObject(check) === undefined) {
    error(
      `${where}.body`,
      "json" in check.body
        ? `UptimeRobot sends a JSON object as a request body, not ${Array.isArray(check.body.json) ? "an array" : check.body.json === null ? "null" : `a ${typeof check.body.json}`} (expected body { json: { ... } })`
        : "UptimeRobot sends a JSON object or key/value pairs as a request body (expected body { json: {...} }, or raw JSON object or a=1&b=2 text)",
    );
  }
}

/** Plan limits plus what the mapping cannot express: one list, before anything is registered. */
export function uptimeRobotProblems(model: ResolvedModel, settings: UptimeRobotSettings): Problem[] {
  return [...planProblems(model, settings), ...uptimeRobotMappingProblems(model)];
}
