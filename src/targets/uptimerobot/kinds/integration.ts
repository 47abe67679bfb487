/**
 * UptimeRobot alert integrations (v3 /integrations): Slack, a generic webhook, or PagerDuty. The
 * Slack / webhook URL and the PagerDuty key carry tokens: secret inputs and outputs, never echoed.
 */
import { createHash } from "node:crypto";
import { apiError, isApiError } from "../../dynamic/errors";
import type { Transport } from "../../dynamic/kind";
import { checker, lowerKeys, unescapeHtml, uptimeRobotKind } from "./common";

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

function integrationData(i: IntegrationInputs): Record<string, unknown> {
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
  return data;
}

/** A flag as the webhook's customValue JSON holds it: true/false, "1"/"0", "true"/"false" or 1/0. */
function flag(x: unknown): boolean | undefined {
  if (typeof x === "boolean") return x;
  if (x === 1 || x === "1" || x === "true") return true;
  if (x === 0 || x === "0" || x === "false" || x === "") return false;
  return undefined;
}

/**
 * A webhook integration reads its body template and flags back as one JSON text in `customValue`:
 * `{"postValue": ..., "sendJSON": ..., "sendQuery": ..., "sendPost": ...}` (UptimeRobot's Terraform
 * provider, internal/provider/integration/resource.go: webhookConfig, parseWebhookConfig and
 * webhookFlagFromRaw, which accept booleans, "1"/"0" and numbers). Text that is not such an object
 * is the template itself (as written by earlier API versions).
 */
function webhookFromCustomValue(customValue: string | null | undefined): Partial<IntegrationInputs> {
  if (customValue == null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(customValue);
  } catch {
    parsed = undefined;
  }
  const o = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  if (!o || !["postValue", "sendJSON", "sendQuery", "sendPost"].some((k) => k in o)) return { postValue: customValue };
  const pv = o.postValue;
  return {
    postValue: pv === undefined || pv === null ? undefined : typeof pv === "string" ? pv : JSON.stringify(pv),
    sendAsJson: flag(o.sendJSON),
    sendAsQueryString: flag(o.sendQuery),
    sendAsPostParameters: flag(o.sendPost),
  };
}

type IntegrationTransport = Transport<VendorIntegration, Record<string, unknown>, Record<string, unknown>>;

/** Creates in flight in this process, by integration type and URL (hashed: the URLs are secrets). */
const creating = new Map<string, Promise<unknown>>();

/** The webhook URL (or key) of a create body, which UptimeRobot allows once per integration type. */
function valueOf(body: Record<string, unknown>): string | undefined {
  const data = (body.data ?? {}) as Record<string, unknown>;
  const v = data.webhookURL ?? data.urlToNotify ?? data.integrationKey;
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * UptimeRobot allows one integration of a type per webhook URL: another create answers 409, and
 * the check is not transactional, so concurrent creates of one URL can both succeed (UptimeRobot's
 * Terraform provider, docs/resources/integration.md; internal/provider/integration/create_lock.go
 * serializes such creates, resource.go reports the 409 with "import the existing integration or
 * change the configuration"). Here too: creates with one URL wait for each other in this process,
 * and a 409 names the integration that has the URL (looked up by it; the URL is never shown). It
 * is not taken over: another stack sharing the account may own it, and would lose it on delete.
 */
function oneIntegrationPerUrl(t: IntegrationTransport): IntegrationTransport {
  return {
    ...t,
    async create(body) {
      const value = valueOf(body);
      if (value === undefined) return t.create(body);
      const key = createHash("sha256").update(`${String(body.type).toLowerCase()}\0${value}`).digest("hex");
      const before = creating.get(key) ?? Promise.resolve();
      const mine = before.catch(() => undefined).then(() => createOrExplain(t, body, value));
      creating.set(key, mine);
      try {
        return await mine;
      } finally {
        if (creating.get(key) === mine) creating.delete(key);
      }
    },
  };
}

async function createOrExplain(t: IntegrationTransport, body: Record<string, unknown>, value: string): Promise<VendorIntegration> {
  try {
    return await t.create(body);
  } catch (e) {
    if (!isApiError(e) || e.status !== 409) throw e;
    const type = String(body.type);
    const holder = (await t.list({ fresh: true })).find((v) => String(v.type ?? "").toLowerCase() === type.toLowerCase() && v.value != null && unescapeHtml(v.value) === value);
    const who = holder ? `"${unescapeHtml(String(holder.friendlyName ?? ""))}", id ${holder.id}` : "UptimeRobot answered 409";
    const what = type === "Pagerduty" ? "integration key" : "URL";
    throw apiError(
      `UptimeRobot already has a ${type} integration with this ${what} (${who}) and allows only one per ${what} (expected a ${what} of its own for this contact, e.g. another incoming webhook for the same channel; or, if nothing else uses ${holder ? "that integration" : "it"}, delete it at UptimeRobot and run \`pulumi up\` again)`,
      "client",
      409,
      false,
    );
  }
}

export const integrationKind = uptimeRobotKind<IntegrationInputs, VendorIntegration>({
  id: "uptimerobot:Integration",
  secrets: ["url", "integrationKey"],
  label: "UptimeRobot integration",
  collection: "/integrations",
  encoding: "json",
  adoptable: true,
  replaceOnChange: ["type"],
  nameOf: (i) => String(i.name ?? ""),
  validate(raw) {
    const c = checker(raw);
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
  createBody: (i) => ({ type: i.type, data: integrationData(i) }),
  updateBody: (i) => ({ type: i.type, data: integrationData(i) }),
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
      headers: type === "Webhook" && v.customHeaders ? v.customHeaders : undefined,
      ...(type === "Webhook" ? webhookFromCustomValue(v.customValue) : {}),
    };
  },
  identifies: (v, i) =>
    unescapeHtml(String(v.friendlyName ?? "")).trim() === String(i.name).trim() && String(v.type ?? "").toLowerCase() === String(i.type).toLowerCase(),
  extraOuts: (v) => ({ integrationId: Number(v.id) }),
  transport: oneIntegrationPerUrl,
});

