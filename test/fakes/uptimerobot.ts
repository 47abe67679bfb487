/**
 * A stateful fake of the UptimeRobot v3 API on 127.0.0.1, for provider-contract tests.
 *
 * - Keeps monitors, integrations, personal alert contacts, maintenance windows and PSPs.
 * - Validates every request (path, query, auth, JSON and multipart bodies) and every JSON response
 *   against ../shared/specs/uptimerobot-v3.openapi.yaml; invalid requests get a 400 and are recorded
 *   in `problems` so a test can assert there were none.
 * - Behaves like the real API where the spec is silent: names, URLs and tags HTML-escaped on read,
 *   custom header keys lower-cased, status codes re-ordered, threshold/recurrence and
 *   responseTimeThreshold read back 0 (Free plan), server-generated heartbeat URLs.
 * - Injects faults on demand (queued, or at a seeded random rate): 429 with Retry-After, 500/502/503,
 *   connection reset, a response slower than the client timeout after the server acted, plain-text
 *   and HTML error bodies, read-after-write lag in listings.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { OpenApiValidator, type ValidationProblem } from "./openapi-validator";
import { RateWindow } from "./rate-window";

/** ../shared/specs/uptimerobot-v3.openapi.yaml relative to the project root (tests run from it). */
export const SPEC_PATH =
  [path.resolve(process.cwd(), "../shared/specs/uptimerobot-v3.openapi.yaml"), path.resolve(__dirname, "../../../shared/specs/uptimerobot-v3.openapi.yaml")].find((p) =>
    fs.existsSync(p),
  ) ?? path.resolve(process.cwd(), "../shared/specs/uptimerobot-v3.openapi.yaml");

export type FaultKind =
  | "429" // 429 with Retry-After and X-RateLimit-Reset, JSON body, before acting
  | "429-text" // 429 with a plain-text body
  | "500-after" // the server acts, then answers 500
  | "502-html" // HTML 502 from a proxy, before acting
  | "503" // JSON 503 before acting
  | "503-html" // HTML 503 before acting
  | "reset" // connection reset before acting
  | "reset-after" // the server acts, then resets the connection
  | "slow-after" // the server acts, then answers after slowMs (longer than the client timeout)
  | "lag" // the write is applied but stays invisible to listings for a few list calls
  | "exhausted" // a normal answer saying the rate-limit window is used up (X-RateLimit-Remaining: 0)
  // POST /monitors only: the monitor is created, then the answer is 404 "Monitor not found" with
  // code 000-004 (UptimeRobot's Terraform provider, internal/provider/monitor/monitor_crud_create.go:
  // recoverMonitorCreatedDespiteError, and monitor_create_recover_test.go).
  | "404-after"
  // POST /monitors only: the same answer, but nothing was made (to prove it is never posted again).
  | "404-before"
  // PATCH only: the update is applied and answered, but the next few reads of the record (listing
  // or by id) still return its previous version. UptimeRobot's API is eventually consistent across
  // replicas: its Terraform provider waits after every write for 3 to 7 consecutive reads showing
  // what it wrote (waitMonitorSettled in internal/provider/monitor/monitor_wait.go: "Alert
  // contacts, MW assignment changes, and SSL config clears are more eventually-consistent",
  // "headers can lag longer across API replicas"; integrationSettleExpectations in
  // internal/provider/integration/resource.go).
  | "stale"
  // POST /monitors only: a monitor is stored with other settings than sent (here: another
  // interval), then the answer is 500, as in the Terraform provider's #273
  // (TestRecoverMonitorCreatedDespiteErrorDoesNotAdoptGeneric5xx in monitor_create_recover_test.go).
  | "500-partial";

export const ALL_FAULTS: readonly FaultKind[] = ["429", "429-text", "500-after", "502-html", "503", "503-html", "reset", "reset-after", "slow-after", "lag", "404-after", "stale"];

/** Faults that only make sense for some requests. */
function applies(kind: FaultKind, method: string, p: string): boolean {
  if (kind === "404-after" || kind === "404-before" || kind === "500-partial") return method === "POST" && p === "/monitors";
  if (kind === "stale") return method === "PATCH";
  return true;
}

type Json = Record<string, unknown>;

interface Stored {
  id: number;
  data: Json;
  /** Listing calls before which this record is invisible (read-after-write lag). */
  visibleAtList: number;
  /** The version reads still return after an update, and for how many more reads. */
  stale?: { data: Json; reads: number };
}

