/**
 * The UptimeRobot resource kinds: vendor-level inputs (camelCase), their validation, request
 * bodies for the v3 API, and the normalization that makes read-back values comparable with the
 * definition (HTML-escaped names and URLs, header-key case, status-code order, defaults, fields the
 * API always reads back as 0, the server-generated heartbeat URL).
 */
import { Checker, isUnknown, numericId, sortedUnique, stable, unescapeHtml, type Kind, type Props } from "./core";

/* ------------------------------------------------------------------ monitors */

export type MonitorType = "HTTP" | "KEYWORD" | "HEARTBEAT" | "PORT" | "PING";
export const MONITOR_TYPES: readonly MonitorType[] = ["HTTP", "KEYWORD", "HEARTBEAT", "PORT", "PING"];
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
  /** HTTP method (HTTP/KEYWORD); default HEAD as the API does. */
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
  /** Take over an existing monitor with the same name instead of failing (dynamic resources cannot be `pulumi import`ed). */
  adopt?: boolean;
  /**
   * With `adopt`, another name the existing monitor may have, e.g. one made by hand without the
   * environment the mapping adds to `name`; adopting renames it to `name`.
   */
  adoptName?: string;
}

/** Outputs of a monitor besides its inputs. `heartbeatUrl` is a secret output. */
export interface MonitorOutputs extends MonitorInputs {
  monitorId: number;
  heartbeatUrl?: string;
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
}

const V2_TYPES: Record<number, MonitorType> = { 1: "HTTP", 2: "KEYWORD", 3: "PING", 4: "PORT", 5: "HEARTBEAT" };

function vendorMonitorType(t: unknown): MonitorType | string {
  if (typeof t === "number") return V2_TYPES[t] ?? String(t);
  return String(t ?? "").toUpperCase();
}

const isHttpLike = (t: unknown): boolean => t === "HTTP" || t === "KEYWORD";

function normalizeBody(body: unknown): string | undefined {
  if (body === undefined || body === null || body === "") return undefined;
  if (typeof body !== "string") return stable(body);
  try {
    return stable(JSON.parse(body));
  } catch {
    return body;
  }
}

function lowerKeys(h: Record<string, unknown> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase().trim()] = String(v).trim();
  return out;
}

function canonicalCodes(codes: readonly string[] | undefined | null): string[] {
  const list = Array.isArray(codes) && codes.length > 0 ? codes : ["2xx", "3xx"];
  return sortedUnique(list.map((c) => String(c).trim().toLowerCase()));
}

function canonicalContacts(list: readonly AlertContactAssignment[] | undefined): Array<{ id: number | string; threshold: number; recurrence: number }> {
  return (Array.isArray(list) ? list : [])
    .map((a) => ({ id: numericId(a.id) ?? String(a.id), threshold: a.threshold ?? 0, recurrence: a.recurrence ?? 0 }))
    .sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
}

function ids(list: ReadonlyArray<string | number> | undefined | null): Array<number | string> {
  return sortedUnique((Array.isArray(list) ? list : []).map((x) => numericId(x) ?? String(x)));
}

