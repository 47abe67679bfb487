/**
 * A Stripe account at T = 2026-11-27 08:00 UTC (09:00 in Berlin), as the API lists it, and the
 * digest figures worked out by hand from it (below each object, its monthly amount in minor units):
 *
 *   usd  sub_m1     active, 29.00/month × 1                                     2900
 *   usd  sub_m3     active, 10.00/month × 3                                     3000
 *   usd  sub_y1     active, 240.00/year × 1               240/12 →             2000
 *   usd  sub_q      active, 90.00 every 3 months          90/3 →               3000
 *   usd  sub_pct    active, 50.00/month, 20% off forever   50 × 0.8 →           4000
 *   eur  sub_amt    active, 49.00/month, 9.00 off repeating                     4000
 *   eur  sub_once   active, 20.00/month, 50% off once (not recurring revenue)   2000
 *   usd  sub_trial  trialing, 99.00/month                  (not paying yet)        0
 *   eur  sub_cape   active, 120.00/year, cancels at period end (pays until then) 1000
 *   usd  sub_due    past_due, 15.00/month                                       1500
 *   usd  sub_free1, sub_free2  active, free plan (0.00/month)                       0
 *   usd  sub_gone1  canceled 3 hours ago                                            0
 *   usd  sub_gone2  canceled 10 days ago                                            0
 *   usd  sub_new    active, 29.00/month, started 5 days ago by cus_new (was free) 2900
 *   usd  sub_bulk_000 … sub_bulk_099: 100 × active 1.00/month (a second page)  10000
 *
 *   MRR: usd 2900+3000+2000+3000+4000+1500+2900+10000 = 29300 → 293.00 USD;
 *        eur 4000+2000+1000 = 7000 → 70.00 EUR
 *   Active subscriptions (active or past_due): 109 usd + 3 eur = 112; trialing 1; cancel at period end 1
 *   Cancellations in the last day: 1 (sub_gone1)
 *   Monthly churn: 2 ended in 30 days ÷ (112 − 1 started in 30 days + 2) = 2/113 = 1.8%
 *   Conversion (free plan = zero-amount subscriptions): 1 converted ÷ (2 free + 1) = 33.3%
 *   New customers in the last day: 2 (created 2 h and 20 h ago; not the one 30 h ago)
 *   Failed payments in the last day: 2 invoice.payment_failed events (not the one 2 days ago, not charge.failed)
 */
export const T = Date.UTC(2026, 10, 27, 8, 0) / 1000;
const H = 3600;
const D = 86_400;

type Json = Record<string, unknown>;
let n = 0;

function price(unit: number, currency: string, interval: "month" | "year", count = 1): Json {
  return { id: `price_${++n}`, object: "price", unit_amount: unit, currency, recurring: { interval, interval_count: count, usage_type: "licensed" } };
}

function sub(id: string, o: { status?: string; currency?: string; unit?: number; qty?: number; interval?: "month" | "year"; count?: number; created?: number; ended?: number; cape?: boolean; coupon?: Json; customer?: string }): Json {
  const currency = o.currency ?? "usd";
  return {
    id,
    object: "subscription",
    status: o.status ?? "active",
    customer: o.customer ?? `cus_${id}`,
    currency,
    created: o.created ?? T - 200 * D,
    ended_at: o.ended ?? null,
    canceled_at: o.ended ?? null,
    cancel_at_period_end: o.cape ?? false,
    trial_end: o.status === "trialing" ? T + 10 * D : null,
    discounts: o.coupon ? [{ id: `di_${id}`, object: "discount", source: { type: "coupon", coupon: { object: "coupon", ...o.coupon } } }] : [],
    items: { object: "list", has_more: false, data: [{ id: `si_${id}`, object: "subscription_item", quantity: o.qty ?? 1, price: price(o.unit ?? 0, currency, o.interval ?? "month", o.count ?? 1) }] },
  };
}

export function billing() {
  const subscriptions: Json[] = [
    sub("sub_m1", { unit: 2900 }),
    sub("sub_m3", { unit: 1000, qty: 3 }),
    sub("sub_y1", { unit: 24000, interval: "year" }),
    sub("sub_q", { unit: 9000, count: 3 }),
    sub("sub_pct", { unit: 5000, coupon: { id: "SAVE20", percent_off: 20, amount_off: null, currency: null, duration: "forever" } }),
    sub("sub_amt", { currency: "eur", unit: 4900, coupon: { id: "NINE", percent_off: null, amount_off: 900, currency: "eur", duration: "repeating" } }),
    sub("sub_once", { currency: "eur", unit: 2000, coupon: { id: "HALF1", percent_off: 50, amount_off: null, currency: null, duration: "once" } }),
    sub("sub_trial", { status: "trialing", unit: 9900, created: T - 2 * D }),
    sub("sub_cape", { currency: "eur", unit: 12000, interval: "year", cape: true }),
    sub("sub_due", { status: "past_due", unit: 1500 }),
    sub("sub_free1", { unit: 0 }),
    sub("sub_free2", { unit: 0 }),
    sub("sub_gone1", { status: "canceled", unit: 2900, ended: T - 3 * H }),
    sub("sub_gone2", { status: "canceled", unit: 2900, ended: T - 10 * D }),
    sub("sub_new", { unit: 2900, created: T - 5 * D, customer: "cus_new" }),
    ...Array.from({ length: 100 }, (_x, i) => sub(`sub_bulk_${String(i).padStart(3, "0")}`, { unit: 100, created: T - 100 * D - i })),
  ];
  const customers: Json[] = [
    { id: "cus_a", object: "customer", created: T - 2 * H, name: "A" },
    { id: "cus_b", object: "customer", created: T - 20 * H, name: "B" },
    { id: "cus_c", object: "customer", created: T - 30 * H, name: "C" },
  ];
  const event = (id: string, type: string, created: number): Json => ({ id, object: "event", type, created, livemode: false, data: { object: {} } });
  const events: Json[] = [event("evt_f1", "invoice.payment_failed", T - 1 * H), event("evt_f2", "invoice.payment_failed", T - 23 * H), event("evt_f3", "invoice.payment_failed", T - 2 * D), event("evt_c1", "charge.failed", T - 4 * H)];
  return { subscriptions, customers, events };
}
