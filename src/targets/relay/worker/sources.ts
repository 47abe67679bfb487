/**
 * What the digest reads, each with the read-only key bound as a Worker secret:
 *
 * - Stripe, through the official SDK on the Workers fetch client (`Stripe.createFetchHttpClient`),
 *   auto-paginating (`limit: 100`, `starting_after`): subscriptions with `status: "all"` and
 *   `expand: ["data.discounts.source.coupon"]` (discounts are ids unless expanded), customers
 *   created in the window (`created[gte]`), and `invoice.payment_failed` events in the window
 *   (https://docs.stripe.com/api/subscriptions/list, /customers/list, /events/list,
 *   https://docs.stripe.com/expand). A restricted key needs read access to these.
 * - UptimeRobot API v3: `GET /monitors?name=` to find each check's monitor, then
 *   `GET /monitors/{id}/stats/uptime?from&to` (ISO 8601) → `{ uptime (0-100), total_downtime_seconds,
 *   incident_count }`, bearer auth (the project's ../shared/specs/uptimerobot-v3.openapi.yaml).
 * - Sentry: `GET /api/0/projects/{org}/{project}/issues/?query=firstSeen:>=<ISO>&statsPeriod=24h`
 *   with `Authorization: Bearer <token>` → issues `{ shortId, title, permalink, count, level }`
 *   (https://docs.sentry.io/api/events/list-a-projects-issues/).
 */
import Stripe from "stripe";
import type { DigestConfig, RelayConfig } from "./config";
import { SECRET } from "./config";
import { secretOf, type Env } from "./env";
import { DAY, stripeFigures, type StripeFigures } from "./figures";

export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

const failed = (e: unknown): { ok: false; error: string } => {
  const err = e as { statusCode?: number; message?: string };
  return { ok: false, error: err.statusCode ? `HTTP ${err.statusCode}` : (err.message ?? String(e)).slice(0, 200) };
};

function stripeClient(config: RelayConfig, key: string): Stripe {
  const u = new URL(config.api.stripe);
  return new Stripe(key, {
    httpClient: Stripe.createFetchHttpClient(),
    host: u.hostname,
    port: u.port || (u.protocol === "http:" ? "80" : "443"),
    protocol: u.protocol === "http:" ? "http" : "https",
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
}

/** Every item of a list, page after page (the SDK's autoPagingToArray stops at 10,000). */
async function all<T>(list: Stripe.ApiListPromise<T>): Promise<T[]> {
  const out: T[] = [];
  await list.autoPagingEach((item) => {
    out.push(item);
  });
  return out;
}

export async function readStripe(env: Env, config: RelayConfig, digest: DigestConfig, now: number): Promise<Read<StripeFigures>> {
  const key = secretOf(env, SECRET.stripe);
  if (!key) return { ok: false, error: "no Stripe read key is bound (monitoring:vendors.relay.keys.stripe)" };
  try {
    const stripe = stripeClient(config, key);
    const since = now - DAY;
    const subscriptions = await all(stripe.subscriptions.list({ status: "all", limit: 100, expand: ["data.discounts.source.coupon"] }));
    const created = await all(stripe.customers.list({ limit: 100, created: { gte: since, lt: now } }));
    const failedPayments = await all(stripe.events.list({ limit: 100, type: "invoice.payment_failed", created: { gte: since, lt: now } }));
    const customerIds = digest.freeUsers === "customers-without-paid-subscription" ? (await all(stripe.customers.list({ limit: 100 }))).map((c) => c.id) : undefined;
    return { ok: true, value: stripeFigures({ subscriptions, newCustomers: created.length, customerIds, failedPayments: failedPayments.length, now, freeUsers: digest.freeUsers }) };
  } catch (e) {
    return failed(e);
  }
}

export interface Uptime {
  key: string;
  name: string;
  uptime?: number;
  downtimeSeconds?: number;
  incidents?: number;
  error?: string;
}

const unescapeHtml = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#0?39;/g, "'").replace(/&amp;/g, "&");

async function getJson(url: string, token: string): Promise<unknown> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" }, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

export async function readUptime(env: Env, config: RelayConfig, monitors: NonNullable<DigestConfig["uptime"]>, now: number): Promise<Read<Uptime[]>> {
  const key = secretOf(env, SECRET.uptimerobot);
  if (!key) return { ok: false, error: "no UptimeRobot read-only key is bound (monitoring:vendors.relay.keys.uptimerobot)" };
  const from = new Date((now - DAY) * 1000).toISOString();
  const to = new Date(now * 1000).toISOString();
  const base = config.api.uptimerobot.replace(/\/+$/, "");
  const out: Uptime[] = [];
  for (const m of monitors) {
    try {
      const list = (await getJson(`${base}/monitors?name=${encodeURIComponent(m.name)}`, key)) as { data?: Array<{ id: number; friendlyName?: string }> };
      // UptimeRobot stores names HTML-escaped (see src/targets/uptimerobot/kinds.ts).
      const found = (list.data ?? []).find((x) => unescapeHtml(x.friendlyName ?? "") === m.name);
      if (!found) {
        out.push({ ...m, error: "no monitor with this name" });
        continue;
      }
      const stats = (await getJson(`${base}/monitors/${found.id}/stats/uptime?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, key)) as { uptime: number; total_downtime_seconds: number; incident_count: number };
      out.push({ ...m, uptime: stats.uptime, downtimeSeconds: stats.total_downtime_seconds, incidents: stats.incident_count });
    } catch (e) {
      out.push({ ...m, error: failed(e).error });
    }
  }
  return { ok: true, value: out };
}

export interface Issue {
  shortId: string;
  title: string;
  permalink?: string;
  count?: string;
  level?: string;
}

export async function readIssues(env: Env, sentry: NonNullable<DigestConfig["sentry"]>, now: number): Promise<Read<Issue[]>> {
  const token = secretOf(env, SECRET.sentry);
  if (!token) return { ok: false, error: "no Sentry token is bound (monitoring:vendors.relay.keys.sentry)" };
  const since = new Date((now - DAY) * 1000).toISOString();
  const url = `${sentry.url.replace(/\/+$/, "")}/api/0/projects/${encodeURIComponent(sentry.organization)}/${encodeURIComponent(sentry.project)}/issues/?query=${encodeURIComponent(`firstSeen:>=${since}`)}&statsPeriod=24h`;
  try {
    const issues = (await getJson(url, token)) as Issue[];
    return { ok: true, value: Array.isArray(issues) ? issues : [] };
  } catch (e) {
    return failed(e);
  }
}
