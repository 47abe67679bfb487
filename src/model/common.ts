/**
 * Building blocks of the definition language (keys, durations, severities, runbooks, the fields
 * every alert shares) and contacts and routing, which stack settings use too.
 */
import { z } from "zod";
import { type Duration, isDuration, durationMs } from "./duration";
import { label, shown, text } from "./text";
import { HttpUrl, SecretHttpsUrl, SecretUrl } from "./urls";

export { HttpUrl } from "./urls";

// ---------------------------------------------------------------------------------------------
// Building blocks

/**
 * Parse options for the one pass a command makes over the definitions and the stack settings.
 * zod generates a fast path for each object schema with `new Function` on its first parse; a
 * command parses each schema a few hundred times at most, too few for the generated code to pay
 * for itself (`Service.safeParse` in a fresh process: 2 definitions 44 → 18 ms interpreted, 200
 * definitions 240 → 143 ms, 666 about even; docs/performance.md). zod's interpreted path gives the
 * same values and the same messages.
 */
export const PARSE_ONCE = { jitless: true } as const;

export const KEY_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const KEY_EXPECTED = 'expected a lowercase key of letters, digits and dashes, like "api-health"';
export const Key = z
  .string()
  // The value is echoed escaped: a trailing space or a capital letter is what the reader must see.
  .regex(KEY_PATTERN, { error: (issue) => (typeof issue.input === "string" ? `${shown(issue.input)} is not a key (${KEY_EXPECTED})` : KEY_EXPECTED) });

/**
 * The longest duration the language takes: no vendor here accepts a longer one (the longest are
 * UptimeRobot's 31-day heartbeat interval and Sentry's 30-day issue-alert frequency; see
 * docs/limits.md), and it keeps every conversion to seconds exact.
 */
export const MAX_DURATION: Duration = "365d";

/**
 * A collection keyed by stable keys (`checks`, `contacts`, ...). It parses into an object without
 * a prototype, so that looking up a key the collection does not have (`constructor`,
 * `toString`) finds nothing instead of a built-in of every JavaScript object.
 */
export function keyed<T extends z.ZodType>(value: T) {
  return z.record(Key, value).transform((entries) => Object.assign(Object.create(null) as Record<string, z.output<T>>, entries));
}

const DurationText = z.custom<Duration>((value) => typeof value === "string" && isDuration(value), {
  error: (issue) =>
    typeof issue.input === "string"
      ? `${shown(issue.input)} is not a duration (expected a whole number and a unit: ms, s, m, h, d or w, like "5m")`
      : 'expected a duration string like "30s", "5m", "1h" or "30d"',
});

export const DurationSchema = DurationText.refine((d) => durationMs(d) <= durationMs(MAX_DURATION), {
  error: (issue) => `${shown(String(issue.input))} is longer than any vendor accepts (expected at most ${MAX_DURATION})`,
});

/** A duration within bounds, for messages such as `must be at least 30s`. */
export function durationBetween(min: Duration, max: Duration) {
  return DurationText.refine((d) => durationMs(d) >= durationMs(min) && durationMs(d) <= durationMs(max), {
    error: `expected a duration between ${min} and ${max}`,
  });
}

export const Severity = z.enum(["critical", "warning"], {
  error: 'expected severity "critical" (wakes someone) or "warning" (e-mail or Slack)',
});
export type Severity = z.infer<typeof Severity>;

/**
 * A value that is a secret (phone number, webhook URL with a token, integration key).
 * When a stack is planned offline, `secure:` values cannot be decrypted; they arrive as
 * {@link OFFLINE_SECRET}, which passes validation because its real shape cannot be known here.
 */
export const OFFLINE_SECRET = "[secret: encrypted in stack config]";
function secret(shape: z.ZodType<string>, expected: string) {
  return z
    .string({ error: expected })
    .refine((value) => value === OFFLINE_SECRET || shape.safeParse(value).success, { error: expected })
    .meta({ secret: true });
}

/**
 * A union's message that says what is wrong inside the option the input was meant for (chosen by
 * `option`), with the path within it, rather than only that no option matched.
 */
