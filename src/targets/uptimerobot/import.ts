/**
 * `monitoring import uptimerobot`: reads an UptimeRobot account (API v3, through the provider's
 * own client) and writes a definitions file in the project's language: one service whose checks,
 * maintenance windows and status page are the account's, each marked `adopt: true` so that the
 * first `pulumi up` takes the existing objects over instead of creating duplicates. Contacts
 * differ per stack, so they are written as a block to paste into Pulumi.<stack>.yaml; their
 * secrets (webhook URLs, integration keys, phone numbers) are never written: the file says which
 * `pulumi config set --secret` commands to run.
 *
 * Reading is code generation: the result is plain data that `validate` and `plan` check like any
 * hand-written definition (round-trip tested against the fake UptimeRobot server).
 */
import { formatSeconds, OFFLINE_SECRET, WEEKDAYS, type ContactType } from "../../model";
import { keyOf, literal } from "../codegen";
import { ImportFailed, type ImportContext, type ImportResult } from "../types";
import { settingsFrom, UptimeRobotClient, isApiError } from "./client";
import {
  alertContactKind,
  integrationKind,
  maintenanceWindowKind,
  monitorKind,
  statusPageKind,
  type MonitorInputs,
  type VendorAlertContact,
  type VendorIntegration,
  type VendorMaintenanceWindow,
  type VendorMonitor,
  type VendorPsp,
} from "./kinds";

/** What was read from the account. */
export interface Account {
  monitors: VendorMonitor[];
  integrations: VendorIntegration[];
  contacts: VendorAlertContact[];
  windows: VendorMaintenanceWindow[];
  psps: VendorPsp[];
}

interface GeneratedContact {
  key: string;
  type: ContactType;
  /** Plain fields (e-mail address, Slack channel). */
  fields: Record<string, string>;
  /** The secret field, set with `pulumi config set --secret`, and what it is. */
  secret?: { field: string; what: string };
  paging: boolean;
}

function durationOf(seconds: number | undefined): string | undefined {
  return seconds === undefined || !Number.isFinite(seconds) ? undefined : formatSeconds(seconds);
}

function contactsOf(account: Account, taken: Set<string>, notes: string[]): Map<string, GeneratedContact> {
  const byId = new Map<string, GeneratedContact>();
  for (const c of account.contacts) {
    const v = alertContactKind.fromVendor(c);
    const raw = String(c.type ?? "").toLowerCase();
    const label = v.name ?? v.value ?? `contact ${c.id}`;
    let g: GeneratedContact | undefined;
    if (raw === "email" || raw === "2") g = { key: keyOf(label, taken, `contact-${c.id}`), type: "email", fields: { address: String(v.value ?? "") }, paging: false };
    else if (["sms", "prosms", "emailtosms"].includes(raw)) g = { key: keyOf(label, taken, `sms-${c.id}`), type: "sms", fields: {}, secret: { field: "phone", what: "the phone number, E.164" }, paging: true };
    else if (raw === "voice") g = { key: keyOf(label, taken, `voice-${c.id}`), type: "voice", fields: {}, secret: { field: "phone", what: "the phone number, E.164" }, paging: true };
    else notes.push(`alert contact "${label}" (${String(c.type)}): no such contact type in the definition language`);
    if (g) byId.set(String(c.id), g);
  }
  for (const i of account.integrations) {
    const v = integrationKind.fromVendor(i);
    const label = v.name || `integration ${i.id}`;
    let g: GeneratedContact | undefined;
    if (v.type === "Slack") {
      const channel = v.customValue?.trim();
      g = {
        key: keyOf(label, taken, `slack-${i.id}`),
        type: "slack",
        fields: channel && /^#?[\w.-]+$/.test(channel) ? { channel: channel.startsWith("#") ? channel : `#${channel}` } : {},
        secret: { field: "webhookUrl", what: "the Slack incoming-webhook URL" },
        paging: false,
      };
    } else if (v.type === "Webhook") {
      g = { key: keyOf(label, taken, `webhook-${i.id}`), type: "webhook", fields: {}, secret: { field: "url", what: "the webhook URL" }, paging: false };
    } else if (v.type === "Pagerduty") {
      g = { key: keyOf(label, taken, `pagerduty-${i.id}`), type: "pagerduty", fields: {}, secret: { field: "integrationKey", what: "the PagerDuty Events v2 integration key" }, paging: true };
    } else {
      notes.push(`integration "${label}" (${String(i.type)}): no such contact type in the definition language`);
    }
    if (g && !byId.has(String(i.id))) byId.set(String(i.id), g);
  }
  return byId;
}

