/**
 * What UptimeRobot accepts: plan limits, and what the mapping cannot express (contacts its API
 * cannot create, request bodies it cannot send). Checked over the resolved model before anything
 * is registered. Pure data and checks: no Pulumi, no HTTP.
 */
import { durationSeconds, shown } from "../../model";
import type { Problem, ResolvedModel } from "../../resolve";
import { sharedIdentities, type Claim } from "../collisions";
import { HEAD_KEYWORD } from "./kinds/monitor";
import { bodyObject, checkContactKeys, expiryReminders, vendorName } from "./mapping";
import { UPTIMEROBOT_PLAN_LIMITS, monitorLimit } from "./plans";
import type { UptimeRobotSettings } from "./settings";

export { UPTIMEROBOT_PLAN_LIMITS, monitorLimit, type UptimeRobotPlanLimits } from "./plans";

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
  for (const key of checkContactKeys(model)) {
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

/**
 * What the plan cannot do at all (heartbeat monitors, a status page's custom domain: errors) or
 * does differently (alert delays: Free notifies at the first failed check, and the mapping sends
 * what UptimeRobot will hold, 0; a warning says so). Sources: ./plans.
 */
function planFeatureProblems(model: ResolvedModel, ur: UptimeRobotSettings): Problem[] {
  const limits = UPTIMEROBOT_PLAN_LIMITS[ur.plan];
  const problems: Problem[] = [];
  const paid = `a paid monitoring:vendors.uptimerobot.plan such as solo`;
  for (const service of model.services) {
    for (const check of service.checks) {
      const where = `${service.key}.checks.${check.key}`;
      if (check.kind === "heartbeat" && !limits.heartbeats) {
        problems.push({ level: "error", where, message: `is a heartbeat check, and UptimeRobot ${ur.plan} has no heartbeat monitors (expected ${paid})` });
      }
      if (check.kind !== "http" || limits.alertDelays) continue;
      if (check.alertAfter) {
        problems.push({ level: "warning", where: `${where}.alertAfter`, message: `UptimeRobot ${ur.plan} notifies at the first failed check and cannot wait ${check.alertAfter}: on this stack the monitor alerts at once (expected ${paid} to wait)` });
      }
      if (check.repeatEvery) {
        problems.push({ level: "warning", where: `${where}.repeatEvery`, message: `UptimeRobot ${ur.plan} cannot repeat an alert every ${check.repeatEvery}: on this stack it alerts once (expected ${paid} to repeat)` });
      }
    }
  }
  if (!limits.statusPageCustomDomain) {
    for (const page of statusPageDomains(model)) {
      problems.push({ level: "error", where: page.where, message: `UptimeRobot ${ur.plan} has no custom domains on status pages (expected no customDomain, or ${paid})` });
    }
  }
  return problems;
}

/** Every status page's custom domain, with where it is written. */
function statusPageDomains(model: ResolvedModel): Array<{ domain: string; where: string }> {
  const stackWhere = `Pulumi.${model.stack}.yaml monitoring:statusPage.customDomain`;
  const pages = model.services.flatMap((service) => {
    const domain = service.statusPage?.customDomain;
    if (!domain) return [];
    // Without a stack page, the stack's customDomain overrides the definition's.
    const fromStack = !model.statusPage && model.settings.statusPage.customDomain !== undefined;
    return [{ domain, where: fromStack ? stackWhere : `${service.key}.statusPage.customDomain` }];
  });
  return model.statusPage?.customDomain ? [...pages, { domain: model.statusPage.customDomain, where: stackWhere }] : pages;
}

/**
 * What UptimeRobot finds by a value, claimed twice in the stack: an error at the second place,
 * naming the first. The provider finds a monitor, a maintenance window and a status page by its
 * name (names carry the environment, except a page's title), an e-mail, SMS or voice contact by its
 * type and value (kinds/alert-contact.ts), so a second claim would adopt or overwrite the first's
 * object; UptimeRobot allows one integration of a type per webhook URL (409 otherwise: its
 * Terraform provider's docs/resources/integration.md); a custom domain points at one page.
 * Phone numbers and URLs are secrets: those messages name the places only.
 */
function collisionProblems(model: ResolvedModel): Problem[] {
  const problems: Problem[] = [];
  const report = <C extends Claim>(claims: C[], message: (first: C, claim: C) => string, field = "") => {
    for (const { claim, first } of sharedIdentities(claims)) problems.push({ level: "error", where: `${claim.at}${field}`, message: message(first, claim) });
  };
  const named = (what: string) => (first: Claim, claim: Claim) => `the UptimeRobot name ${shown(claim.identity!)} is also the name of ${first.at} (expected one name per ${what}: UptimeRobot finds a ${what} by its name)`;
  const checks = model.services.flatMap((s) => s.checks.map((c) => ({ at: `${s.key}.checks.${c.key}`, identity: vendorName(model, c.name) })));
  report(checks, named("monitor"), ".name");
  const windows = model.services.flatMap((s) => s.maintenance.map((w) => ({ at: `${s.key}.maintenance.${w.key}`, identity: vendorName(model, w.name) })));
  report(windows, named("maintenance window"), ".name");
  const pages = model.services.flatMap((s) => (s.statusPage ? [{ at: `${s.key}.statusPage`, identity: s.statusPage.title }] : []));
  if (model.statusPage) pages.push({ at: `Pulumi.${model.stack}.yaml monitoring:statusPage`, identity: model.statusPage.title });
  report(pages, (first, claim) => `the status page title ${shown(claim.identity!)} is also the title of ${first.at} (expected one title per page: UptimeRobot finds a status page by its title)`, ".title");
  report(contactClaims(model), (first) => `has the same ${first.what} as ${first.at}, and UptimeRobot finds an alert contact by it: both would be one contact (expected one contact for both, or another ${first.what})`);
  report(integrationClaims(model), (first) => `has the same URL as ${first.at}, and UptimeRobot allows one integration per URL (expected a URL of its own, e.g. another incoming webhook for the channel, or one contact for both)`);
  const domains = statusPageDomains(model).map((d) => ({ at: d.where, identity: d.domain.toLowerCase(), domain: d.domain }));
  report(domains, (first, claim) => `${claim.domain} is also the custom domain of the status page at ${first.at} (expected a domain of its own for each page)`);
  return problems;
}

/** The contacts any UptimeRobot check of the stack notifies (what ./mapping registers), with their places. */
function usedContacts(model: ResolvedModel) {
  return checkContactKeys(model).flatMap((key) => {
    const contact = model.contacts[key]?.contact;
    return contact ? [{ key, contact, at: `Pulumi.${model.stack}.yaml monitoring:contacts.${key}` }] : [];
  });
}

/** E-mail, SMS and voice contacts by type and value (an address compared as UptimeRobot does, case-blind). */
function contactClaims(model: ResolvedModel): Array<Claim & { what: string }> {
  return usedContacts(model).flatMap(({ contact: c, at }) => {
    if (c.type === "email") return [{ at: `${at}.address`, identity: `email ${c.address.trim().toLowerCase()}`, what: "e-mail address" }];
    if (c.type === "sms" || c.type === "voice") return [{ at: `${at}.phone`, identity: `${c.type} ${c.phone.replace(/[\s().-]/g, "")}`, what: "phone number" }];
    return [];
  });
}

/** Slack and webhook integrations by type and URL. */
function integrationClaims(model: ResolvedModel): Claim[] {
  return usedContacts(model).flatMap(({ contact: c, at }) => {
    if (c.type === "slack") return [{ at: `${at}.webhookUrl`, identity: `slack ${c.webhookUrl}` }];
    if (c.type === "webhook") return [{ at: `${at}.url`, identity: `webhook ${c.url}` }];
    return [];
  });
}

/**
 * SSL and domain expiry reminders where UptimeRobot cannot give them: a certificate on an http://
 * URL (UptimeRobot's help centre: SSL monitoring "cannot be enabled" there), a domain of an IP
 * address. In the definition's own URL that is an error; through the stack's base URL (a stack
 * served over http, or `monitoring check --base-url http://127.0.0.1:8000`) a warning, and the
 * mapping leaves the reminder off on that stack (see expiryReminders).
 */
function expiryProblems(model: ResolvedModel): Problem[] {
  const problems: Problem[] = [];
  for (const service of model.services) {
    for (const check of service.checks) {
      if (check.kind !== "http") continue;
      const { ssl, domain } = expiryReminders(check);
      const where = `${service.key}.checks.${check.key}`;
      const level = check.path === undefined ? ("error" as const) : ("warning" as const);
      const onStack = check.path === undefined ? "the check's URL" : `on this stack the check's URL (monitoring:services.${service.key}.baseUrl)`;
      if (check.ssl !== undefined && !ssl) {
        problems.push({ level, where: `${where}.ssl`, message: `${onStack} is not https://, and UptimeRobot watches certificates on https:// URLs only (expected an https:// URL${level === "warning" ? "; until then this stack's monitor has no SSL reminder" : ""})` });
      }
      if (check.domainExpiry && !domain) {
        problems.push({ level, where: `${where}.domainExpiry`, message: `${onStack} names no registered domain (expected a host name such as api.example.com${level === "warning" ? "; until then this stack's monitor has no domain reminder" : ""})` });
      }
    }
  }
  return problems;
}

/** Keyword checks sent with HEAD, which UptimeRobot refuses (see HEAD_KEYWORD). */
function keywordMethodProblems(model: ResolvedModel): Problem[] {
  return model.services.flatMap((service) =>
    service.checks.flatMap((check) =>
      check.kind === "http" && check.keyword && check.method === "HEAD" ? [{ level: "error" as const, where: `${service.key}.checks.${check.key}.method`, message: HEAD_KEYWORD }] : [],
    ),
  );
}

/** Plan limits plus what the mapping cannot express: one list, before anything is registered. */
export function uptimeRobotProblems(model: ResolvedModel, settings: UptimeRobotSettings): Problem[] {
  return [
    ...planProblems(model, settings),
    ...planFeatureProblems(model, settings),
    ...uptimeRobotMappingProblems(model),
    ...keywordMethodProblems(model),
    ...expiryProblems(model),
    ...collisionProblems(model),
  ];
}
