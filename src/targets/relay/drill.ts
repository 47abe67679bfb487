/**
 * `monitoring drill` through the relay: a synthetic Stripe event, marked as a drill and signed with
 * the endpoint's signing secret exactly as Stripe signs, posted to the relay Worker, which verifies
 * it and delivers it to the contacts of every business alert that covers its type (./worker/relay).
 * The fewest event types are chosen that reach every contact the relayed alerts reach; PagerDuty
 * alerts the relay opened are resolved at once with the relay's own dedup key.
 *
 * - Signature: `Stripe.webhooks.generateTestHeaderString({ payload, secret })` of the official
 *   `stripe` package (stripe-node `src/Webhooks.ts`: `t=<unix time>,v1=<HMAC-SHA256 of
 *   "<t>.<payload>" with the secret>`), the header the Worker's `constructEventAsync` verifies
 *   (https://docs.stripe.com/webhooks#verify-events); it must be sent within 300 s.
 * - The signing secret is a secret stack output (`stripeSigningSecrets`, keyed by service and
 *   endpoint: the relay's is `relay`), never in the stack file: it comes from the environment,
 *   `MONITORING_STRIPE_SIGNING_SECRETS="$(pulumi stack output stripeSigningSecrets --show-secrets)"`.
 * - The Worker answers 200 `{ received, alerts, delivered }` (or `duplicate: true` for an event id it
 *   has delivered), 503 `{ received, failed: ["<alert> → <contact> (<type>): <why>", ...] }` when a
 *   contact could not be reached, 400 for a bad signature. It remembers event ids, so a retried
 *   post never notifies twice.
 * - PagerDuty: the relay triggers with `dedup_key = stripe/<event id>/<alert>` (./worker/channels);
 *   the drill resolves that key through the Events API with the contact's integration key.
 *
 * The Worker's address is https://<script>.<workersDevSubdomain>.workers.dev (./settings
 * `relayUrl`); `MONITORING_RELAY_URL_<SERVICE>` points a drill elsewhere (a custom route, a test).
 */
import type { ResolvedModel, ResolvedService } from "../../resolve";
import { contactEnv } from "../drill/context";
import { afterAttempts, answerText, drillRequest } from "../drill/http";
import { DRILL_MARKER, drillDetail } from "../drill/message";
import { eventsUrl, pagerDutyEvent, resolveBody } from "../drill/pagerduty";
import type { DrillContext, DrillResult, DrillRoute, VendorDrill } from "../types";
import type { RelayEntry } from "./worker/config";
import { relayedAlerts, relayUrl, STRIPE_PATH, VENDOR, type RelaySettings } from "./settings";
import { relayConfig } from "./worker-config";

export const SIGNING_SECRETS_ENV = "MONITORING_STRIPE_SIGNING_SECRETS";
export const relayUrlEnv = (service: string): string => contactEnv(service).replace("MONITORING_CONTACT_", "MONITORING_RELAY_URL_");

/** One drill event: its type and the relayed alerts (and so the contacts) it reaches. */
interface Planned {
  type: string;
  entries: RelayEntry[];
}

const covers = (entry: RelayEntry, type: string) => entry.events.includes("*") || entry.events.includes(type);

/**
 * The fewest event types (greedy) whose alerts reach every wanted contact (all that the relayed
 * alerts reach, or those `--only` picked); among equals, the one that also reaches the fewest others.
 */
export function planEvents(entries: readonly RelayEntry[], wanted?: ReadonlySet<string>): Planned[] {
  const left = new Set(entries.flatMap((e) => e.contacts).filter((c) => !wanted || wanted.has(c)));
  const types = [...new Set(entries.flatMap((e) => e.events.filter((t) => t !== "*")))].sort();
  if (types.length === 0) types.push("monitoring.drill");
  const reach = (type: string) => entries.filter((e) => covers(e, type));
  const reached = (type: string) => new Set(reach(type).flatMap((e) => e.contacts));
  const plan: Planned[] = [];
  while (left.size > 0) {
    const gain = (type: string) => [...reached(type)].filter((c) => left.has(c)).length;
    const better = (a: string, b: string) => gain(b) > gain(a) || (gain(b) === gain(a) && reached(b).size < reached(a).size);
    const best = types.reduce((a, b) => (better(a, b) ? b : a));
    if (gain(best) === 0) break;
    plan.push({ type: best, entries: reach(best) });
    for (const e of reach(best)) for (const c of e.contacts) left.delete(c);
  }
  return plan;
}

