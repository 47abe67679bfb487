/**
 * What a person needs to read about one Stripe event: which alert, how bad, who, how much, and
 * what to do. Built from the event's object (invoice, payment intent, subscription, dispute,
 * charge: the fields are Stripe's, https://docs.stripe.com/api/events/object), rendered per
 * channel by ./channels with the channel's escaping.
 */
import type { RelayConfig, RelayEntry, RelayRunbook } from "./config";

/** The parts of a Stripe event the relay reads. */
export interface StripeEventLike {
  id: string;
  type: string;
  created: number;
  livemode: boolean;
  data: { object: Record<string, unknown> };
}

export interface AlertMessage {
  entryKey: string;
  title: string;
  severity: "critical" | "warning";
  /** One line: the alert and its subject, e.g. "Failed payment: Jane Doe, 49.00 EUR". */
  summary: string;
  facts: Array<[string, string]>;
  runbook?: RelayRunbook;
  eventId: string;
  eventType: string;
  /** The event in Stripe's Dashboard. */
  link: string;
  service: string;
  environment: string;
  occurredAt: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Currencies Stripe counts in whole units (https://docs.stripe.com/currencies#zero-decimal). */
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

/** Minor units in a currency as text: 4900 eur → "49.00 EUR". */
export function money(minor: number, currency: string): string {
  const cur = currency.toLowerCase();
  const major = ZERO_DECIMAL.has(cur) ? minor : minor / 100;
  return `${major.toFixed(ZERO_DECIMAL.has(cur) ? 0 : 2)} ${cur.toUpperCase()}`;
}

function who(o: Record<string, unknown>): string | undefined {
  const billing = o.billing_details as Record<string, unknown> | undefined;
  const evidence = o.evidence as Record<string, unknown> | undefined;
  return (
    str(o.customer_name) ??
    str(billing?.name) ??
    str(evidence?.customer_name) ??
    str(o.customer_email) ??
    str(o.receipt_email) ??
    str(billing?.email) ??
    str(evidence?.customer_email_address) ??
    str(o.customer)
  );
}

function amount(o: Record<string, unknown>): string | undefined {
  const currency = str(o.currency);
  const minor = num(o.amount_due) ?? num(o.amount) ?? num((o.plan as Record<string, unknown> | undefined)?.amount);
  return currency && minor !== undefined ? money(minor, currency) : undefined;
}

function facts(o: Record<string, unknown>, event: StripeEventLike): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (label: string, value: string | undefined) => value && out.push([label, value]);
  add("Customer", who(o));
  add("Amount", amount(o));
  add("Description", str(o.description));
  const error = o.last_payment_error as Record<string, unknown> | undefined;
  add("Reason", str(o.reason) ?? str(error?.message) ?? str(o.failure_message) ?? str(o.cancellation_details && (o.cancellation_details as Record<string, unknown>).reason));
  add("Attempt", num(o.attempt_count) !== undefined ? String(o.attempt_count) : undefined);
  add("Respond by", num((o.evidence_details as Record<string, unknown> | undefined)?.due_by) !== undefined ? new Date(Number((o.evidence_details as Record<string, unknown>).due_by) * 1000).toISOString() : undefined);
  add("Object", str(o.id));
  add("Event", `${event.type} (${event.id})`);
  return out;
}

export function alertMessage(config: RelayConfig, entry: RelayEntry, event: StripeEventLike): AlertMessage {
  const o = event.data?.object ?? {};
  const subject = [who(o), amount(o)].filter((x): x is string => x !== undefined).join(", ");
  return {
    entryKey: entry.key,
    title: entry.name,
    severity: entry.severity,
    summary: subject ? `${entry.name}: ${subject}` : entry.name,
    facts: facts(o, event),
    runbook: entry.runbook,
    eventId: event.id,
    eventType: event.type,
    link: `https://dashboard.stripe.com/${event.livemode ? "" : "test/"}events/${encodeURIComponent(event.id)}`,
    service: config.service.name,
    environment: config.environment,
    occurredAt: new Date(event.created * 1000).toISOString(),
  };
}
