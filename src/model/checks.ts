/** Uptime checks, the public status page and maintenance windows (UptimeRobot). */
import { z } from "zod";
import { alertFields, durationBetween, DurationSchema, HttpUrl, Key, KEY_PATTERN, Severity, unionMessage } from "./common";
import { durationMs } from "./duration";
import { label, shown, text } from "./text";
import { HostName, HttpHeaders, MediaType, UrlPath } from "./urls";

// ---------------------------------------------------------------------------------------------
// Uptime checks

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const STATUS = "expected an HTTP status code (100-599) or a class like \"2xx\"";
const StatusCode = z.union([
  z.number({ error: STATUS }).int({ error: STATUS }).min(100, { error: STATUS }).max(599, { error: STATUS }),
  z.enum(["1xx", "2xx", "3xx", "4xx", "5xx"]),
], { error: 'expected an HTTP status code (100-599) or a class like "2xx"' });
export type StatusCode = z.infer<typeof StatusCode>;

export const HttpCheck = z
  .strictObject({
    kind: z.literal("http"),
    ...alertFields,
    severity: Severity.default("critical"),
    /** A path under the service's base URL for this stack, such as "/health"... */
    path: UrlPath.optional(),
    /** ...or a full URL, for endpoints that are not under the base URL. */
    url: HttpUrl.optional(),
    method: z.enum(HTTP_METHODS).default("GET"),
    headers: HttpHeaders.default({}),
    body: z
      .union([
        // Any JSON value here; which ones a vendor can send is its own check (UptimeRobot: objects only).
        z.strictObject({ json: z.json({ error: "expected JSON data: objects, arrays, strings, finite numbers, true, false or null" }) }),
        // 64 KiB: the project's own cap (no vendor documents one), so a body cannot swell plans.
        z.strictObject({ raw: text(65_536), contentType: MediaType.default("text/plain") }),
      ], {
        error: unionMessage(
          (b) => (b !== null && typeof b === "object" ? ("raw" in b ? 1 : "json" in b ? 0 : undefined) : undefined),
          'expected a body { json: ... } or { raw: "...", contentType? }',
        ),
      })
      .optional(),
    /** Statuses that count as up, e.g. [200, 400] for an endpoint that rejects an empty body. */
    expectStatus: z.array(StatusCode).min(1).default(["2xx", "3xx"]),
    /** Text that must be (or must not be) in the response body. */
    keyword: z
      .strictObject({
        text: label(2000),
        expect: z.enum(["present", "absent"]).default("present"),
        caseSensitive: z.boolean().default(false),
      })
      .optional(),
    timeout: durationBetween("1s", "60s").default("30s"),
    /** How often to check; when left out, the stack's `monitoring:checks.interval`. */
    interval: durationBetween("30s", "1d").optional(),
    /** Alert only after the check has been failing this long (vendor rounds to whole checks). */
    alertAfter: DurationSchema.optional(),
    /** Repeat the alert this often while down; left out, alert once. */
    repeatEvery: DurationSchema.optional(),
    tags: z.array(label(200)).max(50).default([]),
    /** Take over an existing vendor monitor with the same name instead of creating a duplicate. */
    adopt: z.boolean().default(false),
    /**
     * Alert before the TLS certificate of this https:// URL expires, on each of `expiryDaysBefore`
     * days before it does (0-365, at most 10; UptimeRobot's own default is 30, 14, 7 and 0).
     */
    ssl: z
      .strictObject({
        expiryDaysBefore: z
          .array(z.number({ error: "expected whole days, 0-365" }).int({ error: "expected whole days, 0-365" }).min(0, { error: "expected whole days, 0-365" }).max(365, { error: "expected whole days, 0-365" }))
          .min(1, { error: "expected at least one day" })
          .max(10, { error: "expected at most 10 days" })
          .refine((days) => new Set(days).size === days.length, { error: "expected each day once" })
          .default([30, 14, 7, 0]),
      })
      .optional(),
    /** Alert before the registration of this URL's domain expires (the vendor decides how early). */
    domainExpiry: z.boolean().default(false),
  })
  .refine((c) => (c.path === undefined) !== (c.url === undefined), {
    error: "expected exactly one of path or url",
    path: ["path"],
  })
  .refine((c) => c.body === undefined || !["GET", "HEAD"].includes(c.method), {
    error: "expected a method that carries a body (POST, PUT, PATCH, DELETE or OPTIONS) when body is set",
    path: ["method"],
  });