interface Relayed {
  service: ResolvedService;
  suffix: string;
  entries: RelayEntry[];
  plan: Planned[];
}

function relayedServices(model: ResolvedModel, settings: RelaySettings): Relayed[] {
  if (!settings.accountId) return [];
  const services = model.services.filter((s) => relayedAlerts(s).length > 0);
  return services.map((service) => {
    const entries = relayConfig(model, service, settings).entries;
    return { service, suffix: services.length > 1 ? `${VENDOR}:${service.key}` : VENDOR, entries, plan: planEvents(entries) };
  });
}

function signingSecret(ctx: DrillContext, service: string): string | { missing: string } {
  const raw = ctx.env(SIGNING_SECRETS_ENV, true);
  const how = `expected ${SIGNING_SECRETS_ENV}="$(pulumi stack output stripeSigningSecrets --show-secrets --stack ${ctx.stack})"`;
  if (!raw) return { missing: `the relay's signing secret is a secret stack output (${how})` };
  try {
    const secret = (JSON.parse(raw) as Record<string, Record<string, unknown>>)?.[service]?.relay;
    if (typeof secret === "string" && secret !== "") return secret;
  } catch {
    return { missing: `${SIGNING_SECRETS_ENV} is not JSON (${how})` };
  }
  return { missing: `${SIGNING_SECRETS_ENV} has no ${service}.relay (${how})` };
}

function address(model: ResolvedModel, r: Relayed, settings: RelaySettings, ctx: DrillContext): string | { missing: string } {
  const override = ctx.env(relayUrlEnv(r.service.key));
  if (override) return `${override.replace(/\/+$/, "")}${STRIPE_PATH}`;
  if (!settings.workersDevSubdomain) return { missing: `monitoring:vendors.relay.workersDevSubdomain is not set (or set ${relayUrlEnv(r.service.key)} to the Worker's address)` };
  return relayUrl(model, r.service);
}

function routes(model: ResolvedModel, settings: RelaySettings, ctx: DrillContext): DrillRoute[] {
  return relayedServices(model, settings).flatMap((r) => {
    const secret = signingSecret(ctx, r.service.key);
    const where = address(model, r, settings, ctx);
    const blocked = typeof secret !== "string" ? secret.missing : typeof where !== "string" ? where.missing : undefined;
    const contacts = [...new Set(r.plan.flatMap((p) => p.entries.flatMap((e) => e.contacts)))].sort();
    return contacts.map((key) => {
      const events = r.plan.filter((p) => p.entries.some((e) => e.contacts.includes(key)));
      return {
        id: `${key}/${r.suffix}`,
        contact: key,
        channel: model.contacts[key].contact.type,
        path: `relay Worker of ${r.service.key} (signed Stripe event)`,
        sends: `a signed synthetic Stripe event "${DRILL_MARKER}" of type ${events.map((p) => `${p.type} (${p.entries.filter((e) => e.contacts.includes(key)).map((e) => e.key).join(", ")})`).join(" and ")} to the relay`,
        ...(blocked ? { blocked } : {}),
      };
    });
  });
}

/** A Stripe event (https://docs.stripe.com/api/events/object) whose object says it is a drill. */
function drillEvent(id: string, type: string, ctx: DrillContext): Record<string, unknown> {
  const object = { id: `drill_${ctx.runId}`, object: "monitoring_drill", customer_name: DRILL_MARKER, description: drillDetail(ctx.stack, ctx.runId) };
  return { id, object: "event", api_version: null, created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}

function signature(payload: string, secret: string): string {
  // Required here, not at the top: the CLI loads the SDK only when a relay is drilled.
  type Sdk = { webhooks: { generateTestHeaderString(o: { payload: string; secret: string }): string } };
  const mod = require("stripe") as Sdk & { default?: Sdk };
  return (mod.default ?? mod).webhooks.generateTestHeaderString({ payload, secret });
}

/** Per contact, why it failed (absent: delivered); the whole event failing fails every contact it reaches. */
async function post(url: string, secret: string, eventId: string, p: Planned, ctx: DrillContext): Promise<Map<string, string>> {
  const payload = JSON.stringify(drillEvent(eventId, p.type, ctx));
  const headers = { "content-type": "application/json", "stripe-signature": signature(payload, secret) };
  // Idempotent: the relay remembers the event id and delivers a repeat only to contacts it missed.
  const r = await drillRequest(url, { method: "POST", headers, body: payload, timeoutMs: 30_000, idempotent: true });
  const contacts = [...new Set(p.entries.flatMap((e) => e.contacts))];
  const failed = new Map<string, string>();
  const all = (why: string) => contacts.forEach((c) => failed.set(c, why));
  if (!r.ok) all(`the relay could not be reached: ${r.error}${afterAttempts(r.attempts)}`);
  else if (r.status === 400) all(`the relay refused the event: ${answerText(r.status, r.text)} (is ${SIGNING_SECRETS_ENV} this stack's stripeSigningSecrets?)`);
  else if (r.status === 503) {
    const lines = (r.json as { failed?: unknown } | undefined)?.failed;
    for (const line of Array.isArray(lines) ? lines.map(String) : []) {
      const m = /^(\S+) → (\S+?)(?: \([^)]*\))?: (.*)$/.exec(line);
      if (m && contacts.includes(m[2])) failed.set(m[2], `the relay could not deliver (${m[1]}): ${m[3]}`);
    }
    if (failed.size === 0) all(`the relay answered ${answerText(r.status, r.text)}`);
  } else if (r.status < 200 || r.status >= 300) all(`the relay answered ${answerText(r.status, r.text)}`);
  return failed;
}