export const monitorKind: Kind<MonitorInputs, VendorMonitor> = {
  label: "UptimeRobot monitor",
  collection: "/monitors",
  pageSize: 200,
  encoding: "json",
  adoptable: true,
  replaceOnChange: ["type"],
  nameOf: (i) => String(i.name ?? ""),
  validate(raw: Props) {
    const c = new Checker(raw);
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
    if (typeof raw.body === "string") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.body);
      } catch {
        parsed = undefined;
      }
      // The v3 update DTO takes postValueData as an object only, so bodies are JSON objects.
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        c.fail("body", "is not a JSON object (expected JSON object text, e.g. '{\"symbol\":\"AAPL\"}'; for KEY_VALUE the object's keys and values)");
      }
    }
    c.stringList("successCodes", { pattern: /^[1-5](\d\d|xx)$/i, expected: 'a status code like "200" or a class like "2xx"' });
    if (type === "KEYWORD") {
      c.string("keyword", { required: true, max: 500, expected: "the keyword to look for (1-500 characters)" });
      c.oneOf("keywordType", ["ALERT_EXISTS", "ALERT_NOT_EXISTS"]);
    } else if (raw.keyword !== undefined) {
      c.fail("keyword", `is set on a ${String(type)} monitor (expected type KEYWORD)`);
    }
    c.boolean("keywordCaseSensitive");
    if (type === "PORT") c.number("port", { required: true, min: 1, max: 65535, integer: true });
    else if (raw.port !== undefined) c.fail("port", `is set on a ${String(type)} monitor (expected type PORT)`);
    if (!isHttpLike(type)) {
      for (const k of ["method", "headers", "body", "successCodes", "followRedirects"]) {
        if (raw[k] !== undefined) c.fail(k, `is set on a ${String(type)} monitor (expected type HTTP or KEYWORD)`);
      }
    }
    const contacts = raw.alertContacts;
    if (contacts !== undefined && contacts !== null && !isUnknown(contacts)) {
      if (!Array.isArray(contacts)) c.fail("alertContacts", "is not a list (expected a list of { id, threshold?, recurrence? })");
      else
        contacts.forEach((a: unknown, n) => {
          const o = (a ?? {}) as Record<string, unknown>;
          if (numericId(o.id) === undefined && o.id !== "04da6b54-80e4-46f7-96ec-b56ff0331ba9")
            c.fail(`alertContacts[${n}].id`, `${JSON.stringify(o.id)} is not an id (expected an UptimeRobot alert contact id)`);
          for (const k of ["threshold", "recurrence"]) {
            const v = o[k];
            if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0))
              c.fail(`alertContacts[${n}].${k}`, `${JSON.stringify(v)} is not valid (expected whole minutes >= 0)`);
          }
        });
    }
    c.idList("maintenanceWindowIds");
    c.stringList("tags");
    c.boolean("followRedirects");
    c.boolean("checkSslErrors");
    c.boolean("adopt");
    c.string("adoptName", { max: 250 });
    return c.failures;
  },
  canonical(i) {
    const t = i.type;
    const http = isHttpLike(t);
    const method = http ? (i.method ?? "HEAD") : undefined;
    return {
      name: i.name === undefined ? undefined : String(i.name).trim(),
      type: t,
      url: t === "HEARTBEAT" || i.url === undefined ? undefined : String(i.url).trim(),
      intervalSeconds: i.intervalSeconds,
      timeoutSeconds: t === "HEARTBEAT" ? undefined : (i.timeoutSeconds ?? 30),
      gracePeriodSeconds: t === "HEARTBEAT" ? (i.gracePeriodSeconds ?? 300) : undefined,
      method,
      headers: http ? lowerKeys(i.headers) : undefined,
      body: http && method !== "HEAD" && method !== "GET" ? normalizeBody(i.body) : undefined,
      bodyType: http && i.body !== undefined && i.body !== null ? (i.bodyType ?? "RAW_JSON") : undefined,
      successCodes: http ? canonicalCodes(i.successCodes) : undefined,
      keyword: t === "KEYWORD" && i.keyword !== undefined ? String(i.keyword).trim() : undefined,
      keywordType: t === "KEYWORD" ? (i.keywordType ?? "ALERT_NOT_EXISTS") : undefined,
      keywordCaseSensitive: t === "KEYWORD" ? (i.keywordCaseSensitive ?? false) : undefined,
      port: t === "PORT" ? i.port : undefined,
      alertContacts: canonicalContacts(i.alertContacts),
      maintenanceWindowIds: ids(i.maintenanceWindowIds),
      tags: sortedUnique(i.tags ?? []),
      followRedirects: http ? (i.followRedirects ?? true) : undefined,
      checkSslErrors: http ? (i.checkSslErrors ?? false) : undefined,
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
    if (i.type === "KEYWORD") body.keywordCaseType = i.keywordCaseSensitive ? 1 : 0; // the update DTO takes 0/1
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
      keywordCaseSensitive: type === "KEYWORD" && caseType != null ? caseType === 1 || caseType === "1" || caseType === "CaseSensitive" : undefined,
      port: type === "PORT" && v.port != null ? v.port : undefined,
      alertContacts: v.assignedAlertContacts
        ? v.assignedAlertContacts.map((a) => ({ id: numericId(a.alertContactId) ?? String(a.alertContactId), threshold: a.threshold ?? 0, recurrence: a.recurrence ?? 0 }))
        : undefined,
      maintenanceWindowIds: v.maintenanceWindows ? v.maintenanceWindows.map((m) => m.id) : undefined,
      tags: v.tags ? v.tags.map((t) => unescapeHtml(t.name)) : undefined,
      followRedirects: http ? v.followRedirections : undefined,
      checkSslErrors: http ? v.checkSSLErrors : undefined,
    };
  },
  identifies: (v, i) => unescapeHtml(String(v.friendlyName ?? "")).trim() === String(i.name).trim(),
  extraOuts(v) {
    const type = vendorMonitorType(v.type);
    const out: Props = { monitorId: Number(v.id) };
    out.heartbeatUrl = type === "HEARTBEAT" && v.url ? unescapeHtml(String(v.url)) : undefined;
    return out;
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
};

