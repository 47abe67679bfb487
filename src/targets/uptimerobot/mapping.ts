/**
 * UptimeRobot mapping: resolved uptime checks (HTTP, keyword, heartbeat), the contacts they notify,
 * maintenance windows and the public status page become the dynamic resources of ./provider.
 *
 * - Monitors, windows and the status page are children of the service's component; logical names
 *   come from stable keys (`<service>-uptime-<check>`), never from list order.
 * - Contacts are shared by every service of the stack, so each is registered once, under the
 *   shared component (`uptimerobot-contact-<key>`), before the services' monitors that use them.
 * - Names in UptimeRobot carry the stack's environment ("FinSight API - Health [dev]"), so stacks
 *   sharing one account never collide (a monitor's name is the marker that prevents duplicates).
 *   The public status page keeps its title as written.
 * - SMS and voice contacts cannot be created through the v3 API (phone verification happens in the
 *   UptimeRobot app): a contact's `uptimerobotId` references the verified one; without it the
 *   contact is left out and reported by `uptimeRobotMappingProblems`.
 */
import * as pulumi from "@pulumi/pulumi";
import { durationMinutes, durationSeconds, WEEKDAYS } from "../../model";
import type { ResolvedCheck, ResolvedHttpCheck, ResolvedMaintenanceWindow, ResolvedModel } from "../../resolve";
import { logicalName, type ServiceContext, type StackContext } from "../types";
import { UPTIMEROBOT_PLAN_LIMITS } from "./plans";
import { uptimeRobotSettings } from "./settings";
import {
  AlertContact,
  Integration,
  MaintenanceWindow,
  Monitor,
  StatusPage,
  type MaintenanceWindowArgs,
  type MonitorArgs,
} from "./provider";

/** The name shown in UptimeRobot: the definition's name and the stack's environment. */
export function vendorName(model: ResolvedModel, name: string): string {
  return `${name} [${model.environment}]`;
}

/** UptimeRobot ids of the stack's contacts (as Pulumi ids); null where UptimeRobot cannot reach one. */
export type ContactIds = ReadonlyMap<string, pulumi.Output<string> | null>;

/** Registers one contact, shared by every service of the stack, and returns its id. */
function registerContact(model: ResolvedModel, key: string, parent: pulumi.ComponentResource): pulumi.Output<string> | null {
  const resolved = model.contacts[key];
  if (!resolved) return null;
  const name = logicalName("uptimerobot", "contact", key);
  const c = resolved.contact;
  switch (c.type) {
    case "email":
      // The account's own address is already a contact: take it over rather than fail, and keep
      // it when the definition goes away. Named after the address, so stacks sharing it agree.
      return new AlertContact(name, { name: c.address, type: "Email", value: c.address, adopt: true }, { parent, retainOnDelete: true }).id;
    case "slack":
      // the webhook is bound to its channel
      return new Integration(name, { name: vendorName(model, key), type: "Slack", url: c.webhookUrl }, { parent }).id;
    case "webhook":
      return new Integration(
        name,
        {
          name: vendorName(model, key),
          type: "Webhook",
          url: c.url,
          postValue: JSON.stringify({ monitor: "*monitorFriendlyName*", url: "*monitorURL*", alert: "*alertTypeFriendlyName*", details: "*alertDetails*" }),
          sendAsJson: true,
        },
        { parent },
      ).id;
    case "pagerduty":
      return new Integration(name, { name: vendorName(model, key), type: "Pagerduty", integrationKey: c.integrationKey, autoResolve: true }, { parent }).id;
    case "sms":
    case "voice":
      // Verified in UptimeRobot's app (its API cannot create them): referenced, never managed.
      return c.uptimerobotId !== undefined ? pulumi.output(c.uptimerobotId) : null;
  }
}

/**
 * What the stack's resources hand the services': contact ids; and, for the stack's own status page
 * (registered with the last service, once every monitor exists), the monitors and service
 * components as they are made, the shared component and the stack's outputs.
 */
export interface UptimeRobotShared {
  contactIds: ContactIds;
  monitors: Map<string, pulumi.Output<string>>;
  components: Map<string, pulumi.ComponentResource>;
  parent(): pulumi.ComponentResource;
  output: StackContext["output"];
}

/** The keys of the contacts any check of the stack notifies: the ones UptimeRobot gets. */
export function checkContactKeys(model: ResolvedModel): string[] {
  return [...new Set(model.services.flatMap((s) => s.checks.flatMap((c) => c.contacts)))];
}