/** Resolves what the relay opened in PagerDuty for one event; why not, per contact. */
async function resolvePages(eventId: string, p: Planned, failed: Map<string, string>, model: ResolvedModel, ctx: DrillContext): Promise<void> {
  for (const entry of p.entries) {
    for (const key of entry.contacts) {
      if (failed.has(key) || model.contacts[key]?.contact.type !== "pagerduty") continue;
      const routing = ctx.contactSecret(key);
      const dedup = `stripe/${eventId}/${entry.key}`.slice(0, 255);
      if ("missing" in routing) {
        failed.set(key, `delivered, but the alert cannot be resolved without the key (${routing.missing}); resolve ${dedup} in PagerDuty`);
        continue;
      }
      const why = await pagerDutyEvent(eventsUrl(ctx), resolveBody(routing.value, dedup));
      if (why) failed.set(key, `delivered, but the resolve failed: ${why}; resolve ${dedup} in PagerDuty`);
    }
  }
}

async function sendService(r: Relayed, selected: readonly DrillRoute[], model: ResolvedModel, settings: RelaySettings, ctx: DrillContext): Promise<DrillResult[]> {
  const secret = signingSecret(ctx, r.service.key);
  const where = address(model, r, settings, ctx);
  if (typeof secret !== "string" || typeof where !== "string") {
    const why = typeof secret !== "string" ? secret.missing : (where as { missing: string }).missing;
    return selected.map((route) => ({ id: route.id, delivered: false, why }));
  }
  const wanted = new Set(selected.map((s) => s.contact));
  const outcome = new Map<string, string[]>();
  const done = new Map<string, string[]>();
  for (const [n, p] of planEvents(r.entries, wanted).entries()) {
    const eventId = `evt_drill_${ctx.runId}_${n + 1}`;
    ctx.progress(`relay: posting signed ${p.type} (${eventId}) to the ${r.service.key} relay`);
    const failed = await post(where, secret, eventId, p, ctx);
    await resolvePages(eventId, p, failed, model, ctx);
    const reached = [...new Set(p.entries.flatMap((e) => e.contacts))];
    const others = reached.filter((c) => !wanted.has(c));
    for (const key of reached) {
      if (failed.has(key)) outcome.set(key, [...(outcome.get(key) ?? []), failed.get(key)!]);
      else done.set(key, [...(done.get(key) ?? []), `${p.type} (${eventId}${others.length ? `, which also reached ${others.join(", ")}` : ""})`]);
    }
  }
  return selected.map((route) => {
    const bad = outcome.get(route.contact);
    if (bad) return { id: route.id, delivered: false, why: bad.join("; ") };
    const pages = model.contacts[route.contact].contact.type === "pagerduty" ? ", and resolved at once" : "";
    return { id: route.id, delivered: true, why: `the relay verified and delivered ${(done.get(route.contact) ?? []).join(" and ")}${pages}` };
  });
}

async function send(selected: readonly DrillRoute[], model: ResolvedModel, settings: RelaySettings, ctx: DrillContext): Promise<DrillResult[]> {
  const results: DrillResult[] = [];
  for (const r of relayedServices(model, settings)) {
    const mine = selected.filter((s) => s.id.endsWith(`/${r.suffix}`));
    if (mine.length > 0) results.push(...(await sendService(r, mine, model, settings, ctx)));
  }
  return results;
}

export const relayDrill: VendorDrill<RelaySettings> = { routes, send };