export const HeartbeatCheck = z
  .strictObject({
  kind: z.literal("heartbeat"),
  ...alertFields,
  severity: Severity.default("critical"),
  /** How often the job reports in: a cron job running daily has period "1d". */
  period: durationBetween("30s", "7d"),
  /** How late a report may be before it counts as missed. */
  grace: durationBetween("0s", "1d").default("5m"),
  tags: z.array(label(200)).max(50).default([]),
  adopt: z.boolean().default(false),
  })
  // Grace is how late one report may be. Longer than the period, whole periods pass unreported
  // before anyone hears of it: a job every minute with an hour's grace misses 60 runs silently.
  .refine((h) => durationMs(h.grace) <= durationMs(h.period), {
    error: (issue) => {
      const h = issue.input as { period: string; grace: string };
      return `a grace of ${h.grace} is longer than the period of ${h.period}, so whole periods could pass without a report and without an alert (expected a grace of at most ${h.period})`;
    },
    path: ["grace"],
  });

export const Check = z.discriminatedUnion("kind", [HttpCheck, HeartbeatCheck], {
  error: 'expected a check with kind "http" or "heartbeat"',
});
export type Check = z.infer<typeof Check>;
export type HttpCheck = z.infer<typeof HttpCheck>;
export type HeartbeatCheck = z.infer<typeof HeartbeatCheck>;

// ---------------------------------------------------------------------------------------------
// Status page and maintenance windows

export const StatusPage = z.strictObject({
  title: label(200),
  /** Keys of this service's checks shown on the page. */
  checks: z.array(Key).min(1),
  /** A custom domain such as status.example.com; a stack may override it. */
  customDomain: HostName.optional(),
});
export type StatusPage = z.infer<typeof StatusPage>;

const KEY = KEY_PATTERN.source.slice(1, -1);
/** A check of any service of the stack, as "service/check" (what a stack-level status page lists). */
const CHECK_REF_EXPECTED = 'expected "service/check", like "finsight-api/health"';
export const CheckRef = z
  .string()
  .regex(new RegExp(`^${KEY}/${KEY}$`), { error: (issue) => (typeof issue.input === "string" ? `${shown(issue.input)} is not a check (${CHECK_REF_EXPECTED})` : CHECK_REF_EXPECTED) });

/**
 * The stack's own public status page (stack settings, `monitoring:statusPage`): one page listing
 * checks of several services. A service's `statusPage` stays valid beside it.
 */
export const StackStatusPageFields = {
  /** The page's title; needed when it lists checks. */
  title: label(200).optional(),
  /** The checks on the page, as "service/check"; when set, the stack publishes this page. */
  checks: z.array(CheckRef).min(1).optional(),
};

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time of day "HH:MM" (24-hour)' });
/** Zones already asked about: Intl loads a zone's rules each time a formatter is built (~0.5 ms). */
const knownZones = new Map<string, boolean>();
function isTimeZone(tz: string): boolean {
  let known = knownZones.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(tz, known);
  }
  return known;
}
export const TimeZone = z.string().max(64, { error: 'expected an IANA time zone like "UTC" or "Europe/Berlin"' }).refine(isTimeZone, {
  error: 'expected an IANA time zone like "UTC" or "Europe/Berlin"',
});
/** Whether "YYYY-MM-DD..." names a day that exists (2025-02-30 does not). */
function isCalendarDate(start: string): boolean {
  const [y, m, d] = [Number(start.slice(0, 4)), Number(start.slice(5, 7)), Number(start.slice(8, 10))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const windowFields = {
  name: label(200).optional(),
  duration: durationBetween("1m", "7d"),
  timeZone: TimeZone.default("UTC"),
  /** Keys of the checks paused in this window; left out, all of the service's checks. */
  checks: z.array(Key).optional(),
};
export const MaintenanceWindow = z.discriminatedUnion(
  "repeat",
  [
    z.strictObject({
      repeat: z.literal("once"),
      ...windowFields,
      start: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a local start "YYYY-MM-DDTHH:MM"' })
        .refine(isCalendarDate, { error: (issue) => `${String(issue.input).slice(0, 10)} is not a day of the calendar (expected a real date, like 2025-02-28)` }),
    }),
    z.strictObject({ repeat: z.literal("daily"), ...windowFields, at: TimeOfDay }),
    z.strictObject({ repeat: z.literal("weekly"), ...windowFields, at: TimeOfDay, days: z.array(z.enum(WEEKDAYS)).min(1) }),
    z.strictObject({
      repeat: z.literal("monthly"),
      ...windowFields,
      at: TimeOfDay,
      /** Day of the month, 1-31, or -1 for the last day. */
      dayOfMonth: z.number().int().min(-1).max(31).refine((d) => d !== 0, { error: "expected 1-31, or -1 for the last day" }),
    }),
  ],
  { error: 'expected a maintenance window with repeat "once", "daily", "weekly" or "monthly"' },
);
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;
