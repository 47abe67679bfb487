/**
 * The daily business digest (the seed guide's "Daily (5 minutes)" checklist and its daily report
 * script as one message): new customers, cancellations, MRR, active subscriptions, monthly churn
 * against its goal, failed payments, free-to-paid conversion, and the service's uptime checks and
 * new Sentry issues of the last day. The stack's relay (monitoring:vendors.relay) sends it.
 */
import { z } from "zod";
import { Key } from "./common";
import { TimeZone } from "./checks";

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time of day "HH:MM" (24-hour)' });

/** How free users are counted, for free-to-paid conversion. */
export const FREE_USER_COUNTS = ["zero-amount-subscriptions", "customers-without-paid-subscription"] as const;

export const Digest = z.strictObject({
  /** Local time of day the digest is sent (a stack may override it: monitoring:vendors.relay.digest.at). */
  at: TimeOfDay.default("09:00"),
  /** IANA zone of `at` (a stack may override it). */
  timeZone: TimeZone.default("UTC"),
  /** Contact keys (e-mail, Slack or webhook) that receive it; left out, the stack's warning routing. */
  notify: z.array(Key).optional(),
  goals: z
    .strictObject({
      /** Share of subscriptions cancelled in the last 30 days, at most (the guide: under 5%). */
      monthlyChurnPercent: z.number().gt(0).max(100).default(5),
      /** Free users who started paying in the last 30 days, at least (the guide: over 10%). */
      conversionPercent: z.number().gt(0).max(100).optional(),
    })
    .prefault({}),
  /**
   * How free users are counted: active subscriptions whose monthly amount is zero (a free plan in
   * Stripe), or customers with no paid subscription. Left out, conversion is not reported.
   */
  freeUsers: z.enum(FREE_USER_COUNTS, { error: `expected one of ${FREE_USER_COUNTS.join(", ")}` }).optional(),
  /** Yesterday's uptime of the service's uptime checks (UptimeRobot). */
  uptime: z.boolean().default(true),
  /** New issues of the service's Sentry project in the last day. */
  newIssues: z.boolean().default(true),
});
export type Digest = z.infer<typeof Digest>;
