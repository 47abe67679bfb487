/** Error and performance alerts (Sentry), rate limits (Cloudflare) and business alerts (Stripe). */
import { z } from "zod";
import { alertFields, DurationSchema, HttpUrl } from "./common";
import { label, line } from "./text";
import { PlainUrlPath, UrlPath } from "./urls";
import { HTTP_METHODS } from "./checks";

// ---------------------------------------------------------------------------------------------
// Error alerts (Sentry issue alerts and the failure-rate metric alert)

export const ErrorAlert = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("first-seen"),
      ...alertFields,
      /** Sentry environment filter; left out, the stack's environment. */
      environment: label(200).optional(),
      /** At most one notification per issue in this interval. */
      throttle: DurationSchema.default("30m"),
      /** Take over an existing Sentry alert of the same name and environment on the first `pulumi up` (set by `monitoring import sentry`). */
      adopt: z.boolean().optional(),
    }),
    z.strictObject({
      kind: z.literal("event-frequency"),
      ...alertFields,
      /** More than this many events... */
      moreThan: z.number().int().positive({ error: "expected a positive whole number of events" }),
      /** ...within this interval. */
      interval: DurationSchema,
      environment: label(200).optional(),
      throttle: DurationSchema.default("1h"),
      /** Take over an existing Sentry alert of the same name and environment on the first `pulumi up` (set by `monitoring import sentry`). */
      adopt: z.boolean().optional(),
    }),
    z.strictObject({
      kind: z.literal("failure-rate"),
      ...alertFields,
      /** Share of failed transactions, in percent (0-100). */
      abovePercent: z.number().gt(0).max(100, { error: "expected a percentage between 0 and 100" }),
      /** A lower share that raises a warning first. */
      warnAbovePercent: z.number().gt(0).max(100).optional(),
      window: DurationSchema,
      environment: label(200).optional(),
      /** Take over an existing Sentry alert of the same name and environment on the first `pulumi up` (set by `monitoring import sentry`). */
      adopt: z.boolean().optional(),
    }),
  ],
  { error: 'expected an error alert with kind "first-seen", "event-frequency" or "failure-rate"' },
);
export type ErrorAlert = z.infer<typeof ErrorAlert>;

// ---------------------------------------------------------------------------------------------
// Performance alerts (Sentry metric alerts on transaction duration)

export const Percentile = z.union([z.literal(50), z.literal(75), z.literal(90), z.literal(95), z.literal(99), z.literal(100)], {
  error: "expected a percentile of 50, 75, 90, 95, 99 or 100",
});
export type Percentile = z.infer<typeof Percentile>;

export const LatencyAlert = z.strictObject({
  ...alertFields,
  percentile: Percentile,
  aboveMs: z.number().positive(),
  warnAboveMs: z.number().positive().optional(),
  window: DurationSchema,
  /** Sentry search query narrowing the transactions, e.g. "transaction:/api/v1/*". */
  query: line(2000).default(""),
  environment: label(200).optional(),
  /** Take over an existing Sentry alert of the same name and environment on the first `pulumi up` (set by `monitoring import sentry`). */
  adopt: z.boolean().optional(),
});
export type LatencyAlert = z.infer<typeof LatencyAlert>;

// ---------------------------------------------------------------------------------------------
// Rate limits (Cloudflare)

export const RATE_LIMIT_ACTIONS = ["block", "managed_challenge", "js_challenge", "challenge", "log"] as const;
export const RateLimit = z
  .strictObject({
    description: label(200).optional(),
    /** Requests to this path (a trailing "*" matches any rest)... */
    path: PlainUrlPath.optional(),
    /** ...or a Cloudflare rules-language expression, for anything else. */
    expression: z.string().min(1).optional(),
    methods: z.array(z.enum(HTTP_METHODS)).optional(),
    /** At most this many requests per client... */
    requests: z.number().int().positive(),
    /** ...in this period. */
    period: DurationSchema,
    action: z.enum(RATE_LIMIT_ACTIONS).default("block"),
    /** How long the action lasts once triggered. */
    mitigationTimeout: DurationSchema.default("10s"),
    enabled: z.boolean().default(true),
  })
  .refine((r) => (r.path === undefined) !== (r.expression === undefined), {
    error: "expected exactly one of path or expression",
    path: ["path"],
  });
export type RateLimit = z.infer<typeof RateLimit>;

// ---------------------------------------------------------------------------------------------
// Business alerts (Stripe webhooks)

export const StripeAlert = z
  .strictObject({
    ...alertFields,
    /** Stripe event types, e.g. "invoice.payment_failed". */
    events: z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)+$|^\*$/, { error: 'expected a Stripe event type like "invoice.payment_failed"' })).min(1),
    /**
     * Where Stripe delivers the events when your app receives them itself: a path under the
     * service's base URL... Left out (with url), the stack's relay (monitoring:vendors.relay)
     * receives them and tells the alert's contacts.
     */
    path: UrlPath.optional(),
    /** ...or a full https URL. */
    url: HttpUrl.optional(),
  })
  .refine((a) => a.path === undefined || a.url === undefined, { error: "expected at most one of path or url (neither: the relay receives the events)", path: ["path"] });
export type StripeAlert = z.infer<typeof StripeAlert>;