/** The contacts any check of the stack notifies, registered once each under the shared component. */
export function registerStack({ model, parent, output }: StackContext): UptimeRobotShared {
  const ids = new Map<string, pulumi.Output<string> | null>();
  for (const key of checkContactKeys(model)) ids.set(key, registerContact(model, key, parent()));
  if (model.statusPage) parent(); // the stack page's parent exists before the shared component closes
  return { contactIds: ids, monitors: new Map(), components: new Map(), parent, output };
}

/**
 * The stack's own status page, under the shared component. A service page it replaces keeps its
 * UptimeRobot page: the first listed service that no longer declares a page of its own aliases
 * its old page (`<service>-status-page`) to this one, so moving a page from a definition to the
 * stack updates it in place (same address, no duplicate name) instead of deleting and recreating it.
 */
export function registerStackStatusPage(model: ResolvedModel, shared: UptimeRobotShared): void {
  const page = model.statusPage;
  if (!page) return;
  const statusPage = new StatusPage(
    "status-page",
    {
      name: page.title,
      monitorIds: page.checks.map((c) => shared.monitors.get(`${c.service}/${c.check}`)).filter((id): id is pulumi.Output<string> => id !== undefined),
      customDomain: page.customDomain,
    },
    { parent: shared.parent(), aliases: stackPageAliases(model, shared) },
  );
  shared.output("stackStatusPage", "url", statusPage.publicUrl);
}

/** At most one: the page of the first listed service that no longer declares its own. */
export function stackPageAliases(model: ResolvedModel, shared: Pick<UptimeRobotShared, "components">): Array<{ name: string; parent: pulumi.ComponentResource }> {
  const moved = model.statusPage?.checks.map((c) => c.service).find((key) => !model.services.find((s) => s.key === key)?.statusPage);
  const from = moved === undefined ? undefined : shared.components.get(moved);
  return moved !== undefined && from ? [{ name: logicalName(moved, "status-page"), parent: from }] : [];
}

/** The request body as the JSON object UptimeRobot takes, and its type. */
export function bodyObject(check: ResolvedHttpCheck): { text: string; type: "RAW_JSON" | "KEY_VALUE" } | undefined {
  const body = check.body;
  if (!body) return undefined;
  if ("json" in body) {
    const v = body.json;
    return v && typeof v === "object" && !Array.isArray(v) ? { text: JSON.stringify(v), type: "RAW_JSON" } : undefined;
  }
  try {
    const parsed: unknown = JSON.parse(body.raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return { text: JSON.stringify(parsed), type: "RAW_JSON" };
  } catch {
    /* not JSON */
  }
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(body.raw.trim())) {
    return { text: JSON.stringify(Object.fromEntries(new URLSearchParams(body.raw.trim()))), type: "KEY_VALUE" };
  }
  return undefined;
}

const WEEKDAY_NUMBER: Record<(typeof WEEKDAYS)[number], number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
/** Recurring windows need a start date; a fixed one keeps the definition diff-free. */
const RECURRING_FROM = "2025-01-01";

/**
 * A window in UptimeRobot's terms. UptimeRobot schedules windows in the account's time zone, so
 * the local time is passed as written; the account's time zone must be the window's `timeZone`.
 */
export function maintenanceWindowArgs(model: ResolvedModel, w: ResolvedMaintenanceWindow): MaintenanceWindowArgs {
  const common = { name: vendorName(model, w.name), durationMinutes: Math.max(1, Math.round(durationMinutes(w.duration))) };
  switch (w.repeat) {
    case "once":
      return { ...common, interval: "once", date: w.start.slice(0, 10), time: `${w.start.slice(11, 16)}:00` };
    case "daily":
      return { ...common, interval: "daily", date: RECURRING_FROM, time: `${w.at}:00` };
    case "weekly":
      return { ...common, interval: "weekly", date: RECURRING_FROM, time: `${w.at}:00`, days: [...new Set(w.days.map((d) => WEEKDAY_NUMBER[d]))].sort() };
    case "monthly":
      return { ...common, interval: "monthly", date: RECURRING_FROM, time: `${w.at}:00`, days: [w.dayOfMonth] };
  }
}

/**
 * Which expiry reminders UptimeRobot can give a check on this stack: a certificate's on https://
 * URLs only, a domain's for a host name that is not an IP address (./problems reports the rest).
 */
export function expiryReminders(check: ResolvedHttpCheck): { ssl: boolean; domain: boolean } {
  let url: URL | undefined;
  try {
    url = new URL(check.url);
  } catch {
    url = undefined;
  }
  const host = url?.hostname ?? "";
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");
  return { ssl: url?.protocol === "https:", domain: host.includes(".") && !ip };
}