export interface FakeOptions {
  apiKey?: string;
  /** Longest delay of a "slow-after" response in ms (should exceed the client timeout; the answer is dropped when the client disconnects first). */
  slowMs?: number;
  /** Retry-After seconds sent with 429s. */
  retryAfterSeconds?: number;
  /** HTML-escape names and URLs on read, as the real API does. */
  htmlEscape?: boolean;
  /** Number of listing calls a lagged write stays invisible for. */
  lagLists?: number;
  /** Number of reads that still return a record's previous version after a "stale" update. */
  staleReads?: number;
  /**
   * The account's plan. "free": threshold and recurrence are stored as 0 and heartbeat monitors are
   * refused; "paid": both as sent. Left out: thresholds as on Free, every monitor type allowed (for
   * tests about something else).
   */
  plan?: "free" | "paid";
  /** Enforce a rate limit (429 with Retry-After past it); none by default. */
  rateLimit?: { requests: number; windowMs: number };
}

export interface FakeStats {
  requests: number;
  faults: number;
  faultsByKind: Record<string, number>;
  creates: number;
  /** GET calls on a whole collection (one per page), by collection. */
  lists: Record<string, number>;
  /** POST, PATCH, PUT and DELETE calls. */
  writes: number;
  /** Requests refused with 429 because the rate limit was exceeded (not injected faults). */
  throttled: number;
}

