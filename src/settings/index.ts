/**
 * Stack settings: everything under the `monitoring:` namespace of `Pulumi.<stack>.yaml`, read
 * into typed values. Each top-level field below is one config key (`monitoring:contacts`,
 * `monitoring:routing`, ...). Unknown keys are errors, so a typo never silently does nothing.
 *
 * `monitoring:vendors` is assembled from the vendor modules (src/targets/<vendor>/settings.ts):
 * this file names no vendor. Each vendor's block gets `enabled` and its own defaults.
 */
import { z } from "zod";
import { Contact, HostName, HttpUrl, Key, keyed, label, OFFLINE_SECRET, PARSE_ONCE, Routing } from "../model";
import { HttpCheck, StackStatusPageFields } from "../model/checks";
import { isSecretAt, issuesOf, unwrapped } from "../model/issues";
import { related, snapshot } from "../model/snapshot";

export const CONFIG_NAMESPACE = "monitoring";

const Level = z.enum(["error", "warning", "off"], { error: 'expected "error", "warning" or "off"' });
export type Level = z.infer<typeof Level>;

/** What every vendor's settings have. */
export interface VendorSettings {
  enabled: boolean;
}

/** What settings need of a vendor module: its key and the schema of its block. */
export interface VendorSettingsSpec {
  name: string;
  settings: z.ZodObject;
  enabledByDefault?: boolean;
}

const Common = z.strictObject({
  /** Environment name used in alert names and Sentry filters; defaults to the stack name. */
  environment: label(200).optional(),
  /** Per service (by key): what differs per stack. */
  services: keyed(
    z.strictObject({
      baseUrl: HttpUrl.optional(),
      /** This service's routing on this stack, per severity; a severity left out follows `monitoring:routing`. */
      routing: z.strictObject({ critical: z.array(Key).optional(), warning: z.array(Key).optional() }).optional(),
    }),
  ).prefault({}),
  contacts: keyed(Contact).prefault({}),
  routing: Routing.default({ critical: [], warning: [] }),
  checks: z
    .strictObject({
      /** Interval for checks that do not set one. */
      // The same bounds as a check's own interval: the stack's is only its default.
      interval: HttpCheck.shape.interval.unwrap().default("5m"),
    })
    .prefault({}),
  statusPage: z
    .strictObject({
      enabled: z.boolean({ error: "expected true or false" }).default(true),
      /** The stack page's custom domain; without a stack page, overrides the definition's. */
      // Checked as the definition's custom domain is.
      customDomain: HostName.optional(),
      ...StackStatusPageFields,
    })
    .refine((p) => p.checks === undefined || p.title !== undefined, { error: "missing (expected the title of the stack's status page, which lists checks)", path: ["title"] })
    .prefault({}),
  /** How strictly each policy rule is enforced on this stack. */
  policy: z
    .strictObject({
      criticalReachesPager: Level.default("error"),
      checkHasContact: Level.default("error"),
      alertHasRunbook: Level.default("error"),
    })
    .prefault({}),
});

export type Settings = z.output<typeof Common> & {
  /** Per vendor module (by its name): `enabled` and the vendor's own settings. */
  vendors: Readonly<Record<string, VendorSettings>>;
};

const schemas = new WeakMap<readonly VendorSettingsSpec[], z.ZodType>();

/** The schema of the whole `monitoring:` namespace for a set of vendors. */
export function settingsSchema(vendors: readonly VendorSettingsSpec[]): z.ZodType<Settings> {
  let schema = schemas.get(vendors);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const v of vendors) {
      shape[v.name] = v.settings.extend({ enabled: z.boolean({ error: "expected true or false" }).default(v.enabledByDefault ?? true) }).prefault({});
    }
    schema = Common.extend({ vendors: z.strictObject(shape).prefault({}) });
    schemas.set(vendors, schema);
  }
  return schema as z.ZodType<Settings>;
}

/**
 * Raw stack config the way the Pulumi CLI hands it to a program: `namespace:key` → string,
 * objects and arrays JSON-encoded.
 */
export type RawConfig = Record<string, string>;

export interface SettingsIssue {
  /** e.g. `monitoring:contacts.oncall.phone` */
  path: string;
  message: string;
}

/** Reads the `monitoring:` keys of a raw config map into typed settings, or every problem. */
export function parseSettings(raw: RawConfig, vendors: readonly VendorSettingsSpec[]): { settings?: Settings; issues: SettingsIssue[] } {
  const schema = settingsSchema(vendors);
  const object = Object.create(null) as Record<string, unknown>;
  const issues: SettingsIssue[] = [];
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, text] of Object.entries(raw)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    const structured = isStructured(schema, key);
    if (text.trim() === "") {
      issues.push({ path: fullKey, message: `is empty (expected ${structured ? "a mapping { key: value }" : "a value"}, see README "Stack settings")` });
      continue;
    }
    object[key] = structured ? decodeStructured(text) : text;
  }
  // Plain data without prototypes: a "__proto__" key anywhere is reported, not dropped (zod skips it).
  const copied = snapshot(object);
  for (const issue of copied.issues) issues.push({ path: `${CONFIG_NAMESPACE}:${dotted(issue.path)}`, message: issue.message });
  // Only secrets (fields the schema marks secret: contact phones and webhook URLs, vendor keys) can
  // be encrypted; anything else must be readable to be checked and shown.
  for (const at of encryptedPaths(copied.value, [])) {
    if (!isSecretAt(schema, at)) {
      copied.issues.push({ path: at, message: "is encrypted (secure:), but it is not a secret: it is shown in vendor names and plans (expected it in plain text)" });
      issues.push({ path: `${CONFIG_NAMESPACE}:${dotted(at)}`, message: copied.issues[copied.issues.length - 1].message });
    }
  }
  const parsed = schema.safeParse(copied.value, PARSE_ONCE);
  if (parsed.success && issues.length === 0) return { settings: parsed.data, issues: [] };
  if (!parsed.success) {
    for (const issue of issuesOf(parsed.error, schema, copied.value)) {
      if (copied.issues.some((c) => related(c.path, issue.path) && issue.path.length > 0)) continue;
      issues.push({ path: `${CONFIG_NAMESPACE}:${dotted(issue.path)}`, message: issue.message });
    }
  }
  return { issues };
}

/** Whether a top-level key holds a mapping or list (JSON text, the way Pulumi passes them) rather than text. */
function isStructured(schema: z.ZodType, key: string): boolean {
  const def = unwrapped(schema);
  const field = def.type === "object" && def.shape && Object.hasOwn(def.shape, key) ? unwrapped(def.shape[key]) : undefined;
  // Unknown keys are decoded too, so that the message about them is about the key, not its value.
  return field === undefined || ["object", "record", "array"].includes(field.type);
}

/** Paths of the values that arrived encrypted (offline, the placeholder). */
function encryptedPaths(value: unknown, path: (string | number)[]): (string | number)[][] {
  if (value === OFFLINE_SECRET) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => encryptedPaths(v, [...path, i]));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => encryptedPaths(v, [...path, k]));
  return [];
}

export function dotted(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number" || /^\d+$/.test(String(part))) out += `[${part}]`;
    else out += out === "" ? String(part) : `.${part}`;
  }
  return out;
}

/**
 * Pulumi passes structured values as JSON text and scalars as plain text. A scalar key
 * (`monitoring:environment`) is taken as the text it is, so "2024" stays the name "2024".
 */
function decodeStructured(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}