/** The monitor inputs of one resolved check. */
export function monitorArgs(model: ResolvedModel, check: ResolvedCheck, windowIds: pulumi.Input<string>[], contactIds: ContactIds = new Map()): MonitorArgs {
  // Free stores 0 for both whatever is sent (./plans): send what UptimeRobot will hold, so the plan
  // shows what will happen (validate warns about the definition's delay).
  const delays = UPTIMEROBOT_PLAN_LIMITS[uptimeRobotSettings(model).plan].alertDelays;
  const threshold = delays && check.kind === "http" && check.alertAfter ? Math.round(durationMinutes(check.alertAfter)) : 0;
  const recurrence = delays && check.kind === "http" && check.repeatEvery ? Math.round(durationMinutes(check.repeatEvery)) : 0;
  const alertContacts = check.contacts
    .map((key) => contactIds.get(key) ?? null)
    .filter((id): id is pulumi.Output<string> => id !== null)
    .map((id) => ({ id, threshold, recurrence }));
  const common = {
    name: vendorName(model, check.name),
    tags: check.tags,
    adopt: check.adopt,
    // A monitor made by hand has no environment in its name: adoption finds it under its own.
    ...(check.adopt ? { adoptName: check.name } : {}),
    alertContacts,
    maintenanceWindowIds: windowIds,
  };
  if (check.kind === "heartbeat") {
    return { ...common, type: "HEARTBEAT", intervalSeconds: durationSeconds(check.period), gracePeriodSeconds: durationSeconds(check.grace) };
  }
  const body = bodyObject(check);
  const reminders = expiryReminders(check);
  return {
    ...common,
    type: check.keyword ? "KEYWORD" : "HTTP",
    url: check.url,
    intervalSeconds: durationSeconds(check.interval),
    timeoutSeconds: durationSeconds(check.timeout),
    method: check.method,
    headers: check.headers,
    body: body?.text,
    bodyType: body?.type,
    successCodes: check.expectStatus.map(String),
    keyword: check.keyword?.text,
    keywordType: check.keyword ? (check.keyword.expect === "present" ? "ALERT_NOT_EXISTS" : "ALERT_EXISTS") : undefined,
    keywordCaseSensitive: check.keyword?.caseSensitive,
    // Always said, so a check without `ssl` / `domainExpiry` has no such reminder at UptimeRobot.
    sslExpiryReminder: check.ssl !== undefined && reminders.ssl,
    sslExpiryDays: reminders.ssl ? check.ssl?.expiryDaysBefore : undefined,
    domainExpiryReminder: check.domainExpiry && reminders.domain,
  };
}

/**
 * A service's maintenance windows, monitors and status page. Publishes each heartbeat's ping URL
 * (a secret: anyone holding it can report the job as healthy) as the stack output `heartbeatUrls`
 * and the status page's address as `statusPageUrls`.
 */
export function registerService({ model, service, parent, output }: ServiceContext, shared: UptimeRobotShared): void {
  const { contactIds } = shared;
  shared.components.set(service.key, parent);
  const opts: pulumi.CustomResourceOptions = { parent };
  const windowsOf = new Map<string, pulumi.Output<string>[]>();
  for (const w of service.maintenance) {
    const win = new MaintenanceWindow(logicalName(service.key, "maintenance", w.key), maintenanceWindowArgs(model, w), opts);
    for (const checkKey of w.checks) windowsOf.set(checkKey, [...(windowsOf.get(checkKey) ?? []), win.id]);
  }
  const monitors = new Map<string, Monitor>();
  for (const check of service.checks) {
    // uptimeRobotMappingProblems reports such a body before anything is registered; a monitor never vanishes silently.
    if (check.kind === "http" && check.body && bodyObject(check) === undefined) throw new Error(`${service.key}.checks.${check.key}.body: UptimeRobot cannot send this body`);
    const m = new Monitor(logicalName(service.key, "uptime", check.key), monitorArgs(model, check, windowsOf.get(check.key) ?? [], contactIds), opts);
    monitors.set(check.key, m);
    shared.monitors.set(`${service.key}/${check.key}`, m.id);
    if (check.kind === "heartbeat") output("heartbeatUrls", check.key, pulumi.secret(m.heartbeatUrl));
  }
  if (service.statusPage) {
    const page = service.statusPage;
    const statusPage = new StatusPage(
      logicalName(service.key, "status-page"),
      {
        name: page.title,
        monitorIds: page.checks.map((k) => monitors.get(k)?.id).filter((id): id is pulumi.Output<string> => id !== undefined),
        customDomain: page.customDomain,
      },
      opts,
    );
    output("statusPageUrls", "status-page", statusPage.publicUrl);
  }
  if (service === model.services[model.services.length - 1]) registerStackStatusPage(model, shared);
}