/** A small seeded random generator, so fault sequences are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Provider config pointing at a fake, with small waits for tests (production defaults stay untouched). */
export function fakeConfig(f: { apiKey: string; url: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "uptimerobot:apiKey": f.apiKey,
    "uptimerobot:apiUrl": f.url,
    "uptimerobot:requestsPerMinute": "1000000",
    "uptimerobot:timeoutMs": "2000",
    "uptimerobot:retryBaseMs": "1",
    "uptimerobot:retryMaxMs": "10",
    "uptimerobot:cacheTtlMs": "0",
    ...extra,
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const COLLECTIONS = ["monitors", "integrations", "alert-contacts", "maintenance-windows", "psps"] as const;
type Collection = (typeof COLLECTIONS)[number];

export class FakeUptimeRobot {
  readonly apiKey: string;
  readonly problems: ValidationProblem[] = [];
  readonly responseProblems: ValidationProblem[] = [];
  readonly stats: FakeStats = { requests: 0, faults: 0, faultsByKind: {}, creates: 0, lists: {}, writes: 0, throttled: 0 };
  private readonly rate: RateWindow | undefined;
  readonly store: Record<Collection, Map<number, Stored>> = {
    monitors: new Map(),
    integrations: new Map(),
    "alert-contacts": new Map(),
    "maintenance-windows": new Map(),
    psps: new Map(),
  };
  private readonly validator: OpenApiValidator;
  private server: http.Server | undefined;
  private nextId = 1000;
  private listCalls = 0;
  private readonly queued: Array<{ kind: FaultKind; match?: (method: string, path: string) => boolean }> = [];
  private random: { rate: number; rng: () => number; kinds: readonly FaultKind[] } | undefined;
  private readonly sockets = new Set<import("node:net").Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly opts: Required<Omit<FakeOptions, "plan" | "rateLimit">> & Pick<FakeOptions, "plan">;
  url = "";

  constructor(opts: FakeOptions = {}) {
    this.opts = {
      apiKey: opts.apiKey ?? "ur-test-key-0123456789",
      slowMs: opts.slowMs ?? 5000,
      retryAfterSeconds: opts.retryAfterSeconds ?? 1,
      htmlEscape: opts.htmlEscape ?? true,
      plan: opts.plan,
      lagLists: opts.lagLists ?? 2,
      staleReads: opts.staleReads ?? 2,
    };
    this.apiKey = this.opts.apiKey;
    this.rate = opts.rateLimit ? new RateWindow(opts.rateLimit.requests, opts.rateLimit.windowMs) : undefined;
    this.validator = new OpenApiValidator(SPEC_PATH);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/v3`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues one fault for the next request (optionally only requests that match). */
  inject(kind: FaultKind, times = 1, match?: (method: string, path: string) => boolean): void {
    for (let i = 0; i < times; i++) this.queued.push({ kind, match });
  }

  /** Injects faults into a share of requests, chosen by a seeded generator (deterministic). */
  randomFaults(rate: number, seed: number, kinds: readonly FaultKind[] = ALL_FAULTS): void {
    this.random = rate > 0 ? { rate, rng: mulberry32(seed), kinds } : undefined;
  }

  /** Live records of a collection (ignores lag), as stored. */
  all(collection: Collection): Json[] {
    return [...this.store[collection].values()].map((s) => s.data);
  }

  /** When true, every update is read back as its previous version for `staleReads` reads. */
  staleWrites = false;

  /** When true, every write stays invisible to listings for `lagLists` list calls. */
  lagWrites = false;

  /** Adds records directly (as if made in the UptimeRobot UI); `data` is in the create-body shape. */
  seed(collection: Collection, body: Json): number {
    const id = this.nextId++;
    this.store[collection].set(id, { id, data: this.create(collection, id, body), visibleAtList: 0 });
    return id;
  }

  /** Removes a record behind the provider's back (drift). */
  vanish(collection: Collection, id: number): void {
    this.store[collection].delete(id);
  }

  private pickFault(method: string, p: string): FaultKind | undefined {
    const i = this.queued.findIndex((q) => !q.match || q.match(method, p));
    if (i >= 0) return this.queued.splice(i, 1)[0].kind;
    if (this.random && this.random.rng() < this.random.rate) {
      const kinds = this.random.kinds.filter((k) => applies(k, method, p));
      return kinds[Math.floor(this.random.rng() * kinds.length)];
    }
    return undefined;
  }

  private async readBody(req: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests++;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const p = url.pathname.replace(/^\/v3/, "");
    const raw = await this.readBody(req);
    const admitted = this.rate?.admit() ?? { ok: true };
    if (!admitted.ok) {
      this.stats.throttled++;
      const seconds = String(Math.ceil(admitted.retryAfterMs / 1000));
      res.writeHead(429, { "content-type": "application/json", "retry-after": seconds, "x-ratelimit-limit": String(this.rate!.requests), "x-ratelimit-remaining": "0", "x-ratelimit-reset": seconds });
      return void res.end(JSON.stringify({ statusCode: 429, message: "Too Many Requests" }));
    }
    if (method === "GET" && /^\/[a-z-]+\/?$/.test(p)) this.stats.lists[p.replace(/\//g, "")] = (this.stats.lists[p.replace(/\//g, "")] ?? 0) + 1;
    else if (method !== "GET") this.stats.writes++;
    const fault = this.pickFault(method, p);
    if (fault) {
      this.stats.faults++;
      this.stats.faultsByKind[fault] = (this.stats.faultsByKind[fault] ?? 0) + 1;
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      if (typeof body === "string") {
        res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
        res.end(body);
      } else if (body === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
        res.end(JSON.stringify(body));
      }
    };
    // Faults that happen before the server acts.
    switch (fault) {
      case "429":
        return send(429, { statusCode: 429, message: "Too Many Requests" }, { "retry-after": String(this.opts.retryAfterSeconds), "x-ratelimit-reset": String(this.opts.retryAfterSeconds), "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0" });
      case "429-text":
        return send(429, "Too many requests, slow down.", { "x-ratelimit-reset": String(this.opts.retryAfterSeconds) });
      case "502-html":
        res.writeHead(502, { "content-type": "text/html" });
        return void res.end("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>");
      case "503":
        return send(503, { statusCode: 503, message: "Service temporarily unavailable" });
      case "503-html":
        res.writeHead(503, { "content-type": "text/html; charset=utf-8" });
        return void res.end("<!DOCTYPE html><html><body><h1>Service Unavailable</h1><p>We are down for maintenance.</p></body></html>");
      case "reset":
        req.socket.destroy();
        return;
      case "404-before":
        return send(404, { message: "Monitor not found", code: "000-004" });
      default:
        break;
    }
    // Validate against the published description.
    const contentType = String(req.headers["content-type"] ?? "");
    let body: unknown;
    if (raw.length > 0) {
      if (contentType.startsWith("multipart/form-data")) {
        const fd = await new Response(raw, { headers: { "content-type": contentType } }).formData();
        const map = new Map<string, string[]>();
        for (const [k, v] of fd.entries()) map.set(k, [...(map.get(k) ?? []), typeof v === "string" ? v : "(file)"]);
        body = map;
      } else {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          this.problems.push({ where: `${method} ${p}`, message: "body is not JSON" });
          return send(400, { statusCode: 400, message: "body is not JSON" });
        }
      }
    }
    const psp = /^\/psps(\/[^/]+)?$/.test(p) && (method === "POST" || method === "PATCH");
    if (psp && body instanceof Map) {
      // Multipart bodies are parsed by multer (append-field): a field sent once without `[]` stays a
      // string, so one monitor id is rejected, and an empty list cannot be sent at all (UptimeRobot's
      // CLI, src/lib/form-body.ts; it sends JSON unless a file is uploaded, src/lib/request.ts).
      for (const k of ["monitorIds", "tagIds"]) {
        if ((body as Map<string, string[]>).get(k)?.length === 1) {
          this.problems.push({ where: `${method} ${p} body.${k}`, message: `${k} must be an array (a single multipart part arrives as a string)` });
          return send(400, { statusCode: 400, message: [`${k} must be an array`], error: "Bad Request" });
        }
      }
    }
    // The description lists only multipart/form-data for PSP writes; the API takes the same DTO as
    // JSON (UptimeRobot's Terraform provider sends PSP create/update as JSON, internal/client/psp.go;
    // its CLI does too, src/lib/request.ts), which is checked against the same schema.
    const described = psp && contentType.startsWith("application/json") ? "multipart/form-data" : contentType;
    // The update DTO types postValueData as an object, but an empty string clears a monitor's body:
    // UptimeRobot's Terraform provider sends postValueData "" on update (setBodyOnUpdate in
    // internal/provider/monitor/monitor_crud_update.go), and the create DTO takes a string too.
    const clearsBody = method === "PATCH" && /^\/monitors\/[^/]+$/.test(p) && !!body && typeof body === "object" && (body as Json).postValueData === "";
    const forSchema = clearsBody ? Object.fromEntries(Object.entries(body as Json).filter(([k]) => k !== "postValueData")) : body;
    const validated = this.validator.validateRequest({ method, path: p, query: url.searchParams, headers: req.headers, contentType: described, body: forSchema });
    const checked = clearsBody ? { ...validated, body } : validated;
    if (checked.problems.length > 0) {
      this.problems.push(...checked.problems);
      return send(400, { statusCode: 400, message: "Validation failed", errors: checked.problems });
    }
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return send(401, { statusCode: 401, message: "Unauthorized" });
    }
    const monitorBody = (method === "POST" && p === "/monitors") || (method === "PATCH" && /^\/monitors\/[^/]+$/.test(p)) ? (checked.body as Json) : undefined;
    if (monitorBody) {
      const type = String(monitorBody.type ?? this.store.monitors.get(Number(checked.params.id))?.data.type ?? "").toUpperCase();
      // HEAD is invalid for keyword monitors (a HEAD answer has no body to search), and HEAD is
      // what the API assumes when no method is sent: UptimeRobot's CLI defaults keyword monitors
      // to GET and refuses HEAD (src/lib/request-curation.ts, "HEAD is invalid for Keyword monitors").
      if (type === "KEYWORD" && (monitorBody.httpMethodType ?? (method === "POST" ? "HEAD" : undefined)) === "HEAD") {
        return send(400, { statusCode: 400, message: ["httpMethodType HEAD is not allowed for Keyword monitors"], error: "Bad Request" });
      }
      // Heartbeat (cron job) monitors are a paid feature (UptimeRobot's blog, "New Feature:
      // Heartbeat Monitoring (Pro Plan)" and its July 2021 update: "Heartbeat (cron) monitoring is a
      // PRO feature"). The exact refusal is not documented; this one is assumed.
      if (this.opts.plan === "free" && method === "POST" && type === "HEARTBEAT") {
        return send(403, { statusCode: 403, message: "Heartbeat monitors are not available on the Free plan" });
      }
    }
    if (method === "POST" && p === "/integrations") {
      // UptimeRobot allows one integration of a type per webhook URL and answers 409 for another,
      // but the check is not transactional: concurrent creates can both pass it (UptimeRobot's
      // Terraform provider, docs/resources/integration.md, and internal/provider/integration/
      // create_lock.go, which serializes such creates).
      const taken = this.integrationWithValue(checked.body as Json);
      if (taken !== undefined) return send(409, { statusCode: 409, message: "Integration already exists" });
      await new Promise((r) => setTimeout(r, 30));
    }
    let result: { status: number; body?: unknown };
    const acted = fault === "500-partial" ? { ...(checked.body as Json), interval: Number((checked.body as Json).interval) * 2 } : (checked.body as Json);
    try {
      result = this.act(method, p, checked.params, acted, url.searchParams, fault === "lag" || (this.lagWrites && method !== "GET"), fault === "stale" || (this.staleWrites && method === "PATCH"));
    } catch (e) {
      result = { status: 500, body: { statusCode: 500, message: String(e) } };
    }
    if (result.body !== undefined && result.status < 300) {
      const problems = this.validator.validateResponse(method, p, result.status, result.body);
      this.responseProblems.push(...problems);
    }
    // Faults that happen after the server acted.
    switch (fault) {
      case "500-after":
      case "500-partial":
        return send(500, { statusCode: 500, message: "Internal server error" });
      case "404-after":
        return send(404, { message: "Monitor not found", code: "000-004" });
      case "reset-after":
        req.socket.destroy();
        return;
      case "slow-after": {
        // Hold the answer until the client gives up (or slowMs passes), so the fault costs the
        // client's timeout and no more.
        const t = setTimeout(() => {
          this.timers.delete(t);
          send(result.status, result.body);
        }, this.opts.slowMs);
        this.timers.add(t);
        req.socket.once("close", () => {
          clearTimeout(t);
          this.timers.delete(t);
        });
        return;
      }
      case "exhausted":
        return send(result.status, result.body, { "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(this.opts.retryAfterSeconds) });
      default:
        return send(result.status, result.body);
    }
  }

  /* ------------------------------------------------------------ behaviour */

  /** The id of an integration of the same type with the same webhook URL, if any. */
  private integrationWithValue(b: Json): number | undefined {
    const data = (b.data ?? {}) as Json;
    const value = data.webhookURL ?? data.urlToNotify;
    if (typeof value !== "string") return undefined;
    const type = String(b.type).toLowerCase();
    for (const rec of this.store.integrations.values()) if (String(rec.data.type).toLowerCase() === type && rec.data.value === value) return rec.id;
    return undefined;
  }

  private notFound(): { status: number; body: unknown } {
    return { status: 404, body: { statusCode: 404, message: "Not found" } };
  }

  /** What a read returns of a record: its previous version while an update is still "stale". */
  private readOf(rec: Stored): Json {
    if (rec.stale && rec.stale.reads > 0) {
      rec.stale.reads--;
      return rec.stale.data;
    }
    return rec.data;
  }

  private act(method: string, p: string, params: Record<string, unknown>, body: Json, query: URLSearchParams, lag: boolean, stale = false): { status: number; body?: unknown } {
    const parts = p.split("/").filter(Boolean);
    const collection = parts[0] as Collection;
    if (!COLLECTIONS.includes(collection)) return { status: 501, body: { statusCode: 501, message: `the fake does not implement ${p}` } };
    const store = this.store[collection];
    const lagUntil = lag ? this.listCalls + this.opts.lagLists : 0;
    if (parts.length === 1 && method === "GET") {
      this.listCalls++;
      const limit = Number(query.get("limit") ?? 50);
      const cursor = Number(query.get("cursor") ?? 0);
      const visible = [...store.values()].filter((s) => s.visibleAtList <= this.listCalls && s.id > cursor).sort((a, b) => a.id - b.id);
      const page = visible.slice(0, collection === "monitors" ? limit : 50);
      const more = visible.length > page.length;
      const last = page[page.length - 1];
      return {
        status: 200,
        body: {
          nextLink: more && last ? `${this.url}/${collection}?cursor=${last.id}${collection === "monitors" ? `&limit=${limit}` : ""}` : null,
          data: page.map((s) => this.render(collection, this.readOf(s))),
        },
      };
    }
    if (parts.length === 1 && method === "POST") {
      const id = this.nextId++;
      this.stats.creates++;
      const data = this.create(collection, id, body);
      store.set(id, { id, data, visibleAtList: lagUntil });
      return { status: 201, body: this.render(collection, data) };
    }
    const id = Number(params.id);
    const rec = store.get(id);
    if (!rec) return this.notFound();
    if (method === "GET") return { status: 200, body: this.render(collection, this.readOf(rec)) };
    if (method === "DELETE") {
      store.delete(id);
      return { status: collection === "maintenance-windows" ? 204 : 200 };
    }
    if (method === "PATCH") {
      if (stale) rec.stale = { data: rec.data, reads: this.opts.staleReads };
      rec.data = this.update(collection, rec.data, body);
      if (lag) rec.visibleAtList = lagUntil;
      return { status: 200, body: this.render(collection, rec.data) };
    }
    return { status: 405, body: { statusCode: 405, message: "Method not allowed" } };
  }

  private create(collection: Collection, id: number, b: Json): Json {
    switch (collection) {
      case "monitors": {
        const type = String(b.type).toUpperCase();
        const data: Json = { id, type, createDateTime: new Date(0).toISOString() };
        if (type === "HEARTBEAT") data.url = `https://heartbeat.uptimerobot.com/m${id}-${Math.random().toString(36).slice(2, 14)}`;
        return this.update(collection, data, b);
      }
      case "integrations":
        return this.update(collection, { id, type: b.type }, b);
      case "alert-contacts":
        return { id, type: b.type, friendlyName: b.friendlyName ?? null, value: b.value ?? null, sslExpirationReminder: false, status: "Active" };
      case "maintenance-windows":
        return this.update(collection, { id, status: "active", created: new Date(0).toISOString(), days: [], monitorIds: [], autoAddMonitors: b.autoAddMonitors ?? false }, b);
      case "psps":
        return this.update(collection, { id, urlKey: `k${id.toString(36)}abc`, status: "ENABLED" }, b);
    }
  }

  private update(collection: Collection, old: Json, b: Json): Json {
    const d: Json = { ...old };
    switch (collection) {
      case "monitors": {
        const map: Record<string, string> = {
          friendlyName: "friendlyName",
          interval: "interval",
          timeout: "timeout",
          gracePeriod: "gracePeriod",
          httpMethodType: "httpMethodType",
          customHttpHeaders: "customHttpHeaders",
          successHttpResponseCodes: "successHttpResponseCodes",
          postValueData: "postValueData",
          postValueType: "postValueType",
          keywordValue: "keywordValue",
          keywordType: "keywordType",
          port: "port",
          followRedirections: "followRedirections",
          checkSSLErrors: "checkSSLErrors",
          sslExpirationReminder: "sslExpirationReminder",
          domainExpirationReminder: "domainExpirationReminder",
        };
        for (const [k, target] of Object.entries(map)) if (b[k] !== undefined) d[target] = b[k];
        if (b.url !== undefined && d.type !== "HEARTBEAT") d.url = b.url;
        // config: an update merges its top-level keys into the monitor's (UpdateMonitorDto.config).
        if (b.config && typeof b.config === "object") d.config = { ...((d.config as Json | undefined) ?? {}), ...(b.config as Json) };
        // SSL monitoring is off for http:// URLs and "cannot be enabled" (UptimeRobot's help centre,
        // "Monitor SSL certificate expiration & errors").
        if (typeof d.url === "string" && !d.url.startsWith("https://")) d.sslExpirationReminder = false;
        // keywordCaseType: 0 = case-sensitive, 1 = case-insensitive (the create DTO takes the names,
        // the update DTO the numbers). UptimeRobot's Terraform provider: monitor_compare.go ("API uses
        // ints as 0=CaseSensitive, 1=CaseInsensitive"), monitor_crud_create.go / monitor_crud_update.go
        // (CaseSensitive -> 0, CaseInsensitive -> 1) and monitor_crud_read.go (0 -> CaseSensitive).
        if (b.keywordCaseType !== undefined) d.keywordCaseType = b.keywordCaseType === "CaseSensitive" || b.keywordCaseType === 0 ? 0 : 1;
        if (typeof d.keywordValue === "string") d.keywordValue = d.keywordValue.trim();
        if (b.postValueData === "") {
          delete d.postValueData;
          delete d.postValueType;
        }
        if (d.postValueType === "RAW_JSON" || d.postValueType === "KEY_VALUE") {
          // UptimeRobot sets Content-Type itself from the body type, whatever was sent (UptimeRobot's
          // Terraform provider, internal/provider/monitor/monitor_compare.go:
          // normalizeHeadersForCompareNoCT, "Content-Type is ignored because API sets it on json or
          // kv/form body").
          const headers = Object.fromEntries(Object.entries((d.customHttpHeaders ?? {}) as Record<string, string>).filter(([k]) => k.toLowerCase() !== "content-type"));
          d.customHttpHeaders = { ...headers, "content-type": d.postValueType === "RAW_JSON" ? "application/json" : "application/x-www-form-urlencoded" };
        }
        if (b.assignedAlertContacts !== undefined) {
          // Free plan: threshold and recurrence are always stored as 0 (the v3 description: "Threshold
          // and recurrence are only available in the paid plans, they are always 0 in the Free Plan";
          // UptimeRobot's Terraform provider, monitor_schema.go: "Free plan have to use 0").
          const paid = this.opts.plan === "paid";
          d.assignedAlertContacts = (b.assignedAlertContacts as Json[]).map((a) => ({ alertContactId: a.alertContactId, threshold: paid ? a.threshold : 0, recurrence: paid ? a.recurrence : 0 }));
        }
        // Tags are lower case at UptimeRobot: UptimeRobot's Terraform provider refuses upper-case tags
        // ("Tags for the monitor. Must be lowercase", internal/provider/monitor/monitor_schema.go) and
        // compares them lower-cased (normalizeTagSet in monitor_compare.go).
        if (b.tagNames !== undefined) d.tagNames = (b.tagNames as string[]).map((t) => t.toLowerCase());
        if (b.maintenanceWindowsIds !== undefined) d.maintenanceWindowsIds = b.maintenanceWindowsIds;
        return d;
      }
      case "integrations": {
        const data = (b.data ?? {}) as Json;
        for (const k of ["friendlyName", "enableNotificationsFor", "sslExpirationReminder", "customHeaders"]) if (data[k] !== undefined) d[k] = data[k];
        if (data.webhookURL !== undefined) d.value = data.webhookURL;
        if (data.urlToNotify !== undefined) d.value = data.urlToNotify;
        if (data.integrationKey !== undefined) d.value = data.integrationKey;
        if (data.customValue !== undefined) d.customValue = data.customValue;
        if (String(d.type).toLowerCase() === "webhook") {
          // A webhook's body template and flags read back together as one JSON text in customValue,
          // {"postValue","sendJSON","sendQuery","sendPost"} (UptimeRobot's Terraform provider,
          // internal/provider/integration/resource.go: webhookConfig, parseWebhookConfig).
          const was = (typeof d.customValue === "string" && d.customValue.startsWith("{") ? JSON.parse(d.customValue) : {}) as Json;
          const pick = (sent: unknown, key: string, dflt: unknown) => (sent !== undefined ? sent : (was[key] ?? dflt));
          d.customValue = JSON.stringify({
            postValue: pick(data.postValue, "postValue", ""),
            sendJSON: pick(data.sendAsJSON, "sendJSON", false),
            sendQuery: pick(data.sendAsQueryString, "sendQuery", false),
            sendPost: pick(data.sendAsPostParameters, "sendPost", false),
          });
        }
        if (data.location !== undefined) d.customValue2 = data.location;
        return d;
      }
      case "alert-contacts":
        for (const k of ["friendlyName", "sslExpirationReminder"]) if (b[k] !== undefined) d[k] = b[k];
        return d;
      case "maintenance-windows":
        for (const k of ["name", "interval", "date", "time", "duration", "days", "monitorIds", "status", "autoAddMonitors"]) if (b[k] !== undefined) d[k] = b[k];
        return d;
      case "psps":
        for (const k of ["friendlyName", "monitorIds", "customDomain", "status", "hideUrlLinks", "noIndex", "homepageLink", "sort"]) if (b[k] !== undefined) d[k] = b[k];
        // An empty custom domain removes it (UptimeRobot's Terraform provider sends the configured
        // value, "" included, internal/provider/psp/resource.go); it reads back null.
        if (d.customDomain === "") d.customDomain = null;
        if (b.password !== undefined) d.isPasswordSet = b.password !== "";
        return d;
    }
  }

  private esc(s: unknown): unknown {
    return typeof s === "string" && this.opts.htmlEscape ? escapeHtml(s) : s;
  }

  /** The API's view of a record: the documented DTO, with the real API's rewrites. */
  private render(collection: Collection, d: Json): Json {
    switch (collection) {
      case "monitors": {
        const type = d.type as string;
        const headers = d.customHttpHeaders as Record<string, string> | undefined;
        const codes = (d.successHttpResponseCodes as string[] | undefined) ?? ["2xx", "3xx"];
        const windows = ((d.maintenanceWindowsIds as number[] | undefined) ?? [])
          .map((id) => this.store["maintenance-windows"].get(id)?.data)
          .filter((w): w is Json => !!w)
          .map((w) => this.render("maintenance-windows", w));
        return {
          id: d.id,
          type,
          friendlyName: this.esc(d.friendlyName),
          url: type === "HEARTBEAT" ? d.url : this.esc(d.url ?? ""),
          interval: d.interval,
          timeout: type === "HEARTBEAT" ? 0 : (d.timeout ?? 30),
          gracePeriod: type === "HEARTBEAT" ? (d.gracePeriod ?? 0) : null,
          sslBrand: null,
          sslExpiryDateTime: null,
          domainExpireDate: null,
          checkSSLErrors: (d.checkSSLErrors as boolean | undefined) ?? false,
          sslExpirationReminder: (d.sslExpirationReminder as boolean | undefined) ?? false,
          domainExpirationReminder: (d.domainExpirationReminder as boolean | undefined) ?? false,
          followRedirections: (d.followRedirections as boolean | undefined) ?? true,
          authType: "NONE",
          customHttpHeaders: headers ? Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) : {},
          httpMethodType: type === "HTTP" || type === "KEYWORD" ? (d.httpMethodType ?? "HEAD") : null,
          successHttpResponseCodes: [...codes].sort().reverse(),
          postValueData: d.postValueData ?? null,
          postValueType: (d.postValueType as string | undefined) ?? null,
          port: d.port ?? null,
          keywordValue: d.keywordValue ?? null,
          keywordCaseType: type === "KEYWORD" ? (d.keywordCaseType ?? 1) : null,
          keywordType: d.keywordType ?? null,
          responseTimeThreshold: 0,
          config: (d.config as Json | undefined) ?? {},
          regionalData: { REGION: ["na"] },
          maintenanceWindows: windows,
          psps: [],
          status: "UP",
          currentStateDuration: 0,
          lastIncidentId: null,
          userId: 1,
          tags: ((d.tagNames as string[] | undefined) ?? []).map((name, i) => ({ id: i + 1, name: this.esc(name), color: "#000000" })),
          assignedAlertContacts: d.assignedAlertContacts ?? [],
          lastDayUptimes: { bucketSize: 3600, histogram: [] },
          createDateTime: d.createDateTime,
          apiKey: null,
        };
      }
      case "integrations":
        return {
          id: d.id,
          friendlyName: this.esc(d.friendlyName ?? null),
          enableNotificationsFor: d.enableNotificationsFor ?? "UpAndDown",
          type: d.type,
          status: "Active",
          sslExpirationReminder: d.sslExpirationReminder ?? false,
          value: this.esc(d.value ?? null),
          customValue: d.customValue ?? null,
          customValue2: d.customValue2 ?? null,
          customValue3: null,
          customValue4: null,
          customHeaders: d.customHeaders ?? null,
        };
      case "alert-contacts":
        return {
          id: d.id,
          friendlyName: this.esc(d.friendlyName),
          type: d.type,
          value: d.value,
          customValue: null,
          enableNotificationsFor: 1,
          sslExpirationReminder: d.sslExpirationReminder ?? false,
          httpUsername: null,
          httpPassword: null,
          authType: null,
          mobileProviderId: null,
          status: d.status,
          orgAlertContactId: null,
        };
      case "maintenance-windows":
        return {
          id: d.id,
          userId: 1,
          name: this.esc(d.name),
          interval: d.interval,
          date: d.date ?? null,
          time: d.time,
          duration: d.duration,
          autoAddMonitors: d.autoAddMonitors ?? false,
          monitorIds: d.monitorIds ?? [],
          days: d.days ?? [],
          status: d.status,
          created: d.created,
        };
      case "psps":
        return {
          id: d.id,
          friendlyName: this.esc(d.friendlyName),
          customDomain: d.customDomain ?? null,
          isPasswordSet: d.isPasswordSet ?? false,
          monitorIds: d.monitorIds ?? [],
          tagIds: [],
          monitorsCount: ((d.monitorIds as unknown[] | undefined) ?? []).length,
          status: d.status,
          urlKey: d.urlKey,
          homepageLink: this.esc(d.homepageLink ?? null),
          gaCode: null,
          shareAnalyticsConsent: false,
          useSmallCookieConsentModal: false,
          icon: null,
          noIndex: d.noIndex ?? false,
          logo: null,
          hideUrlLinks: d.hideUrlLinks ?? false,
          subscription: false,
          showCookieBar: false,
          pinnedAnnouncementId: null,
          customSettings: null,
        };
    }
  }
}