function successCodes(codes: readonly string[] | undefined): (number | string)[] | undefined {
  if (!codes || codes.length === 0) return undefined;
  const canon = [...new Set(codes.map((c) => String(c).trim().toLowerCase()))];
  if (canon.length === 2 && canon.includes("2xx") && canon.includes("3xx")) return undefined; // the default
  const numbers = canon.filter((c) => /^\d{3}$/.test(c)).map(Number).sort((a, b) => a - b);
  return [...numbers, ...canon.filter((c) => !/^\d{3}$/.test(c)).sort()];
}

function bodyOf(m: Partial<MonitorInputs>): Record<string, unknown> | undefined {
  if (m.body === undefined || m.body === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(m.body);
  } catch {
    return { raw: m.body };
  }
  if (m.bodyType === "KEY_VALUE" && parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    const params = new URLSearchParams(Object.entries(parsed as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]));
    return { raw: params.toString(), contentType: "application/x-www-form-urlencoded" };
  }
  return { json: parsed };
}

export interface Generated {
  /** The TypeScript definitions file. */
  source: string;
  /** The YAML block for Pulumi.<stack>.yaml's config: (monitoring:contacts), secrets as placeholders. */
  contactsYaml: string;
  /** The commands that set the contacts' secrets (values left for the user to fill in). */
  secretCommands: string[];
  /** What could not be expressed, one line each. */
  notes: string[];
  counts: { checks: number; contacts: number; windows: number; statusPages: number };
}

interface ImportNames {
  /** Objects this project created carry the stack's environment in their names ("Health [dev]"); definitions hold the name without it. */
  bare(name: string): string;
  notes: string[];
}