/* ------------------------------------------------------------- integrations */

export type IntegrationType = "Slack" | "Webhook" | "Pagerduty";
export type NotifyFor = "UpAndDown" | "Down" | "Up" | "None";
const NOTIFY_FOR: readonly NotifyFor[] = ["UpAndDown", "Down", "Up", "None"];

/**
 * An alert integration (v3 /integrations): Slack, a generic webhook, or PagerDuty. `url` (Slack
 * webhook / webhook target) and `integrationKey` carry tokens: they are secret inputs and outputs.
 */
export interface IntegrationInputs {
  name: string;
  /** Cannot be changed in place: a change replaces the integration. */
  type: IntegrationType;
  notifyFor?: NotifyFor;
  sslExpirationReminder?: boolean;
  /** Slack: the incoming-webhook URL. Webhook: the URL to notify. */
  url?: string;
  /** Slack: text added to each message. */
  customValue?: string;
  /** Webhook: the body template, e.g. JSON with *monitorFriendlyName* placeholders. */
  postValue?: string;
  sendAsJson?: boolean;
  sendAsQueryString?: boolean;
  sendAsPostParameters?: boolean;
  headers?: Record<string, string>;
  /** PagerDuty: the 32-character integration key. */
  integrationKey?: string;
  location?: "us" | "eu";
  autoResolve?: boolean;
  adopt?: boolean;
}

export interface VendorIntegration {
  id: number;
  friendlyName?: string | null;
  type?: unknown;
  enableNotificationsFor?: unknown;
  sslExpirationReminder?: boolean | null;
  value?: string | null;
  customValue?: string | null;
  customHeaders?: Record<string, string> | null;
}

const NOTIFY_CODES: Record<string, NotifyFor> = { "0": "None", "1": "UpAndDown", "2": "Down", "3": "Up" };

function vendorNotifyFor(x: unknown): NotifyFor | undefined {
  if (x === undefined || x === null) return undefined;
  const s = String(x);
  if (NOTIFY_CODES[s]) return NOTIFY_CODES[s];
  return NOTIFY_FOR.find((n) => n.toLowerCase() === s.toLowerCase());
}

function integrationData(i: IntegrationInputs, forUpdate: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = {
    friendlyName: i.name,
    enableNotificationsFor: i.notifyFor ?? "UpAndDown",
    sslExpirationReminder: i.sslExpirationReminder ?? false,
  };
  if (i.type === "Slack") {
    data.webhookURL = i.url;
    data.customValue = i.customValue ?? "";
  } else if (i.type === "Webhook") {
    data.urlToNotify = i.url;
    data.postValue = i.postValue ?? "";
    data.sendAsJSON = i.sendAsJson ?? true;
    data.sendAsQueryString = i.sendAsQueryString ?? false;
    data.sendAsPostParameters = i.sendAsPostParameters ?? false;
    data.customHeaders = i.headers ?? {};
  } else if (i.type === "Pagerduty") {
    data.integrationKey = i.integrationKey;
    data.location = i.location ?? "us";
    data.autoResolve = i.autoResolve ?? true;
  }
  void forUpdate;
  return data;
}

