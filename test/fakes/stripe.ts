/**
 * A loopback fake of the Stripe webhook-endpoint API, answering the routes the official SDK calls
 * (create / retrieve / update / delete / list) with form-encoded request bodies like real Stripe:
 * bearer auth, unknown parameters rejected, Idempotency-Key replay, 404 `resource_missing`, and the
 * signing secret returned only on create. Faults: a response lost after the server acted.
 *
 * For the relay's digest it also lists subscriptions, customers and events as Stripe does
 * (https://docs.stripe.com/api/pagination, /subscriptions/list, /customers/list, /events/list):
 * newest first, `limit` 1-100 (default 10), `starting_after` and `has_more`, `created[gte|gt|lte|lt]`,
 * subscriptions without `status` leave out canceled ones and `status=all` includes them, events
 * filter by `type`; a subscription's `discounts` are ids unless expanded (`expand[]=data.discounts`
 * gives discount objects, `data.discounts.source.coupon` their coupons too,
 * https://docs.stripe.com/expand). A restricted key (`rk_…`) can read these and write nothing.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

const CREATE_PARAMS = ["url", "enabled_events", "description", "api_version", "metadata", "connect", "expand"];
const UPDATE_PARAMS = ["url", "enabled_events", "description", "metadata", "disabled", "expand"];
const LIST_PARAMS: Record<string, string[]> = {
  subscriptions: ["limit", "starting_after", "ending_before", "status", "created", "customer", "price", "expand", "current_period_end", "current_period_start", "collection_method", "test_clock", "automatic_tax"],
  customers: ["limit", "starting_after", "ending_before", "created", "email", "expand", "test_clock"],
  events: ["limit", "starting_after", "ending_before", "created", "type", "types", "delivery_success", "expand"],
};

/** Objects the digest reads, by list; discounts are objects `{ id, source: { coupon } }` with the coupon inline. */
export interface BillingData {
  subscriptions: Json[];
  customers: Json[];
  events: Json[];
}

/** Parses Stripe's bracketed form encoding: a[0]=x&a[1]=y, a[]=x, m[key]=v. */
export function parseForm(body: string): Json {
  const out: Json = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!m) continue;
    const base = m[1];
    const parts = [...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]);
    if (parts.length === 0) out[base] = value;
    else if (parts[0] === "" || /^\d+$/.test(parts[0])) ((out[base] ??= []) as unknown[]).push(value);
    else ((out[base] ??= {}) as Json)[parts[0]] = value;
  }
  return out;
}

export class FakeStripe {
  readonly apiKey: string;
  readonly endpoints = new Map<string, Json>();
  readonly requests: Array<{ method: string; path: string; idempotencyKey?: string }> = [];
  private readonly idempotent = new Map<string, { status: number; body: Json }>();
  private server: http.Server | undefined;
  private readonly sockets = new Set<import("node:net").Socket>();
  private seq = 0;
  private lose = 0;
  creates = 0;
  url = "";
  readonly billing: BillingData = { subscriptions: [], customers: [], events: [] };

  constructor(apiKey = "sk_test_fake_51ABCDEFsecretKEY") {
    this.apiKey = apiKey;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The next `times` writes are applied, then their connection is dropped before the response. */
  loseResponses(times = 1): void {
    this.lose += times;
  }

  private error(status: number, type: string, message: string, extra: Json = {}): { status: number; body: Json } {
    return { status, body: { error: { type, message, ...extra } } };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const idem = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : undefined;
    this.requests.push({ method, path: url.pathname, idempotencyKey: idem });
    const send = (r: { status: number; body: Json }) => {
      res.writeHead(r.status, { "content-type": "application/json", "request-id": `req_${++this.seq}` });
      res.end(JSON.stringify(r.body));
    };
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return send(this.error(401, "invalid_request_error", "Invalid API Key provided: sk_test_****"));
    }
    if (method === "POST" && idem && this.idempotent.has(idem)) {
      return send(this.idempotent.get(idem)!);
    }
    if (method === "POST" && raw && !String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      return send(this.error(400, "invalid_request_error", "Invalid request: expected a form-encoded body"));
    }
    if (method !== "GET" && this.apiKey.startsWith("rk_")) {
      return send(this.error(403, "invalid_request_error", "The provided key 'rk_test_****' does not have the required permissions for this endpoint."));
    }
    const list = /^\/v1\/(subscriptions|customers|events)$/.exec(url.pathname);
    if (list && method === "GET") return send(this.list(list[1] as keyof BillingData, parseForm(url.searchParams.toString())));
    const result = this.act(method, url, parseForm(method === "GET" || method === "DELETE" ? url.searchParams.toString() : raw));
    if (method === "POST" && idem) this.idempotent.set(idem, result);
    if (method !== "GET" && this.lose > 0) {
      this.lose--;
      req.socket.destroy();
      return;
    }
    send(result);
  }

