/**
 * Stack settings: everything under the `monitoring:` namespace of `Pulumi.<stack>.yaml`, read
 * into typed values. Each top-level field below is one config key (`monitoring:contacts`,
 * `monitoring:routing`, ...). Unknown keys are errors, so a typo never silently does nothing.
 *
 * `monitoring:vendors` is assembled from the vendor modules (src/targets/<vendor>/settings.ts):
 * this file names no vendor. Each vendor's block gets `enabled` and its own defaults.
 */
import { z } from "zod";
import { Contact, DurationSchema, Key, Routing, StackStatusPageFields } from "../model";
import { issuesOf } from "../model/issues";

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
  environment: z.string().min(1).optional(),
  /** Per service (by key): what differs per stack. */
  services: z
    .record(
      Key,
      z.strictObject({
        baseUrl: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }).optional(),
      }),
    )
    .default({}),
  contacts: z.record(Key, Contact).default({}),
  routing: Routing.default({ critical: [], warning: [] }),
  checks: z
    .strictObject({
      /** Interval for checks that do not set one. */
      interval: DurationSchema.default("5m"),
    })
    .prefault({}),
  statusPage: z
    .strictObject({
      enabled: z.boolean({ error: "expected true or false" }).default(true),
      /** The stack page's custom domain; without a stack page, overrides the definition's. */
      customDomain: z.string().optional(),
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
  const object: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, text] of Object.entries(raw)) {
    if (!fullKey.startsWith(prefix)) continue;
    // An own property even for a key like `__proto__`, which the strict schema then rejects.
    Object.defineProperty(object, fullKey.slice(prefix.length), { value: decodeConfigValue(text), enumerable: true, writable: true, configurable: true });
  }
  const schema = settingsSchema(vendors);
  const parsed = schema.safeParse(object);
  if (parsed.success) return { settings: parsed.data, issues: [] };
  return { issues: issuesOf(parsed.error, schema).map((issue) => ({ path: `${CONFIG_NAMESPACE}:${dotted(issue.path)}`, message: issue.message })) };
}

export function dotted(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number" || /^\d+$/.test(String(part))) out += `[${part}]`;
    else out += out === "" ? String(part) : `.${part}`;
  }
  return out;
}

/** Pulumi passes structured values as JSON text and scalars as plain text. */
function decodeConfigValue(text: string): unknown {
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