export const integrationKind: Kind<IntegrationInputs, VendorIntegration> = {
  label: "UptimeRobot integration",
  collection: "/integrations",
  encoding: "json",
  adoptable: true,
  replaceOnChange: ["type"],
  nameOf: (i) => String(i.name ?? ""),
  validate(raw) {
    const c = new Checker(raw);
    c.string("name", { required: true, max: 60, expected: "a name of 1-60 characters" });
    c.oneOf("type", ["Slack", "Webhook", "Pagerduty"], { required: true });
    c.oneOf("notifyFor", NOTIFY_FOR);
    c.boolean("sslExpirationReminder");
    if (raw.type === "Slack" || raw.type === "Webhook") {
      c.string("url", { required: true, max: 1500, pattern: /^https?:\/\/\S+$/i, expected: "an http:// or https:// URL", secret: true });
    }
    if (raw.type === "Slack") c.string("customValue", { max: 5000 });
    if (raw.type === "Webhook") {
      c.string("postValue");
      c.stringMap("headers");
      for (const k of ["sendAsJson", "sendAsQueryString", "sendAsPostParameters"]) c.boolean(k);
    }
    if (raw.type === "Pagerduty") {
      c.string("integrationKey", { required: true, pattern: /^\S{32,}$/, expected: "a PagerDuty integration key of at least 32 characters", secret: true });
      c.oneOf("location", ["us", "eu"]);
      c.boolean("autoResolve");
    }
    c.boolean("adopt");
    return c.failures;
  },
  canonical(i) {
    const t = i.type;
    return {
      name: i.name === undefined ? undefined : String(i.name).trim(),
      type: t,
      notifyFor: i.notifyFor ?? "UpAndDown",
      sslExpirationReminder: i.sslExpirationReminder ?? false,
      url: t === "Slack" || t === "Webhook" ? i.url : undefined,
      customValue: t === "Slack" ? (i.customValue ?? "") : undefined,
      postValue: t === "Webhook" ? (i.postValue ?? "") : undefined,
      sendAsJson: t === "Webhook" ? (i.sendAsJson ?? true) : undefined,
      sendAsQueryString: t === "Webhook" ? (i.sendAsQueryString ?? false) : undefined,
      sendAsPostParameters: t === "Webhook" ? (i.sendAsPostParameters ?? false) : undefined,
      headers: t === "Webhook" ? lowerKeys(i.headers) : undefined,
      integrationKey: t === "Pagerduty" ? i.integrationKey : undefined,
      location: t === "Pagerduty" ? (i.location ?? "us") : undefined,
      autoResolve: t === "Pagerduty" ? (i.autoResolve ?? true) : undefined,
    };
  },
  createBody: (i) => ({ type: i.type, data: integrationData(i, false) }),
  updateBody: (i) => ({ type: i.type, data: integrationData(i, true) }),
  fromVendor(v) {
    const t = String(v.type ?? "");
    const type = (["Slack", "Webhook", "Pagerduty"] as const).find((x) => x.toLowerCase() === t.toLowerCase()) ?? (t as IntegrationType);
    return {
      name: unescapeHtml(String(v.friendlyName ?? "")),
      type,
      notifyFor: vendorNotifyFor(v.enableNotificationsFor),
      sslExpirationReminder: v.sslExpirationReminder ?? undefined,
      url: (type === "Slack" || type === "Webhook") && v.value ? unescapeHtml(v.value) : undefined,
      customValue: type === "Slack" && v.customValue != null ? unescapeHtml(v.customValue) : undefined,
      postValue: type === "Webhook" && v.customValue != null ? v.customValue : undefined,
      headers: type === "Webhook" && v.customHeaders ? v.customHeaders : undefined,
    };
  },
  identifies: (v, i) =>
    unescapeHtml(String(v.friendlyName ?? "")).trim() === String(i.name).trim() && String(v.type ?? "").toLowerCase() === String(i.type).toLowerCase(),
  extraOuts: (v) => ({ integrationId: Number(v.id) }),
};