export function unionMessage(option: (input: unknown) => number | undefined, fallback: string) {
  return (issue: { code?: string; input?: unknown; errors?: readonly (readonly { message: string; path?: readonly PropertyKey[] }[])[] }): string => {
    const index = issue.code === "invalid_union" ? option(issue.input) : undefined;
    const inner = index === undefined ? undefined : issue.errors?.[index]?.[0];
    if (!inner || inner.message.startsWith("Invalid")) return fallback;
    const where = (inner.path ?? []).map(String).join(".");
    return `${where ? `${where}: ` : ""}${inner.message}; ${fallback}`;
  };
}

const RUNBOOK = "expected a runbook: an http(s) URL, or { url?, steps: [...] }";
export const Runbook = z.union(
  [
    HttpUrl,
    z
      .strictObject({
        url: HttpUrl.optional(),
        steps: z.array(text(2000)).min(1, { error: "expected at least one step" }).max(50).optional(),
      })
      .refine((r) => r.url !== undefined || r.steps !== undefined, { error: "expected a runbook url or steps" }),
  ],
  // A runbook that is almost right says what is wrong in it (credentials, white space), not just "expected a runbook".
  { error: unionMessage((input) => (typeof input === "string" ? 0 : input !== null && typeof input === "object" ? 1 : undefined), RUNBOOK) },
);
export type Runbook = z.infer<typeof Runbook>;

/** Fields every alert shares: who hears of it, how loudly, and what to do about it. */
export const alertFields = {
  /** Human name shown in the vendor's UI; defaults to the service name and the key. */
  name: label(200).optional(),
  severity: Severity.default("warning"),
  runbook: Runbook.optional(),
  /** Contact keys that hear of this alert instead of the stack's routing for its severity. */
  notify: z.array(Key).optional(),
  description: text(2000).optional(),
};

// ---------------------------------------------------------------------------------------------
// Contacts and routing (usually written in stack settings, since they differ per environment)

/**
 * A Slack channel as Sentry and Grafana address it: "#name", or "@user" for a direct message.
 * Slack channel names are lowercase letters, digits, "-" and "_", at most 80 characters
 * (Slack Help Center, "Create a channel").
 */
const SlackChannel = z
  .string()
  .regex(/^(#[a-z0-9_-]{1,80}|@[A-Za-z0-9._-]{1,80})$/, { error: 'expected a Slack channel like "#alerts" (lowercase letters, digits, - and _, at most 80) or "@user"' });

const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/);
const PHONE = "expected a phone number in E.164 form, like +15555550100";
/**
 * UptimeRobot verifies phone numbers in its app, and its API cannot create SMS or voice
 * contacts: give the id of the verified contact so uptime checks can text or call it.
 */
const UPTIMEROBOT_ID = z
  .string()
  .regex(/^\d{1,19}$/, { error: "expected the numeric id of the contact verified in UptimeRobot (Integrations & Team → the contact)" })
  .optional();

export const Contact = z.discriminatedUnion(
  "type",
  [
    // RFC 5321 §4.5.3.1.3: a path holds at most 256 octets, so an address at most 254 characters.
    z.strictObject({ type: z.literal("email"), address: z.email({ error: "expected an e-mail address" }).max(254, { error: "expected an e-mail address of at most 254 characters" }) }),
    z.strictObject({ type: z.literal("sms"), phone: secret(E164, PHONE), uptimerobotId: UPTIMEROBOT_ID }),
    z.strictObject({ type: z.literal("voice"), phone: secret(E164, PHONE), uptimerobotId: UPTIMEROBOT_ID }),
    z.strictObject({
      type: z.literal("slack"),
      webhookUrl: secret(SecretHttpsUrl, "expected a Slack incoming-webhook https:// URL"),
      channel: SlackChannel.optional(),
    }),
    z.strictObject({
      type: z.literal("pagerduty"),
      integrationKey: secret(z.string().regex(/^[A-Za-z0-9]{32}$/), "expected a 32-character PagerDuty Events v2 integration key"),
    }),
    z.strictObject({ type: z.literal("webhook"), url: secret(SecretUrl, "expected an http:// or https:// URL") }),
  ],
  { error: 'expected a contact with type "email", "sms", "voice", "slack", "pagerduty" or "webhook"' },
);
export type Contact = z.infer<typeof Contact>;
export type ContactType = Contact["type"];
/** Contact types that wake someone up. */
export const PAGING_CONTACT_TYPES: readonly ContactType[] = ["sms", "voice", "pagerduty"];

export const Routing = z.strictObject({
  critical: z.array(Key).default([]),
  warning: z.array(Key).default([]),
});
export type Routing = z.infer<typeof Routing>;