  private list(kind: keyof BillingData, params: Json): { status: number; body: Json } {
    const unknown = Object.keys(params).find((k) => !LIST_PARAMS[kind].includes(k));
    if (unknown) return this.error(400, "invalid_request_error", `Received unknown parameter: ${unknown}`, { param: unknown });
    const limit = Number(params.limit ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return this.error(400, "invalid_request_error", "Invalid integer: limit must be between 1 and 100", { param: "limit" });
    const created = (params.created ?? {}) as Record<string, string>;
    const inRange = (t: number) => (created.gte === undefined || t >= Number(created.gte)) && (created.gt === undefined || t > Number(created.gt)) && (created.lte === undefined || t <= Number(created.lte)) && (created.lt === undefined || t < Number(created.lt));
    let all = [...this.billing[kind]].filter((o) => inRange(Number(o.created)));
    if (kind === "subscriptions" && params.status !== "all") all = all.filter((s) => (params.status === undefined ? s.status !== "canceled" : s.status === params.status));
    if (kind === "events" && params.type !== undefined) all = all.filter((e) => e.type === params.type);
    all.sort((a, b) => Number(b.created) - Number(a.created) || (String(a.id) < String(b.id) ? -1 : 1));
    const start = params.starting_after ? all.findIndex((o) => o.id === params.starting_after) + 1 : 0;
    const page = all.slice(start, start + limit);
    const expand = (Array.isArray(params.expand) ? params.expand : []) as string[];
    const data = kind === "subscriptions" ? page.map((s) => this.expandDiscounts(s, expand)) : page;
    return { status: 200, body: { object: "list", url: `/v1/${kind}`, has_more: start + limit < all.length, data } };
  }

  private expandDiscounts(sub: Json, expand: string[]): Json {
    const discounts = (sub.discounts ?? []) as Json[];
    const deep = expand.includes("data.discounts.source.coupon");
    if (!deep && !expand.includes("data.discounts")) return { ...sub, discounts: discounts.map((d) => d.id) };
    return { ...sub, discounts: discounts.map((d) => (deep ? d : { ...d, source: { ...(d.source as Json), coupon: ((d.source as Json).coupon as Json).id } })) };
  }

  private render(ep: Json, withSecret: boolean): Json {
    const out = { ...ep };
    if (!withSecret) delete out.secret;
    return out;
  }

  private act(method: string, url: URL, params: Json): { status: number; body: Json } {
    const m = /^\/v1\/webhook_endpoints(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return this.error(404, "invalid_request_error", `Unrecognized request URL (${method}: ${url.pathname}).`);
    const id = m[1];
    if (!id && method === "GET") {
      const limit = Number(params.limit ?? 10);
      const all = [...this.endpoints.values()].sort((a, b) => (Number(b.created) - Number(a.created)) || (String(b.id) < String(a.id) ? -1 : 1));
      let start = 0;
      if (params.starting_after) start = all.findIndex((e) => e.id === params.starting_after) + 1;
      const page = all.slice(start, start + limit);
      return { status: 200, body: { object: "list", url: "/v1/webhook_endpoints", has_more: start + limit < all.length, data: page.map((e) => this.render(e, false)) } };
    }
    if (!id && method === "POST") {
      const unknown = Object.keys(params).find((k) => !CREATE_PARAMS.includes(k));
      if (unknown) return this.error(400, "invalid_request_error", `Received unknown parameter: ${unknown}`, { param: unknown });
      if (typeof params.url !== "string") return this.error(400, "invalid_request_error", "Missing required param: url.", { param: "url" });
      if (!Array.isArray(params.enabled_events) || params.enabled_events.length === 0)
        return this.error(400, "invalid_request_error", "Missing required param: enabled_events.", { param: "enabled_events" });
      const newId = `we_${(++this.seq).toString(36).padStart(8, "0")}FAKE`;
      this.creates++;
      const ep: Json = {
        id: newId,
        object: "webhook_endpoint",
        api_version: params.api_version ?? null,
        application: null,
        created: 1_700_000_000 + this.seq,
        description: params.description ?? null,
        enabled_events: params.enabled_events,
        livemode: false,
        metadata: params.metadata ?? {},
        secret: `whsec_${newId}${Math.random().toString(36).slice(2)}SIGNING`,
        status: "enabled",
        url: params.url,
      };
      this.endpoints.set(newId, ep);
      return { status: 200, body: this.render(ep, true) };
    }
    const ep = this.endpoints.get(id);
    if (!ep) return this.error(404, "invalid_request_error", `No such webhook endpoint: '${id}'`, { code: "resource_missing", param: "id" });
    if (method === "GET") return { status: 200, body: this.render(ep, false) };
    if (method === "DELETE") {
      this.endpoints.delete(id);
      return { status: 200, body: { id, object: "webhook_endpoint", deleted: true } };
    }
    if (method === "POST") {
      const unknown = Object.keys(params).find((k) => !UPDATE_PARAMS.includes(k));
      if (unknown) return this.error(400, "invalid_request_error", `Received unknown parameter: ${unknown}`, { param: unknown });
      if (params.url !== undefined) ep.url = params.url;
      if (params.enabled_events !== undefined) ep.enabled_events = params.enabled_events;
      if (params.description !== undefined) ep.description = params.description === "" ? null : params.description;
      if (params.disabled !== undefined) ep.status = params.disabled === "true" ? "disabled" : "enabled";
      if (params.metadata !== undefined) {
        const md = { ...(ep.metadata as Record<string, string>) };
        for (const [k, v] of Object.entries(params.metadata as Record<string, string>)) {
          if (v === "") delete md[k];
          else md[k] = v;
        }
        ep.metadata = md;
      }
      return { status: 200, body: this.render(ep, false) };
    }
    return this.error(405, "invalid_request_error", "Method not allowed");
  }
}