/* ------------------------------------------------------- personal contacts */

/**
 * A personal alert contact (v3 /alert-contacts). Only e-mail is creatable through v3: Pro SMS and
 * voice contacts need phone verification in the UptimeRobot app, so reference those by id in a
 * monitor's alertContacts instead.
 */
export interface AlertContactInputs {
  name: string;
  type: "Email";
  /** The e-mail address; changing it replaces the contact (v3 cannot edit it). */
  value: string;
  sslExpirationReminder?: boolean;
  adopt?: boolean;
}

export interface VendorAlertContact {
  id: number;
  friendlyName?: string | null;
  type?: unknown;
  value?: string | null;
  sslExpirationReminder?: boolean | null;
}

function vendorContactType(t: unknown): string {
  if (t === 2 || t === "2") return "Email"; // v2 numbering, in case the untyped field is numeric
  const s = String(t ?? "");
  return s.toLowerCase() === "email" ? "Email" : s;
}

export const alertContactKind: Kind<AlertContactInputs, VendorAlertContact> = {
  label: "UptimeRobot alert contact",
  collection: "/alert-contacts",
  encoding: "json",
  adoptable: true,
  replaceOnChange: ["type", "value"],
  nameOf: (i) => String(i.name ?? i.value ?? ""),
  validate(raw) {
    const c = new Checker(raw);
    c.string("name", { required: true, max: 255 });
    c.oneOf("type", ["Email"], { required: true });
    if (raw.type === "ProSms" || raw.type === "Voice" || raw.type === "SMS") {
      c.fail("type", "SMS and voice contacts cannot be created through the v3 API (expected to verify the phone in UptimeRobot and reference the contact by id)");
    }
    c.string("value", { required: true, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, expected: "an e-mail address" });
    c.boolean("sslExpirationReminder");
    c.boolean("adopt");
    return c.failures;
  },
  canonical: (i) => ({
    name: i.name === undefined ? undefined : String(i.name).trim(),
    type: i.type,
    value: i.value === undefined ? undefined : String(i.value).trim().toLowerCase(),
    sslExpirationReminder: i.sslExpirationReminder ?? false,
  }),
  createBody: (i) => ({ type: i.type, friendlyName: i.name, value: i.value }),
  updateBody: (i) => ({ friendlyName: i.name, sslExpirationReminder: i.sslExpirationReminder ?? false }),
  fromVendor: (v) => ({
    name: v.friendlyName == null ? undefined : unescapeHtml(v.friendlyName),
    type: vendorContactType(v.type) as "Email",
    value: v.value == null ? undefined : unescapeHtml(v.value),
    sslExpirationReminder: v.sslExpirationReminder ?? undefined,
  }),
  // The marker of a contact is its address: the same e-mail twice is a duplicate whatever its name.
  identifies: (v, i) => vendorContactType(v.type) === i.type && unescapeHtml(String(v.value ?? "")).trim().toLowerCase() === String(i.value).trim().toLowerCase(),
  extraOuts: (v) => ({ alertContactId: Number(v.id) }),
};

/* ------------------------------------------------------ maintenance windows */

export interface MaintenanceWindowInputs {
  name: string;
  interval: "once" | "daily" | "weekly" | "monthly";
  /** Start date, YYYY-MM-DD (the API requires one for every interval). */
  date: string;
  /** Start time, HH:mm or HH:mm:ss. */
  time: string;
  durationMinutes: number;
  /** weekly: 1-7 (Monday = 1); monthly: 1-31, or -1 for the last day. */
  days?: number[];
  /** Applies to every monitor (cannot be changed in place: a change replaces the window). */
  autoAddMonitors?: boolean;
  paused?: boolean;
  adopt?: boolean;
}

export interface VendorMaintenanceWindow {
  id: number;
  name?: string;
  interval?: string;
  date?: string | null;
  time?: string;
  duration?: number;
  days?: number[];
  autoAddMonitors?: boolean;
  status?: string;
}