/** A heartbeat or HTTP check definition of a monitor, routed to its contacts. */
function checkOf(m: Partial<MonitorInputs>, name: string, contacts: ReadonlyMap<string, GeneratedContact>, notes: string[]): Record<string, unknown> {
  const assigned = (m.alertContacts ?? []).map((a) => ({ a, c: contacts.get(String(a.id)) }));
  for (const { a, c } of assigned) if (!c) notes.push(`monitor "${name}": alert contact ${String(a.id)} is not in the account's contacts or is of an unsupported type; left out of notify`);
  const notify = [...new Set(assigned.flatMap(({ c }) => (c ? [c.key] : [])))];
  const paging = assigned.some(({ c }) => c?.paging);
  const threshold = Math.max(0, ...(m.alertContacts ?? []).map((a) => a.threshold ?? 0));
  const recurrence = Math.max(0, ...(m.alertContacts ?? []).map((a) => a.recurrence ?? 0));
  // Field order follows how people read a check: what, how, then who hears of it.
  const routing = {
    severity: paging ? "critical" : "warning",
    ...(notify.length ? { notify } : {}),
    runbook: { steps: [`Imported from UptimeRobot: write the first steps to take when "${name}" fails.`] },
    ...(m.tags && m.tags.length ? { tags: [...m.tags].sort() } : {}),
    adopt: true,
  };
  if (m.type === "HEARTBEAT") {
    return { kind: "heartbeat", name, period: durationOf(m.intervalSeconds), ...(m.gracePeriodSeconds !== undefined ? { grace: durationOf(m.gracePeriodSeconds) } : {}), ...routing };
  }
  let body = bodyOf(m);
  const method = m.method ?? "HEAD";
  if (body && (method === "GET" || method === "HEAD")) {
    notes.push(`monitor "${name}": a ${method} request cannot carry a body; the body was left out`);
    body = undefined;
  }
  const keyword =
    m.type === "KEYWORD" && m.keyword ? { text: m.keyword, expect: m.keywordType === "ALERT_EXISTS" ? "absent" : "present", ...(m.keywordCaseSensitive ? { caseSensitive: true } : {}) } : undefined;
  const expect = successCodes(m.successCodes);
  return {
    kind: "http",
    name,
    url: m.url,
    method,
    ...(m.headers && Object.keys(m.headers).length ? { headers: m.headers } : {}),
    ...(body ? { body } : {}),
    ...(expect ? { expectStatus: expect } : {}),
    ...(keyword ? { keyword } : {}),
    ...(m.timeoutSeconds !== undefined && m.timeoutSeconds >= 1 && m.timeoutSeconds <= 60 ? { timeout: durationOf(m.timeoutSeconds) } : {}),
    interval: durationOf(m.intervalSeconds),
    ...(threshold > 0 ? { alertAfter: `${threshold}m` } : {}),
    ...(recurrence > 0 ? { repeatEvery: `${recurrence}m` } : {}),
    ...(m.sslExpiryReminder && /^https:\/\//i.test(m.url ?? "") ? { ssl: m.sslExpiryDays?.length ? { expiryDaysBefore: [...new Set(m.sslExpiryDays)].sort((a, b) => b - a) } : {} } : {}),
    ...(m.domainExpiryReminder ? { domainExpiry: true } : {}),
    ...routing,
  };
}

/** The account's monitors as checks, with which check each monitor and window id became. */
function checksOf(account: Account, contacts: ReadonlyMap<string, GeneratedContact>, names: ImportNames) {
  const checkKeys = new Set<string>();
  const checks: Record<string, Record<string, unknown>> = {};
  const checkByMonitorId = new Map<string, string>();
  const windowsOfCheck = new Map<string, string[]>();
  const monitors = [...account.monitors].sort((a, b) => String(a.friendlyName ?? "").localeCompare(String(b.friendlyName ?? "")) || a.id - b.id);
  for (const vm of monitors) {
    const m = monitorKind.fromVendor(vm);
    const name = names.bare(m.name || `monitor ${vm.id}`);
    if (m.type !== "HTTP" && m.type !== "KEYWORD" && m.type !== "HEARTBEAT") {
      names.notes.push(`monitor "${name}" (${String(m.type)}): the definition language has HTTP, keyword and heartbeat checks only; not imported`);
      continue;
    }
    const key = keyOf(name, checkKeys, `monitor-${vm.id}`);
    checks[key] = checkOf(m, name, contacts, names.notes);
    checkByMonitorId.set(String(vm.id), key);
    for (const w of m.maintenanceWindowIds ?? []) windowsOfCheck.set(String(w), [...(windowsOfCheck.get(String(w)) ?? []), key]);
  }
  return { checks, checkByMonitorId, windowsOfCheck };
}

/** The account's maintenance windows, in the account's time zone (the stack's setting). */
function maintenanceOf(account: Account, windowsOfCheck: ReadonlyMap<string, string[]>, accountTimeZone: string | undefined, names: ImportNames) {
  const windowKeys = new Set<string>();
  const maintenance: Record<string, Record<string, unknown>> = {};
  for (const vw of [...account.windows].sort((a, b) => String(a.name ?? "").localeCompare(String(b.name ?? "")) || a.id - b.id)) {
    const w = maintenanceWindowKind.fromVendor(vw);
    const name = names.bare(w.name || `window ${vw.id}`);
    const at = typeof w.time === "string" ? w.time.slice(0, 5) : "00:00";
    const common = {
      name,
      duration: `${Math.max(1, w.durationMinutes ?? 1)}m`,
      // UptimeRobot keeps window times in the account's time zone, which is the stack's setting.
      timeZone: accountTimeZone ?? "UTC",
      ...(w.autoAddMonitors ? {} : { checks: [...new Set(windowsOfCheck.get(String(vw.id)) ?? [])].sort() }),
    };
    let def: Record<string, unknown> | undefined;
    if (w.interval === "once") def = { repeat: "once", ...common, start: `${w.date ?? "2025-01-01"}T${at}` };
    else if (w.interval === "daily") def = { repeat: "daily", ...common, at };
    else if (w.interval === "weekly") def = { repeat: "weekly", ...common, at, days: [...new Set(w.days ?? [])].sort().map((d) => WEEKDAYS[d - 1]).filter(Boolean) };
    else if (w.interval === "monthly") def = { repeat: "monthly", ...common, at, dayOfMonth: (w.days ?? [1])[0] };
    if (!def) {
      names.notes.push(`maintenance window "${name}" (${String(w.interval)}): unknown repeat; not imported`);
      continue;
    }
    maintenance[keyOf(name, windowKeys, `window-${vw.id}`)] = def;
  }
  if (Object.keys(maintenance).length && accountTimeZone === undefined) {
    names.notes.push("maintenance windows: UptimeRobot keeps their times in the account's time zone; written as UTC, since monitoring:vendors.uptimerobot.accountTimeZone is not set");
  }
  return maintenance;
}

/** The first status page that shows imported checks (a service has one). */
function statusPageOf(account: Account, checkByMonitorId: ReadonlyMap<string, string>, names: ImportNames): Record<string, unknown> | undefined {
  let statusPage: Record<string, unknown> | undefined;
  for (const p of [...account.psps].sort((a, b) => a.id - b.id)) {
    const v = statusPageKind.fromVendor(p);
    const shown = (v.monitorIds ?? []).map((id) => checkByMonitorId.get(String(id))).filter((k): k is string => k !== undefined);
    if (statusPage || shown.length === 0) {
      names.notes.push(`status page "${v.name}": ${statusPage ? "a service has one status page; this one was not imported" : "shows none of the imported checks; not imported"}`);
      continue;
    }
    statusPage = { title: names.bare(v.name ?? `status page ${p.id}`), checks: [...new Set(shown)].sort(), ...(v.customDomain ? { customDomain: v.customDomain } : {}) };
  }
  return statusPage;
}

/** The contacts block for the stack file (secrets as placeholders) and the commands that set them. */
function contactsBlock(contacts: ReadonlyMap<string, GeneratedContact>, stack: string) {
  const used = [...contacts.values()].filter((c, i, all) => all.findIndex((x) => x.key === c.key) === i).sort((a, b) => a.key.localeCompare(b.key));
  const yamlLines = ["  monitoring:contacts:"];
  const secretCommands: string[] = [];
  for (const c of used) {
    yamlLines.push(`    ${c.key}:`, `      type: ${c.type}`);
    for (const [f, v] of Object.entries(c.fields)) yamlLines.push(`      ${f}: ${JSON.stringify(v)}`);
    if (c.secret) {
      // A `secure:` placeholder validates offline and fails loudly in `pulumi up` until it is set.
      yamlLines.push(`      ${c.secret.field}:`, `        secure: set-me-with-pulumi-config-set-secret`);
      secretCommands.push(`pulumi config set --stack ${stack} --secret --path 'monitoring:contacts.${c.key}.${c.secret.field}' '<${c.secret.what}>'`);
    }
  }
  return { used, contactsYaml: `${yamlLines.join("\n")}\n`, secretCommands };
}

/** The file's opening comment: where it came from, what to review, the contacts block and the notes. */
function fileHeader(opts: { stack: string; environment: string; source: string; date: string }, contactsYaml: string, secretCommands: readonly string[], notes: readonly string[]): string[] {
  return [
    "/**",
    ` * Imported from UptimeRobot (${opts.source}) on ${opts.date} by \`monitoring import uptimerobot --stack ${opts.stack}\`.`,
    " *",
    " * Every check is marked `adopt: true`: the first `pulumi up` takes the existing UptimeRobot monitor",
    ` * over (found by its name, which the provider writes as "<name> [${opts.environment}]") instead of`,
    " * creating a duplicate. Before merging, review:",
    " * - severity: checks that notify a paging contact (SMS, voice, PagerDuty) are critical, others warning;",
    " * - runbooks: each check has a placeholder; replace it with the real first steps;",
    " * - maintenance windows, the status page and Slack / webhook / PagerDuty contacts cannot be marked",
    " *   for adoption in the definition language yet: delete those in UptimeRobot before the first",
    " *   `pulumi up`, or it creates them a second time;",
    " * - keep this file under monitors/: every module there whose default export is a service is planned.",
    " *",
    ` * Contacts differ per stack: merge this block into the config: section of Pulumi.${opts.stack}.yaml`,
    " * (their secrets are not written here; set each with the command after the block).",
    " *",
    " * BEGIN monitoring:contacts",
    ...contactsYaml.trimEnd().split("\n").map((l) => ` * ${l}`),
    " * END monitoring:contacts",
    ...(secretCommands.length ? [" *", ...secretCommands.map((c) => ` *   ${c}`)] : []),
    ...(notes.length ? [" *", " * Not imported as is:", ...notes.map((n) => ` * - ${n}`)] : []),
    " */",
  ];
}

/** The definitions for an account. Pure: same account, same file. */
export function generateDefinitions(
  account: Account,
  opts: { stack: string; environment: string; serviceKey: string; source: string; date: string; accountTimeZone?: string },
): Generated {
  const suffix = ` [${opts.environment}]`;
  const names: ImportNames = { bare: (name) => (name.endsWith(suffix) ? name.slice(0, -suffix.length) : name), notes: [] };
  const contacts = contactsOf(account, new Set<string>(), names.notes);
  const { checks, checkByMonitorId, windowsOfCheck } = checksOf(account, contacts, names);
  const maintenance = maintenanceOf(account, windowsOfCheck, opts.accountTimeZone, names);
  const statusPage = statusPageOf(account, checkByMonitorId, names);
  const service = {
    key: opts.serviceKey,
    name: "Imported from UptimeRobot",
    description: `Monitors read from UptimeRobot on ${opts.date}`,
    checks,
    ...(Object.keys(maintenance).length ? { maintenance } : {}),
    ...(statusPage ? { statusPage } : {}),
  };
  const { used, contactsYaml, secretCommands } = contactsBlock(contacts, opts.stack);
  const header = fileHeader(opts, contactsYaml, secretCommands, names.notes);
  const source = `${header.join("\n")}\nimport { defineService } from "../src/model";\n\nexport default defineService(${literal(service)});\n`;
  return {
    source,
    contactsYaml,
    secretCommands,
    notes: names.notes,
    counts: { checks: Object.keys(checks).length, contacts: used.length, windows: Object.keys(maintenance).length, statusPages: statusPage ? 1 : 0 },
  };
}

/** Reads the whole account. */
export async function readAccount(client: UptimeRobotClient): Promise<Account> {
  const [monitors, integrations, contacts, windows, psps] = await Promise.all([
    client.listAll<VendorMonitor>(monitorKind.collection, { pageSize: monitorKind.pageSize }),
    client.listAll<VendorIntegration>(integrationKind.collection),
    client.listAll<VendorAlertContact>(alertContactKind.collection),
    client.listAll<VendorMaintenanceWindow>(maintenanceWindowKind.collection),
    client.listAll<VendorPsp>(statusPageKind.collection),
  ]);
  return { monitors, integrations, contacts, windows, psps };
}

/** `monitoring import uptimerobot`: the account, through the provider's own client and settings. */
export async function importUptimeRobot(ctx: ImportContext): Promise<ImportResult> {
  const { config, stack } = ctx;
  // An encrypted key cannot be read offline; the environment variable is the way then.
  const get = (k: string) => (config[k] === OFFLINE_SECRET || config[k] === "" ? undefined : config[k]);
  let settings;
  try {
    settings = settingsFrom(get, ctx.env);
  } catch (e) {
    const encrypted = config["uptimerobot:apiKey"] === OFFLINE_SECRET ? " (uptimerobot:apiKey is encrypted in the stack file and cannot be read here: set UPTIMEROBOT_API_KEY)" : "";
    throw new ImportFailed(`${(e as Error).message}${encrypted}`, "usage");
  }
  ctx.log(`reading the UptimeRobot account at ${settings.apiUrl}...`);
  let account: Account;
  try {
    account = await readAccount(new UptimeRobotClient(settings));
  } catch (e) {
    if (isApiError(e)) throw new ImportFailed(`UptimeRobot refused or failed: ${e.message}`, "vendor");
    throw e;
  }
  const environment = config["monitoring:environment"] || stack;
  let accountTimeZone: string | undefined;
  try {
    const vendors = JSON.parse(config["monitoring:vendors"] ?? "{}") as { uptimerobot?: { accountTimeZone?: unknown } };
    if (typeof vendors.uptimerobot?.accountTimeZone === "string") accountTimeZone = vendors.uptimerobot.accountTimeZone;
  } catch {
    accountTimeZone = undefined;
  }
  const g = generateDefinitions(account, { stack, environment, accountTimeZone, serviceKey: ctx.serviceKey, source: settings.apiUrl, date: new Date().toISOString().slice(0, 10) });
  const c = g.counts;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return {
    source: g.source,
    summary: `imported ${plural(c.checks, "check")}, ${plural(c.windows, "maintenance window")}, ${plural(c.statusPages, "status page")} and ${plural(c.contacts, "contact")}`,
    next: [`merge the contacts block at the top of the file into Pulumi.${stack}.yaml, set their secrets, keep the file under monitors/ (every service there is found), then \`monitoring validate --stack ${stack}\``],
    notes: g.notes,
  };
}
