/**
 * POST /stripe: a Stripe event, verified, delivered once to the contacts of every business alert
 * that covers its type.
 *
 * - Verification is the official SDK's (`stripe.webhooks.constructEventAsync` with the Web Crypto
 *   provider Stripe ships for Workers): the `Stripe-Signature` header's `t` and `v1` HMAC-SHA256 of
 *   `${t}.${raw body}` with the endpoint's signing secret, compared in constant time, and `t` at
 *   most 300 s old (the SDK's DEFAULT_TOLERANCE) so a captured request cannot be replayed later
 *   (https://docs.stripe.com/webhooks#verify-events; stripe-node src/Webhooks.ts). Failure: 400.
 * - Stripe may deliver an event more than once and retries failed deliveries for up to three days
 *   (https://docs.stripe.com/webhooks#handle-duplicate-events, #retries). Each (event, alert,
 *   contact) delivered is remembered in KV for `replayTtlSeconds`; a repeat skips what was
 *   delivered, so a retry after a partial failure reaches only the contacts that missed it.
 *   KV is eventually consistent across locations (about 60 s): two deliveries of one event at the
 *   same moment in two locations could both pass, which PagerDuty's dedup_key and Resend's
 *   Idempotency-Key still absorb; Slack and webhooks would see it twice.
 * - A channel that fails after its retries is reported (console.error, the Worker's logs) and the
 *   answer is 503, so Stripe retries the event later; nothing is dropped silently.
 */
import Stripe from "stripe";
import type { RelayConfig, RelayEntry } from "./config";
import { SECRET } from "./config";
import { prepare, renderAlert } from "./channels";
import { secretOf, type Env } from "./env";
import { deliver } from "./http";
import { alertMessage, type StripeEventLike } from "./message";

/** Largest event body accepted: Stripe events are far smaller. */
const MAX_BODY = 1 << 20;

const answer = (status: number, body: Record<string, unknown>) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

async function verified(request: Request, env: Env): Promise<StripeEventLike | Response> {
  const secret = secretOf(env, SECRET.webhook);
  if (!secret) return answer(500, { error: "the relay has no signing secret bound" });
  const signature = request.headers.get("stripe-signature");
  if (!signature) return answer(400, { error: "missing Stripe-Signature header" });
  const body = await request.text();
  if (body.length > MAX_BODY) return answer(413, { error: "body too large" });
  try {
    // The API key is unused for verification; the SDK needs one to be constructed.
    const stripe = new Stripe("sk_relay_verification_only", { httpClient: Stripe.createFetchHttpClient() });
    const event = await stripe.webhooks.constructEventAsync(body, signature, secret, undefined, Stripe.createSubtleCryptoProvider());
    return event as unknown as StripeEventLike;
  } catch {
    // The SDK's message says which check failed; the answer stays generic.
    return answer(400, { error: "invalid signature or timestamp" });
  }
}

const covers = (entry: RelayEntry, type: string) => entry.events.includes("*") || entry.events.includes(type);

interface Target {
  entry: RelayEntry;
  contact: string;
  key: string;
}

async function deliverOne(t: Target, event: StripeEventLike, env: Env, config: RelayConfig, deadline: number): Promise<string | undefined> {
  const contact = config.contacts[t.contact];
  if (!contact) return `${t.entry.key} → ${t.contact}: the relay cannot reach this contact`;
  const rendered = renderAlert(alertMessage(config, t.entry, event));
  const req = prepare(contact, rendered, env, config, t.key);
  if ("error" in req) return `${t.entry.key} → ${t.contact} (${contact.type}): ${req.error}`;
  const result = await deliver(req.url, req.init, { attempts: config.delivery.attempts, baseDelayMs: config.delivery.baseDelayMs, deadline });
  if (!result.ok) return `${t.entry.key} → ${t.contact} (${contact.type}): ${result.error} after ${result.attempts} attempt(s)`;
  await env.REPLAY.put(t.key, "1", { expirationTtl: Math.max(60, config.replayTtlSeconds) });
  return undefined;
}

export async function handleStripe(request: Request, env: Env): Promise<Response> {
  const started = Date.now();
  const config = env.CONFIG;
  const event = await verified(request, env);
  if (event instanceof Response) return event;
  const done = `event:${event.id}`;
  if (await env.REPLAY.get(done)) return answer(200, { received: event.id, duplicate: true });
  const entries = config.entries.filter((e) => covers(e, event.type));
  const targets: Target[] = entries.flatMap((entry) => entry.contacts.map((contact) => ({ entry, contact, key: `sent:${event.id}:${entry.key}:${contact}` })));
  const pending: Target[] = [];
  for (const t of targets) if (!(await env.REPLAY.get(t.key))) pending.push(t);
  const deadline = started + config.delivery.budgetMs;
  const failures = (await Promise.all(pending.map((t) => deliverOne(t, event, env, config, deadline)))).filter((f): f is string => f !== undefined);
  if (failures.length > 0) {
    console.error(`relay: ${event.type} ${event.id}: ${failures.length} of ${pending.length} deliveries failed; Stripe will retry: ${failures.join("; ")}`);
    return answer(503, { received: event.id, failed: failures });
  }
  await env.REPLAY.put(done, "1", { expirationTtl: Math.max(60, config.replayTtlSeconds) });
  return answer(200, { received: event.id, alerts: entries.map((e) => e.key), delivered: pending.length });
}