function canonicalTime(t: unknown): string | undefined {
  if (typeof t !== "string") return undefined;
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t.trim());
  if (!m) return t;
  return `${m[1].padStart(2, "0")}:${m[2]}:${m[3] ?? "00"}`;
}

export const maintenanceWindowKind: Kind<MaintenanceWindowInputs, VendorMaintenanceWindow> = {
  label: "UptimeRobot maintenance window",
  collection: "/maintenance-windows",
  encoding: "json",
  adoptable: true,
  replaceOnChange: ["autoAddMonitors"],
  nameOf: (i) => String(i.name ?? ""),
  validate(raw) {
    const c = new Checker(raw);
    c.string("name", { required: true, max: 255, pattern: /^[\s\S]{3,}$/, expected: "a name of 3-255 characters" });
    c.oneOf("interval", ["once", "daily", "weekly", "monthly"], { required: true });
    c.string("date", { required: true, pattern: /^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, expected: "a date YYYY-MM-DD in 19xx or 20xx" });
    c.string("time", { required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, expected: "a time HH:mm or HH:mm:ss" });
    c.number("durationMinutes", { required: true, min: 1, integer: true, unit: "minutes" });
    const days = raw.days;
    if (raw.interval === "weekly" || raw.interval === "monthly") {
      const [lo, hi] = raw.interval === "weekly" ? [1, 7] : [-1, 31];
      if (!Array.isArray(days) || days.length === 0) c.fail("days", `missing (expected the ${raw.interval === "weekly" ? "weekdays 1-7" : "days of the month 1-31 or -1"} it runs on)`);
      else
        days.forEach((d: unknown, n) => {
          if (typeof d !== "number" || !Number.isInteger(d) || d < lo || d > hi || d === 0)
            c.fail(`days[${n}]`, `${JSON.stringify(d)} is not valid (expected ${raw.interval === "weekly" ? "1-7" : "1-31 or -1"})`);
        });
    } else if (Array.isArray(days) && days.length > 0) {
      c.fail("days", `is set for a ${String(raw.interval)} window (expected days only for weekly or monthly)`);
    }
    c.boolean("autoAddMonitors");
    c.boolean("paused");
    c.boolean("adopt");
    return c.failures;
  },
  canonical: (i) => ({
    name: i.name === undefined ? undefined : String(i.name).trim(),
    interval: i.interval,
    date: typeof i.date === "string" ? i.date.slice(0, 10) : undefined,
    time: canonicalTime(i.time),
    durationMinutes: i.durationMinutes,
    days: i.interval === "weekly" || i.interval === "monthly" ? sortedUnique(i.days ?? []) : [],
    autoAddMonitors: i.autoAddMonitors ?? false,
    paused: i.paused ?? false,
  }),
  createBody(i) {
    const body: Record<string, unknown> = {
      name: i.name,
      interval: i.interval,
      date: i.date,
      time: canonicalTime(i.time),
      duration: i.durationMinutes,
      autoAddMonitors: i.autoAddMonitors ?? false,
    };
    if (i.interval === "weekly" || i.interval === "monthly") body.days = sortedUnique(i.days ?? []);
    return body;
  },
  updateBody(i) {
    const body: Record<string, unknown> = {
      name: i.name,
      interval: i.interval,
      date: i.date,
      time: canonicalTime(i.time),
      duration: i.durationMinutes,
      status: i.paused ? "paused" : "active",
    };
    if (i.interval === "weekly" || i.interval === "monthly") body.days = sortedUnique(i.days ?? []);
    return body;
  },
  fromVendor: (v) => ({
    name: v.name === undefined ? undefined : unescapeHtml(v.name),
    interval: v.interval as MaintenanceWindowInputs["interval"],
    date: typeof v.date === "string" ? v.date.slice(0, 10) : undefined,
    time: v.time,
    durationMinutes: v.duration,
    days: v.days ? [...v.days] : undefined,
    autoAddMonitors: v.autoAddMonitors,
    paused: v.status === undefined ? undefined : v.status === "paused",
  }),
  identifies: (v, i) => unescapeHtml(String(v.name ?? "")).trim() === String(i.name).trim(),
  extraOuts: (v) => ({ maintenanceWindowId: Number(v.id) }),
};

