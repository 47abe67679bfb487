/**
 * UptimeRobot monitors (v3 /monitors): HTTP, KEYWORD, HEARTBEAT, PORT, PING. The request bodies of
 * the v3 create and update DTOs, and the normalisation that makes read-back values comparable with
 * the definition (HTML-escaped names and URLs, header-key case, status-code order, defaults, v2 type
 * numbers, threshold and recurrence that the Free plan reads back as 0, the server-generated
 * heartbeat URL, a secret output).
 */
import { isUnknown, numericId, sortedUnique, type Props } from "../../dynamic/values";
import { checker, ids, unescapeHtml, uptimeRobotKind } from "./common";
import {
  canonicalCodes,
  canonicalContacts,
  caseSensitiveFromVendor,
  HEAD_KEYWORD,
  headersCompared,
  isHttpLike,
  normalizeBody,
  upperCaseTag,
  validateBodyText,
  validateContacts,
  validateExpiryReminders,
  vendorMonitorType,
} from "./monitor-values";

export { HEAD_KEYWORD, upperCaseTag } from "./monitor-values";

export type MonitorType = "HTTP" | "KEYWORD" | "HEARTBEAT" | "PORT" | "PING";
const MONITOR_TYPES: readonly MonitorType[] = ["HTTP", "KEYWORD", "HEARTBEAT", "PORT", "PING"];
export type HttpMethod = "HEAD" | "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
const HTTP_METHODS: readonly HttpMethod[] = ["HEAD", "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** An alert contact (or integration) notified by a monitor. Ids are UptimeRobot ids (number or numeric string). */
export interface AlertContactAssignment {
  id: string | number;
  /** Minutes down before notifying (paid plans; the Free plan always reads back 0). */
  threshold?: number;
  /** Repeat every N minutes (paid plans; the Free plan always reads back 0). */
  recurrence?: number;
}

/** Inputs of an UptimeRobot monitor. */
export interface MonitorInputs {
  /** Friendly name; also the marker used to find it again (unique in the account). */
  name: string;
  /** Cannot be changed in place: a change replaces the monitor. */
  type: MonitorType;
  /** URL (HTTP/KEYWORD) or host (PORT/PING); not used for HEARTBEAT (the server generates the ping URL). */
  url?: string;
  /** Check interval, or expected heartbeat interval, in seconds (>= 30; the Free plan allows >= 300). */
  intervalSeconds: number;
  /** Request timeout in seconds (HTTP/KEYWORD/PORT/PING), 0-60; default 30. */
  timeoutSeconds?: number;
  /** Heartbeat grace period in seconds, 0-86400; default 300. */
  gracePeriodSeconds?: number;
  /** HTTP method (HTTP/KEYWORD); default HEAD for HTTP as the API does, GET for KEYWORD (HEAD is refused there). */
  method?: HttpMethod;
  headers?: Record<string, string>;
  /** Request body (not for HEAD/GET): JSON object text (for KEY_VALUE, the object of keys and values). */
  body?: string;
  bodyType?: "RAW_JSON" | "KEY_VALUE";
  /** Status codes counted as up, e.g. ["200", "400"] or ["2xx"]; default ["2xx", "3xx"]. */
  successCodes?: string[];
  /** KEYWORD monitors: the keyword, and when to alert. */
  keyword?: string;
  keywordType?: "ALERT_EXISTS" | "ALERT_NOT_EXISTS";
  keywordCaseSensitive?: boolean;
  /** PORT monitors. */
  port?: number;
  alertContacts?: AlertContactAssignment[];
  maintenanceWindowIds?: Array<string | number>;
  tags?: string[];
  followRedirects?: boolean;
  checkSslErrors?: boolean;
  /** HTTP/KEYWORD on an https:// URL: remind before the certificate expires. Default false. */
  sslExpiryReminder?: boolean;
  /** With `sslExpiryReminder`, the days before expiry to remind on (0-365, at most 10); left out, UptimeRobot's. */
  sslExpiryDays?: number[];
  /** HTTP/KEYWORD: remind before the URL's domain registration expires. Default false. */
  domainExpiryReminder?: boolean;
  /** Take over an existing monitor with the same name instead of failing (dynamic resources cannot be `pulumi import`ed). */
  adopt?: boolean;
  /**
   * With `adopt`, another name the existing monitor may have, e.g. one made by hand without the
   * environment the mapping adds to `name`; adopting renames it to `name`.
   */
  adoptName?: string;
}

/** The part of the v3 MonitorDto the provider reads. */
export interface VendorMonitor {
  id: number;
  friendlyName?: string;
  type?: unknown;
  url?: string | null;
  interval?: number;
  timeout?: number | null;
  gracePeriod?: number | null;
  httpMethodType?: unknown;
  customHttpHeaders?: Record<string, string | number> | null;
  postValueData?: unknown;
  postValueType?: string | null;
  successHttpResponseCodes?: string[] | null;
  keywordValue?: string | null;
  keywordType?: unknown;
  keywordCaseType?: unknown;
  port?: number | null;
  assignedAlertContacts?: Array<{ alertContactId: number | string; threshold?: number; recurrence?: number }> | null;
  maintenanceWindows?: Array<{ id: number }> | null;
  tags?: Array<{ id?: number; name: string }> | null;
  followRedirections?: boolean;
  checkSSLErrors?: boolean;
  sslExpirationReminder?: boolean | null;
  domainExpirationReminder?: boolean | null;
  config?: { sslExpirationPeriodDays?: number[] | null } | null;
}

export const monitorKind = uptimeRobotKind<MonitorInputs, VendorMonitor>({
  id: "uptimerobot:Monitor",
  secrets: ["heartbeatUrl"],
  label: "UptimeRobot monitor",
  collection: "/monitors",
  pageSize: 200,
  encoding: "json",
  adoptable: true,
  replaceOnChange: ["type"],
  nameOf: (i) => String(i.name ?? ""),
  validate(raw: Props) {
    const c = checker(raw);
    c.string("name", { required: true, max: 250, expected: "a monitor name of 1-250 characters" });
    c.oneOf("type", MONITOR_TYPES, { required: true });
    const type = raw.type;
    if (type !== "HEARTBEAT") {
      c.string("url", {
        required: true,
        max: 10000,
        pattern: isHttpLike(type) ? /^https?:\/\/\S+$/i : /^\S+$/,
        expected: isHttpLike(type) ? "an http:// or https:// URL" : "a host name or IP address",
      });
      c.number("timeoutSeconds", { min: 0, max: 60, unit: "seconds" });
    } else if (raw.url !== undefined) {
      c.fail("url", "is set on a HEARTBEAT monitor (expected no url: UptimeRobot generates the heartbeat URL)");
    }
    c.number("intervalSeconds", { required: true, min: 30, max: 2678400, integer: true, unit: "seconds" });
    c.number("gracePeriodSeconds", { min: 0, max: 86400, integer: true, unit: "seconds" });
    c.oneOf("method", HTTP_METHODS);
    c.stringMap("headers");
    c.string("body", { max: 100_000 });
    c.oneOf("bodyType", ["RAW_JSON", "KEY_VALUE"]);
    if (raw.body !== undefined && (raw.method === undefined || raw.method === "HEAD" || raw.method === "GET")) {
      c.fail("body", `is set but the method is ${String(raw.method ?? "HEAD (the default)")} (expected POST, PUT, PATCH, DELETE or OPTIONS with a body)`);
    }
    validateBodyText(c, raw);
    c.stringList("successCodes", { pattern: /^[1-5](\d\d|xx)$/i, expected: 'a status code like "200" or a class like "2xx"' });
    if (type === "KEYWORD") {
      c.string("keyword", { required: true, max: 500, expected: "the keyword to look for (1-500 characters)" });
      c.oneOf("keywordType", ["ALERT_EXISTS", "ALERT_NOT_EXISTS"]);
      if (raw.method === "HEAD") c.fail("method", HEAD_KEYWORD);
    } else if (raw.keyword !== undefined) {
      c.fail("keyword", `is set on a ${String(type)} monitor (expected type KEYWORD)`);
    }
    c.boolean("keywordCaseSensitive");
    if (type === "PORT") c.number("port", { required: true, min: 1, max: 65535, integer: true });
    else if (raw.port !== undefined) c.fail("port", `is set on a ${String(type)} monitor (expected type PORT)`);
    if (!isHttpLike(type)) {
      for (const k of ["method", "headers", "body", "successCodes", "followRedirects", "sslExpiryReminder", "sslExpiryDays", "domainExpiryReminder"]) {
        if (raw[k] !== undefined) c.fail(k, `is set on a ${String(type)} monitor (expected type HTTP or KEYWORD)`);
      }
    }
    validateContacts(c, raw);
    validateExpiryReminders(c, raw);
    c.idList("maintenanceWindowIds");
    c.stringList("tags");
    (Array.isArray(raw.tags) ? (raw.tags as unknown[]) : []).forEach((t, n) => {
      if (typeof t === "string" && t !== t.toLowerCase()) c.fail(`tags[${n}]`, upperCaseTag(t));
    });
    c.boolean("followRedirects");
    c.boolean("checkSslErrors");
    c.boolean("adopt");
    c.string("adoptName", { max: 250 });
    return c.failures;
  },
  canonical(i) {
    const t = i.type;
    const http = isHttpLike(t);
    const method = http ? (i.method ?? (t === "KEYWORD" ? "GET" : "HEAD")) : undefined;
    return {
      name: i.name === undefined ? undefined : String(i.name).trim(),
      type: t,
      url: t === "HEARTBEAT" || i.url === undefined ? undefined : String(i.url).trim(),
      intervalSeconds: i.intervalSeconds,
      timeoutSeconds: t === "HEARTBEAT" ? undefined : (i.timeoutSeconds ?? 30),
      gracePeriodSeconds: t === "HEARTBEAT" ? (i.gracePeriodSeconds ?? 300) : undefined,
      method,
      headers: http ? headersCompared(i.headers) : undefined,
      body: http && method !== "HEAD" && method !== "GET" ? normalizeBody(i.body) : undefined,
      bodyType: http && i.body !== undefined && i.body !== null ? (i.bodyType ?? "RAW_JSON") : undefined,
      successCodes: http ? canonicalCodes(i.successCodes) : undefined,
      keyword: t === "KEYWORD" && i.keyword !== undefined ? String(i.keyword).trim() : undefined,
      keywordType: t === "KEYWORD" ? (i.keywordType ?? "ALERT_NOT_EXISTS") : undefined,
      keywordCaseSensitive: t === "KEYWORD" ? (i.keywordCaseSensitive ?? false) : undefined,
      port: t === "PORT" ? i.port : undefined,
      alertContacts: canonicalContacts(i.alertContacts),
      maintenanceWindowIds: ids(i.maintenanceWindowIds),
      tags: sortedUnique((i.tags ?? []).map((t) => String(t).toLowerCase())),
      followRedirects: http ? (i.followRedirects ?? true) : undefined,
      checkSslErrors: http ? (i.checkSslErrors ?? false) : undefined,
      sslExpiryReminder: http ? (i.sslExpiryReminder ?? false) : undefined,
      sslExpiryDays: http && i.sslExpiryReminder && Array.isArray(i.sslExpiryDays) ? sortedUnique(i.sslExpiryDays.map(Number)) : undefined,
      domainExpiryReminder: http ? (i.domainExpiryReminder ?? false) : undefined,
    };
  },
  createBody(i) {
    const c = this.canonical(i);
    const body: Record<string, unknown> = {
      friendlyName: i.name,
      type: i.type,
      interval: i.intervalSeconds,
      assignedAlertContacts: (c.alertContacts as Array<{ id: number; threshold: number; recurrence: number }>).map((a) => ({
        alertContactId: a.id,
        threshold: a.threshold,
        recurrence: a.recurrence,
      })),
      tagNames: c.tags,
      maintenanceWindowsIds: c.maintenanceWindowIds,
    };
    if (i.type !== "HEARTBEAT") {
      body.url = i.url;
      body.timeout = c.timeoutSeconds;
    } else {
      body.gracePeriod = c.gracePeriodSeconds;
    }
    if (i.type === "PORT") body.port = i.port;
    if (isHttpLike(i.type)) {
      body.httpMethodType = c.method;
      body.customHttpHeaders = { ...(i.headers ?? {}) };
      body.successHttpResponseCodes = i.successCodes && i.successCodes.length > 0 ? i.successCodes : ["2xx", "3xx"];
      body.followRedirections = c.followRedirects;
      body.checkSSLErrors = c.checkSslErrors;
      // Sent every time, as UptimeRobot's Terraform provider does (sslExpirationReminder and
      // domainExpirationReminder are never omitted in internal/client/monitor.go), so a monitor
      // has reminders exactly when its definition asks. The days live in `config`
      // (sslExpirationPeriodDays; an update merges config keys, so only this one is touched).
      body.sslExpirationReminder = c.sslExpiryReminder;
      body.domainExpirationReminder = c.domainExpiryReminder;
      if (c.sslExpiryDays !== undefined) body.config = { sslExpirationPeriodDays: c.sslExpiryDays };
      if (c.body !== undefined) {
        body.postValueType = c.bodyType;
        body.postValueData = JSON.parse(String(i.body)) as unknown;
      }
    }
    if (i.type === "KEYWORD") {
      body.keywordValue = i.keyword;
      body.keywordType = c.keywordType;
      body.keywordCaseType = c.keywordCaseSensitive ? "CaseSensitive" : "CaseInsensitive";
    }
    return body;
  },
  updateBody(i) {
    const body = this.createBody(i);
    // A PATCH keeps what it does not name: without a body, send an empty one so a removed body is
    // removed at UptimeRobot too, as its Terraform provider does (setBodyOnUpdate in
    // internal/provider/monitor/monitor_crud_update.go sends postValueData "").
    if (isHttpLike(i.type) && body.postValueData === undefined) body.postValueData = "";
    // The update DTO takes 0/1, and 0 is case-sensitive (see caseSensitiveFromVendor).
    if (i.type === "KEYWORD") body.keywordCaseType = i.keywordCaseSensitive ? 0 : 1;
    return body;
  },
  fromVendor(v) {
    const type = vendorMonitorType(v.type) as MonitorType;
    const http = isHttpLike(type);
    const caseType = v.keywordCaseType;
    return {
      name: unescapeHtml(String(v.friendlyName ?? "")),
      type,
      url: type === "HEARTBEAT" || v.url == null ? undefined : unescapeHtml(String(v.url)),
      intervalSeconds: v.interval,
      timeoutSeconds: type === "HEARTBEAT" || v.timeout == null ? undefined : v.timeout,
      gracePeriodSeconds: type === "HEARTBEAT" && v.gracePeriod != null ? v.gracePeriod : undefined,
      method: http && typeof v.httpMethodType === "string" ? (v.httpMethodType.toUpperCase() as HttpMethod) : undefined,
      headers: http && v.customHttpHeaders ? Object.fromEntries(Object.entries(v.customHttpHeaders).map(([k, x]) => [k, String(x)])) : http ? {} : undefined,
      body: v.postValueData == null ? undefined : typeof v.postValueData === "string" ? v.postValueData : JSON.stringify(v.postValueData),
      bodyType: v.postValueType === "RAW_JSON" || v.postValueType === "KEY_VALUE" ? v.postValueType : undefined,
      successCodes: http && v.successHttpResponseCodes ? [...v.successHttpResponseCodes] : undefined,
      keyword: type === "KEYWORD" && v.keywordValue != null ? unescapeHtml(v.keywordValue) : undefined,
      keywordType: type === "KEYWORD" && typeof v.keywordType === "string" ? (v.keywordType as MonitorInputs["keywordType"]) : undefined,
      keywordCaseSensitive: type === "KEYWORD" ? caseSensitiveFromVendor(caseType) : undefined,
      port: type === "PORT" && v.port != null ? v.port : undefined,
      alertContacts: v.assignedAlertContacts
        ? v.assignedAlertContacts.map((a) => ({ id: numericId(a.alertContactId) ?? String(a.alertContactId), threshold: a.threshold ?? 0, recurrence: a.recurrence ?? 0 }))
        : undefined,
      maintenanceWindowIds: v.maintenanceWindows ? v.maintenanceWindows.map((m) => m.id) : undefined,
      tags: v.tags ? v.tags.map((t) => unescapeHtml(t.name)) : undefined,
      followRedirects: http ? v.followRedirections : undefined,
      checkSslErrors: http ? v.checkSSLErrors : undefined,
      sslExpiryReminder: http && typeof v.sslExpirationReminder === "boolean" ? v.sslExpirationReminder : undefined,
      sslExpiryDays: http && Array.isArray(v.config?.sslExpirationPeriodDays) ? [...v.config.sslExpirationPeriodDays] : undefined,
      domainExpiryReminder: http && typeof v.domainExpirationReminder === "boolean" ? v.domainExpirationReminder : undefined,
    };
  },
  identifies: (v, i) => unescapeHtml(String(v.friendlyName ?? "")).trim() === String(i.name).trim(),
  extraOuts(v) {
    const type = vendorMonitorType(v.type);
    const out: Props = { monitorId: Number(v.id) };
    out.heartbeatUrl = type === "HEARTBEAT" && v.url ? unescapeHtml(String(v.url)) : undefined;
    // What UptimeRobot holds, in its own terms. Its presence also marks outputs written by a provider
    // that reads and writes the case type the right way round (see `rewrite`).
    out.keywordCaseType = type === "KEYWORD" ? (caseSensitiveFromVendor(v.keywordCaseType) === true ? 0 : 1) : undefined;
    return out;
  },
  rewrite(olds) {
    // Until this fix the provider wrote keywordCaseType inverted on update (and read it inverted),
    // so a KEYWORD monitor it ever updated may be case-sensitive at UptimeRobot while its state says
    // otherwise, and the provider text frozen in old outputs would misread it on refresh. State
    // without `keywordCaseType` predates the fix: the next `pulumi up` sends the case once more.
    return olds.type === "KEYWORD" && olds.keywordCaseType === undefined ? ["keywordCaseSensitive"] : [];
  },
  readTolerates(key, observed, stored) {
    // Threshold and recurrence always read back 0 on the Free plan: equal ids are no drift.
    if (key !== "alertContacts") return false;
    const o = observed as Array<{ id: unknown; threshold: number; recurrence: number }>;
    const s = stored as Array<{ id: unknown }>;
    return (
      o.length === s.length &&
      o.every((a, n) => String(a.id) === String(s[n].id) && a.threshold === 0 && a.recurrence === 0)
    );
  },
});

