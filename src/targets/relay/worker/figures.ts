/**
 * The digest's Stripe figures, computed from what the API lists (pure: tested against hand-made
 * fixtures). Field meanings are Stripe's (https://docs.stripe.com/api/subscriptions/object,
 * https://docs.stripe.com/api/prices/object, https://docs.stripe.com/api/discounts/object):
 *
 * - MRR, per currency: every `active` or `past_due` subscription (a `trialing` one pays nothing yet;
 *   one set to cancel at period end still pays until then), each item's `price.unit_amount` ×
 *   `quantity`, normalised to a month by `price.recurring.interval` / `interval_count` (a year is
 *   12 months, a week 52/12 of a month, a day 365/12 of a month), less the subscription's
 *   discounts whose coupon lasts (`forever` or `repeating`): `percent_off` of the total,
 *   `amount_off` (in the subscription's currency, per invoice) normalised like the price.
 * - Monthly churn: subscriptions that ended in the last 30 days ÷ those active 30 days ago (active
 *   now − active ones started in the window + ended in the window).
 * - Free-to-paid conversion: customers whose paid subscription started in the last 30 days ÷
 *   (free users now + those customers), free users counted as the definition says.
 */
import type Stripe from "stripe";

export const DAY = 86_400;
const MONTHS_PER: Record<string, number> = { day: 12 / 365, week: 12 / 52, month: 1, year: 12 };

type Sub = Pick<Stripe.Subscription, "id" | "status" | "created" | "ended_at" | "cancel_at_period_end" | "currency" | "customer" | "discounts"> & {
  items: { data: Array<Pick<Stripe.SubscriptionItem, "quantity"> & { price: Pick<Stripe.Price, "unit_amount" | "currency" | "recurring"> }> };
};

const PAYING = new Set(["active", "past_due"]);

/** Months per billing period of a price (a yearly price: 12). */
function monthsOf(recurring: Stripe.Price.Recurring | null): number {
  if (!recurring) return 1;
  return (MONTHS_PER[recurring.interval] ?? 1) * (recurring.interval_count || 1);
}

function coupons(sub: Sub): Stripe.Coupon[] {
  return (sub.discounts ?? []).flatMap((d) => {
    if (typeof d === "string") return [];
    const c = d.source?.coupon;
    return c && typeof c !== "string" && c.duration !== "once" ? [c] : [];
  });
}

/** A subscription's monthly amount in minor units of its currency (0 for one that does not pay). */
export function monthlyAmount(sub: Sub): number {
  if (!PAYING.has(sub.status)) return 0;
  let total = 0;
  let period = 1;
  for (const item of sub.items.data) {
    const months = monthsOf(item.price.recurring);
    period = months;
    total += ((item.price.unit_amount ?? 0) * (item.quantity ?? 1)) / months;
  }
  for (const c of coupons(sub)) {
    if (c.percent_off) total *= 1 - c.percent_off / 100;
    else if (c.amount_off && (c.currency ?? sub.currency) === sub.currency) total -= c.amount_off / period;
  }
  return Math.max(0, total);
}

export interface StripeFigures {
  /** Minor units per currency, rounded. */
  mrr: Record<string, number>;
  activeSubscriptions: number;
  trialing: number;
  cancelAtPeriodEnd: number;
  newCustomers: number;
  /** Subscriptions that ended in the last day. */
  cancellations: number;
  failedPayments: number;
  /** Percent, or undefined with nothing active 30 days ago. */
  monthlyChurnPercent?: number;
  conversionPercent?: number;
  freeUsers?: number;
}

export interface FigureInput {
  /** Every subscription (any status), as listed with `status: "all"`. */
  subscriptions: Sub[];
  /** Customers created in the last day. */
  newCustomers: number;
  /** All customers, for "customers-without-paid-subscription". */
  customerIds?: string[];
  /** `invoice.payment_failed` events in the last day. */
  failedPayments: number;
  now: number;
  freeUsers?: "zero-amount-subscriptions" | "customers-without-paid-subscription";
}

const customerOf = (s: Sub) => (typeof s.customer === "string" ? s.customer : s.customer.id);

export function stripeFigures(input: FigureInput): StripeFigures {
  const { subscriptions: subs, now } = input;
  const mrr: Record<string, number> = {};
  const paying = subs.filter((s) => PAYING.has(s.status));
  for (const s of paying) mrr[s.currency] = (mrr[s.currency] ?? 0) + monthlyAmount(s);
  for (const c of Object.keys(mrr)) mrr[c] = Math.round(mrr[c]);
  const monthAgo = now - 30 * DAY;
  const paid = paying.filter((s) => monthlyAmount(s) > 0);
  const endedMonth = subs.filter((s) => s.ended_at !== null && s.ended_at >= monthAgo && s.ended_at < now).length;
  const startedMonth = paying.filter((s) => s.created >= monthAgo && s.created < now).length;
  const before = paying.length + endedMonth - startedMonth;
  const figures: StripeFigures = {
    mrr,
    activeSubscriptions: paying.length,
    trialing: subs.filter((s) => s.status === "trialing").length,
    cancelAtPeriodEnd: paying.filter((s) => s.cancel_at_period_end).length,
    newCustomers: input.newCustomers,
    cancellations: subs.filter((s) => s.ended_at !== null && s.ended_at >= now - DAY && s.ended_at < now).length,
    failedPayments: input.failedPayments,
    monthlyChurnPercent: before > 0 ? round1((endedMonth / before) * 100) : undefined,
  };
  if (input.freeUsers) {
    const converted = new Set(paid.filter((s) => s.created >= monthAgo).map(customerOf));
    const payingCustomers = new Set(paid.map(customerOf));
    const free =
      input.freeUsers === "zero-amount-subscriptions"
        ? new Set(paying.filter((s) => monthlyAmount(s) === 0).map(customerOf).filter((c) => !payingCustomers.has(c))).size
        : (input.customerIds ?? []).filter((c) => !payingCustomers.has(c)).length;
    figures.freeUsers = free;
    figures.conversionPercent = free + converted.size > 0 ? round1((converted.size / (free + converted.size)) * 100) : undefined;
  }
  return figures;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