/* ------------------------------------------------------ public status page */

export interface StatusPageInputs {
  name: string;
  monitorIds?: Array<string | number>;
  customDomain?: string;
  /** Password protection (secret). UptimeRobot only reports whether one is set. */
  password?: string;
  status?: "ENABLED" | "PAUSED";
  hideUrlLinks?: boolean;
  noIndex?: boolean;
  sort?: "FriendlyNameAsc" | "FriendlyNameDesc" | "StatusUpDownPaused" | "StatusDownUpPaused";
  homepageLink?: string;
  adopt?: boolean;
}

export interface VendorPsp {
  id: number;
  friendlyName?: string;
  customDomain?: string | null;
  monitorIds?: number[] | null;
  status?: unknown;
  urlKey?: string;
  hideUrlLinks?: boolean;
  noIndex?: boolean;
  homepageLink?: string | null;
}

export const statusPageKind: Kind<StatusPageInputs, VendorPsp> = {
  label: "UptimeRobot status page",
  collection: "/psps",
  encoding: "form",
  adoptable: true,
  replaceOnChange: [],
  nameOf: (i) => String(i.name ?? ""),
  validate(raw) {
    const c = new Checker(raw);
    c.string("name", { required: true, max: 255 });
    c.idList("monitorIds");
    c.string("customDomain", { max: 255, pattern: /^[a-z0-9.-]+\.[a-z]{2,}$/i, expected: "a host name such as status.example.com" });
    c.string("password", { max: 255, secret: true });
    c.oneOf("status", ["ENABLED", "PAUSED"]);
    c.boolean("hideUrlLinks");
    c.boolean("noIndex");
    c.oneOf("sort", ["FriendlyNameAsc", "FriendlyNameDesc", "StatusUpDownPaused", "StatusDownUpPaused"]);
    c.string("homepageLink", { max: 255, pattern: /^https?:\/\/\S+$/i, expected: "an http:// or https:// URL" });
    c.boolean("adopt");
    return c.failures;
  },
  canonical: (i) => ({
    name: i.name === undefined ? undefined : String(i.name).trim(),
    monitorIds: ids(i.monitorIds),
    customDomain: i.customDomain ?? "",
    password: i.password ?? "",
    status: i.status ?? "ENABLED",
    hideUrlLinks: i.hideUrlLinks ?? false,
    noIndex: i.noIndex ?? false,
    sort: i.sort,
    homepageLink: i.homepageLink,
  }),
  createBody(i) {
    return {
      friendlyName: i.name,
      monitorIds: ids(i.monitorIds).map(Number),
      customDomain: i.customDomain,
      password: i.password,
      status: i.status ?? "ENABLED",
      hideUrlLinks: i.hideUrlLinks ?? false,
      noIndex: i.noIndex ?? false,
      sort: i.sort,
      homepageLink: i.homepageLink,
    };
  },
  updateBody(i) {
    return this.createBody(i);
  },
  fromVendor: (v) => ({
    name: v.friendlyName === undefined ? undefined : unescapeHtml(v.friendlyName),
    monitorIds: v.monitorIds ? [...v.monitorIds] : undefined,
    customDomain: v.customDomain ?? undefined,
    status: typeof v.status === "string" ? (v.status.toUpperCase() as StatusPageInputs["status"]) : undefined,
    hideUrlLinks: v.hideUrlLinks,
    noIndex: v.noIndex,
    homepageLink: v.homepageLink == null ? undefined : unescapeHtml(v.homepageLink),
  }),
  identifies: (v, i) => unescapeHtml(String(v.friendlyName ?? "")).trim() === String(i.name).trim(),
  extraOuts: (v) => ({
    statusPageId: Number(v.id),
    urlKey: v.urlKey,
    publicUrl: v.customDomain ? `https://${v.customDomain}` : v.urlKey ? `https://stats.uptimerobot.com/${v.urlKey}` : undefined,
  }),
};
