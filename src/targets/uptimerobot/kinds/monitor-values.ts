/**
 * What the UptimeRobot monitor kind (./monitor) compares and how it reads UptimeRobot's values:
 * each normalisation beside the evidence for it.
 */
import type { Checker } from "../../dynamic/checker";
import { isUnknown, numericId, sortedUnique, stable, type Props } from "../../dynamic/values";
import { lowerKeys } from "./common";
import type { AlertContactAssignment, MonitorType } from "./monitor";

const V2_TYPES: Record<number, MonitorType> = { 1: "HTTP", 2: "KEYWORD", 3: "PING", 4: "PORT", 5: "HEARTBEAT" };

/**
 * `keywordCaseType` as UptimeRobot reads it back: 0 is case-sensitive, 1 case-insensitive. The
 * OpenAPI description only says "0 or 1"; UptimeRobot's Terraform provider is explicit
 * (internal/provider/monitor/monitor_compare.go: "API uses ints as 0=CaseSensitive,
 * 1=CaseInsensitive"; monitor_crud_read.go maps 0 to CaseSensitive, 1 to CaseInsensitive), and
 * its create and update requests send CaseSensitive as 0 (monitor_crud_create.go,
 * monitor_crud_update.go). The create DTO also takes the names. Undefined: not reported.
 */
export function caseSensitiveFromVendor(x: unknown): boolean | undefined {
  if (x === 0 || x === "0" || x === "CaseSensitive") return true;
  if (x === 1 || x === "1" || x === "CaseInsensitive") return false;
  return undefined;
}

/**
 * HEAD is invalid for keyword monitors (a HEAD answer has no body to search), and it is what the API
 * assumes when no method is sent, so keyword monitors default to GET: UptimeRobot's CLI does the
 * same (src/lib/request-curation.ts: "The CLI defaults to GET; HEAD is invalid for Keyword monitors").
 */
export const HEAD_KEYWORD = "is HEAD, which UptimeRobot refuses for keyword monitors: a HEAD response has no body to search (expected GET, or another method that returns a body)";

/**
 * UptimeRobot keeps tags in lower case: its Terraform provider refuses upper-case tags ("Tags for the
 * monitor. Must be lowercase", internal/provider/monitor/monitor_schema.go) and compares them
 * lower-cased (normalizeTagSet, monitor_compare.go). So does this kind: state written before the
 * check may hold upper case, which is no change.
 */
export function upperCaseTag(tag: string): string {
  return `"${tag}" has upper-case letters, which UptimeRobot stores in lower case (expected "${tag.toLowerCase()}")`;
}

export function vendorMonitorType(t: unknown): MonitorType | string {
  if (typeof t === "number") return V2_TYPES[t] ?? String(t);
  return String(t ?? "").toUpperCase();
}

export const isHttpLike = (t: unknown): boolean => t === "HTTP" || t === "KEYWORD";

export function normalizeBody(body: unknown): string | undefined {
  if (body === undefined || body === null || body === "") return undefined;
  if (typeof body !== "string") return stable(body);
  try {
    return stable(JSON.parse(body));
  } catch {
    return body;
  }
}

/**
 * Custom headers as compared: names without case (UptimeRobot lower-cases them) and without
 * Content-Type, which UptimeRobot sets itself from the body type whatever was sent, as its
 * Terraform provider does (normalizeHeadersForCompareNoCT in
 * internal/provider/monitor/monitor_compare.go). It is still sent as written.
 */
export function headersCompared(h: Record<string, unknown> | undefined | null): Record<string, string> {
  const { "content-type": _ignored, ...rest } = lowerKeys(h);
  return rest;
}

export function canonicalCodes(codes: readonly string[] | undefined | null): string[] {
  const list = Array.isArray(codes) && codes.length > 0 ? codes : ["2xx", "3xx"];
  return sortedUnique(list.map((c) => String(c).trim().toLowerCase()));
}

export function canonicalContacts(list: readonly AlertContactAssignment[] | undefined): Array<{ id: number | string; threshold: number; recurrence: number }> {
  return (Array.isArray(list) ? list : [])
    .map((a) => ({ id: numericId(a.id) ?? String(a.id), threshold: a.threshold ?? 0, recurrence: a.recurrence ?? 0 }))
    .sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
}


/** A request body is JSON object text (the v3 update DTO takes postValueData as an object). */
export function validateBodyText(c: Checker, raw: Props): void {
  if (typeof raw.body !== "string") return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.body);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    c.fail("body", "is not a JSON object (expected JSON object text, e.g. '{\"symbol\":\"AAPL\"}'; for KEY_VALUE the object's keys and values)");
  }
}

/** `alertContacts`: ids, and whole minutes for threshold and recurrence. */
export function validateContacts(c: Checker, raw: Props): void {
  const contacts = raw.alertContacts;
  if (contacts === undefined || contacts === null || isUnknown(contacts)) return;
  if (!Array.isArray(contacts)) return c.fail("alertContacts", "is not a list (expected a list of { id, threshold?, recurrence? })");
  contacts.forEach((a: unknown, n) => {
    const o = (a ?? {}) as Record<string, unknown>;
    if (numericId(o.id) === undefined && !isUnknown(o.id)) c.fail(`alertContacts[${n}].id`, `${JSON.stringify(o.id)} is not an id (expected an UptimeRobot alert contact id)`);
    for (const k of ["threshold", "recurrence"]) {
      const v = o[k];
      if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0)) c.fail(`alertContacts[${n}].${k}`, `${JSON.stringify(v)} is not valid (expected whole minutes >= 0)`);
    }
  });
}

/**
 * SSL and domain expiry reminders. SSL reminders need an https:// URL: UptimeRobot disables SSL
 * monitoring for http:// URLs and it "cannot be enabled" (UptimeRobot's help centre, "Monitor SSL
 * certificate expiration & errors"); its Terraform provider says the same of
 * ssl_expiration_reminder, and bounds the days to 0-365, at most 10 (config.ssl_expiration_period_days
 * in internal/provider/monitor/monitor_schema.go).
 */
export function validateExpiryReminders(c: Checker, raw: Props): void {
  c.boolean("sslExpiryReminder");
  c.boolean("domainExpiryReminder");
  if (raw.sslExpiryReminder === true && typeof raw.url === "string" && !/^https:\/\//i.test(raw.url)) {
    c.fail("sslExpiryReminder", "is set on an http:// URL, where UptimeRobot cannot monitor a certificate (expected an https:// URL)");
  }
  const days = raw.sslExpiryDays;
  if (days === undefined || days === null || isUnknown(days)) return;
  if (!Array.isArray(days) || days.length > 10) return c.fail("sslExpiryDays", "is not a list of at most 10 days (expected e.g. [30, 14, 7])");
  days.forEach((d, n) => {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0 || d > 365) c.fail(`sslExpiryDays[${n}]`, `${JSON.stringify(d)} is not valid (expected whole days, 0-365)`);
  });
  if (raw.sslExpiryReminder !== true) c.fail("sslExpiryDays", "is set without sslExpiryReminder (expected sslExpiryReminder: true)");
}
