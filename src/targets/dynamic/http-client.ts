/**
 * The HTTP client every REST vendor's transport uses (axios): pacing under a requests-per-minute
 * budget, a timeout on every call, retries with backoff on 429 / 5xx / resets honouring Retry-After
 * and X-RateLimit-Reset, ambiguous-write detection (a POST whose answer was lost), pluggable
 * pagination, a listing cache kept right by writes, and the API key redacted from every message.
 */
import type { AxiosStatic } from "axios";
import { apiError, type ErrorKind } from "./errors";
import type { HttpSettings } from "./http-settings";
import type { PageRequest, Pagination, QueryValue } from "./pagination";
import { redact } from "./values";

export type FormValue = string | number | boolean | ReadonlyArray<string | number> | Record<string, unknown> | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON body. */
  json?: unknown;
  /** multipart/form-data body. Arrays become repeated parts, objects a JSON part. */
  form?: Record<string, FormValue>;
  /** Whether repeating the call is harmless; defaults to true for everything but POST. */
  idempotent?: boolean;
  /**
   * The collection a write belongs to, where it is not the path's first segment (Sentry's
   * `/projects/{org}/{project}/rules/`): the cached listing of that path is kept right.
   */
  collection?: string;
}

/** Test hooks; production uses the real clock. */
export interface ClientHooks {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface ClientStats {
  requests: number;
  retries: number;
  cacheHits: number;
}

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const RETRYABLE_NETWORK: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ECONNREFUSED",
  "EAI_AGAIN",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

/** One attempt's outcome: a parsed answer, or how long to wait before the next attempt and why. */
type Attempt<T> = { done: true; value: { body: T; headers: Record<string, string> } } | { done: false; wait: number; reason: string };

export class HttpClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, cacheHits: 0 };
  private nextSlot = 0;
  private blockedUntil = 0;
  private readonly cache = new Map<string, { at: number; items: unknown[] }>();
  /** Listings under way, which calls wanting the same listing share. */
  private readonly listing = new Map<string, Promise<unknown[]>>();
  /** Writes so far, per collection: a listing during which one happened may miss it, so it is not cached. */
  private readonly writes = new Map<string, number>();

  constructor(
    readonly settings: HttpSettings,
    private readonly pagination: Pagination,
    private readonly hooks: ClientHooks = {},
  ) {}

  private now(): number {
    return this.hooks.now ? this.hooks.now() : Date.now();
  }

  /** Waits (on the test clock when one is hooked in). */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return this.hooks.sleep ? this.hooks.sleep(ms) : new Promise((r) => setTimeout(r, ms));
  }

  private random(): number {
    return this.hooks.random ? this.hooks.random() : Math.random();
  }

  /**
   * Waits for this call's slot so that calls stay under requestsPerMinute (and after a 429's reset).
   * Slots are 1% + 10 ms wider than the limit's own spacing: a call can leave late (a busy event
   * loop) and the next on time, and a vendor counting any 60 s window must never see one too many;
   * over the ten gaps of a 10-a-minute window the margin adds up to 0.7 s.
   */
  private async pace(): Promise<void> {
    const interval = (60_000 / this.settings.requestsPerMinute) * 1.01 + 10;
    const now = this.now();
    const start = Math.max(now, this.nextSlot, this.blockedUntil);
    this.nextSlot = start + interval;
    await this.sleep(start - now);
  }

  /** Drops cached listings of the collection a write touches. */
  invalidate(path: string, collectionHint?: string): void {
    const collection = collectionHint ?? "/" + path.split("/").filter(Boolean)[0];
    for (const key of [...this.cache.keys()]) {
      if (key.startsWith(collection + "?") || key.startsWith(collection + "/")) this.cache.delete(key);
    }
  }

  /** The object an answer about one object holds (unwrapped where the vendor wraps it, see Pagination.object). */
  objectOf(body: unknown): unknown {
    return this.pagination.object ? this.pagination.object(body) : body;
  }

  /**
   * Keeps cached listings right after a successful write: the created or updated object replaces
   * its entry, a deleted one leaves. So creating many resources costs one listing, not one each.
   */
  private writeThrough(method: Method, path: string, body: unknown, collectionHint?: string): void {
    let parts = path.split("/").filter(Boolean);
    let collection = "/" + parts[0];
    if (collectionHint !== undefined && path.startsWith(collectionHint)) {
      // The same shapes under a nested collection: [] is the collection, [id] one of its items.
      collection = collectionHint;
      parts = ["", ...path.slice(collectionHint.length).split("/").filter(Boolean)];
    }
    const written = "/" + path.split("/").filter(Boolean)[0];
    this.writes.set(written, (this.writes.get(written) ?? 0) + 1);
    const answered = this.objectOf(body);
    const obj = answered && typeof answered === "object" && "id" in answered ? (answered as { id: unknown }) : undefined;
    const idOf = (x: unknown) => String((x as { id: unknown }).id);
    for (const [key, entry] of [...this.cache.entries()]) {
      if (!key.startsWith(collection + "?")) continue;
      if (key !== collection + "?{}") this.cache.delete(key);
      else if (parts.length === 1 && method === "POST" && obj) entry.items = [...entry.items, obj];
      else if (parts.length === 2 && (method === "PATCH" || method === "PUT") && obj) entry.items = entry.items.map((x) => (idOf(x) === String(obj.id) ? obj : x));
      else if (parts.length === 2 && method === "DELETE") entry.items = entry.items.filter((x) => idOf(x) !== parts[1]);
      else this.cache.delete(key);
    }
  }

  private redact(text: string): string {
    return redact(text, [this.settings.apiKey]);
  }

  private async send(method: Method, path: string, opts: RequestOptions): Promise<RawResponse> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const axios = require("axios") as AxiosStatic;
    let data: unknown;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.settings.apiKey}`, Accept: "application/json" };
    if (opts.form) {
      const fd = new FormData();
      for (const [k, v] of Object.entries(opts.form)) {
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const item of v) fd.append(k, String(item));
        else if (typeof v === "object") fd.append(k, JSON.stringify(v));
        else fd.append(k, String(v));
      }
      data = fd;
    } else if (opts.json !== undefined) {
      data = JSON.stringify(opts.json);
      headers["Content-Type"] = "application/json";
    }
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) params[k] = String(v);
    const res = await axios.request({
      method,
      url: this.settings.apiUrl + path,
      params,
      data,
      headers,
      timeout: this.settings.timeoutMs,
      responseType: "text",
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      maxRedirects: 0,
      // Honour HTTP(S)_PROXY for the real API, never for a local endpoint (tests, fakes).
      ...(/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(this.settings.apiUrl) ? { proxy: false as const } : {}),
    });
    const outHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers ?? {})) if (v !== undefined && v !== null) outHeaders[k.toLowerCase()] = String(v);
    return { status: res.status, headers: outHeaders, body: typeof res.data === "string" ? res.data : res.data == null ? "" : String(res.data) };
  }

  /** Delay asked for by the server (Retry-After seconds or date; X-RateLimit-Reset seconds until reset), in ms. */
  private serverDelay(headers: Record<string, string>): number | undefined {
    const ra = headers["retry-after"];
    if (ra !== undefined) {
      const secs = Number(ra);
      if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
      const at = Date.parse(ra);
      if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
    }
    const reset = headers["x-ratelimit-reset"];
    if (reset !== undefined && reset !== "") {
      const n = Number(reset);
      // Observed as seconds until the window resets; tolerate an epoch timestamp too.
      if (Number.isFinite(n)) return n > 1e9 ? Math.max(0, n * 1000 - Date.now()) : Math.max(0, n * 1000);
    }
    return undefined;
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** attempt);
    return Math.round(exp / 2 + (this.random() * exp) / 2);
  }

  /** Turns a response body (JSON, plain text or HTML) into a short readable reason. */
  describeBody(res: RawResponse): string {
    const type = res.headers["content-type"] ?? "";
    const text = res.body ?? "";
    if (type.includes("json") || /^\s*[{[]/.test(text)) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === "object") {
          const o = parsed as Record<string, unknown>;
          const parts: string[] = [];
          for (const k of ["message", "error", "errors", "details"]) {
            const v = o[k];
            if (v === undefined || v === null) continue;
            parts.push(typeof v === "string" ? v : JSON.stringify(v));
          }
          if (parts.length > 0) return this.redact(parts.join("; ").slice(0, 300));
        }
      } catch {
        /* fall through to text */
      }
    }
    let plain = text;
    if (type.includes("html") || /<\/?[a-z][\s\S]*>/i.test(text)) {
      plain = text
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
        .replace(/<[^>]+>/g, " ")
        .replace(/&nbsp;/g, " ");
    }
    plain = plain.replace(/\s+/g, " ").trim();
    if (!plain) return "empty body";
    const kind = type.includes("html") ? "HTML body" : type ? `${type.split(";")[0]} body` : "non-JSON body";
    return this.redact(`${kind}: ${plain.slice(0, 200)}`);
  }

  /** One API call with pacing, timeout and retries. Returns the parsed JSON body (undefined when empty). */
  async request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
    return (await this.exchange<T>(method, path, opts)).body;
  }

  /** Like `request`, with the answer's headers (lower-cased names). */
  async exchange<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<{ body: T; headers: Record<string, string> }> {
    const idempotent = opts.idempotent ?? method !== "POST";
    const where = `${this.settings.vendor} API ${method} ${path}`;
    const attempts = this.settings.maxRetries + 1;
    let lastReason = "";
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) this.stats.retries++;
      await this.pace();
      this.stats.requests++;
      const outcome = await this.attempt<T>(method, path, opts, { where, idempotent, attempt });
      if (outcome.done) return outcome.value;
      lastReason = outcome.reason;
      if (attempt + 1 < attempts) await this.sleep(outcome.wait);
    }
    const p = this.settings.configPrefix;
    throw apiError(`${where}: gave up after ${attempts} attempts, last: ${lastReason} (expected the API to recover; raise ${p}:maxRetries or lower ${p}:requestsPerMinute)`, "server", undefined, !idempotent);
  }

  /** Sends once; returns the answer, or the wait before retrying; throws what must not be retried. */
  private async attempt<T>(method: Method, path: string, opts: RequestOptions, ctx: { where: string; idempotent: boolean; attempt: number }): Promise<Attempt<T>> {
    let res: RawResponse | undefined;
    let netCode = "ENETWORK";
    try {
      res = await this.send(method, path, opts);
    } catch (e) {
      const err = e as { code?: string; message?: string };
      netCode = err.code ?? "ENETWORK";
      if (/timeout/i.test(err.message ?? "") && netCode === "ECONNABORTED") netCode = "ETIMEDOUT";
      if (/socket hang up/i.test(err.message ?? "")) netCode = "ECONNRESET";
    }
    if (res && res.status >= 200 && res.status < 300) return { done: true, value: { body: this.parse<T>(method, path, res, ctx.where, opts.collection), headers: res.headers } };
    // A write that failed may still have been applied: forget cached listings of its collection.
    if (method !== "GET") this.invalidate(path, opts.collection);
    return res ? this.failedStatus(res, ctx) : this.failedNetwork(netCode, ctx);
  }

  private parse<T>(method: Method, path: string, res: RawResponse, where: string, collection?: string): T {
    let parsed: unknown;
    if (res.body && res.body.trim()) {
      try {
        parsed = JSON.parse(res.body);
      } catch {
        if (method !== "GET") this.invalidate(path, collection);
        throw apiError(`${where}: HTTP ${res.status} with a body that is not JSON (${this.describeBody(res)}) (expected JSON)`, "server", res.status, false);
      }
    }
    if (method !== "GET") this.writeThrough(method, path, parsed, collection);
    // The window is used up: hold every call until it resets rather than collect a 429.
    if (res.headers["x-ratelimit-remaining"] === "0") {
      const reset = this.serverDelay({ "x-ratelimit-reset": res.headers["x-ratelimit-reset"] ?? "" });
      if (reset !== undefined) this.blockedUntil = Math.max(this.blockedUntil, this.now() + Math.min(this.settings.retryMaxMs, reset));
    }
    return parsed as T;
  }

  private failedStatus<T>(res: RawResponse, ctx: { where: string; idempotent: boolean; attempt: number }): Attempt<T> {
    const reason = `HTTP ${res.status} (${this.describeBody(res)})`;
    if (res.status === 429) {
      const server = this.serverDelay(res.headers);
      const wait = Math.min(this.settings.retryMaxMs, server ?? this.backoff(ctx.attempt)) + Math.round(this.random() * Math.min(250, this.settings.retryBaseMs));
      this.blockedUntil = Math.max(this.blockedUntil, this.now() + wait);
      return { done: false, wait, reason };
    }
    if (res.status >= 500) {
      if (!ctx.idempotent) throw apiError(`${ctx.where}: ${reason}; the server may have acted`, "server", res.status, true);
      return { done: false, wait: Math.min(this.settings.retryMaxMs, this.serverDelay(res.headers) ?? this.backoff(ctx.attempt)), reason };
    }
    const kind: ErrorKind = res.status === 404 || res.status === 410 ? "not_found" : "client";
    throw apiError(`${ctx.where}: ${reason}`, kind, res.status, false, this.errorCode(res));
  }

  /** The `code` of a JSON error body (e.g. UptimeRobot's "000-004"), if any. */
  private errorCode(res: RawResponse): string | undefined {
    try {
      const parsed: unknown = JSON.parse(res.body);
      const code = parsed && typeof parsed === "object" ? (parsed as { code?: unknown }).code : undefined;
      return typeof code === "string" || typeof code === "number" ? String(code) : undefined;
    } catch {
      return undefined;
    }
  }

  private failedNetwork<T>(code: string, ctx: { where: string; idempotent: boolean; attempt: number }): Attempt<T> {
    const timeout = code === "ETIMEDOUT" || code === "ECONNABORTED";
    const reason = timeout ? `no response within ${this.settings.timeoutMs} ms` : `connection failed (${code})`;
    const nothingSent = code === "ECONNREFUSED" || code === "EAI_AGAIN";
    if (!ctx.idempotent && !nothingSent) throw apiError(`${ctx.where}: ${reason}; the server may have acted`, timeout ? "timeout" : "network", undefined, true);
    if (!RETRYABLE_NETWORK.has(code) && !nothingSent) throw apiError(`${ctx.where}: ${reason}`, "network", undefined, false);
    return { done: false, wait: this.backoff(ctx.attempt), reason };
  }

  /**
   * Every item of a paginated collection. Listings are cached for cacheTtlMs unless `fresh`, so
   * reading many resources in one process costs one listing.
   */
  async listAll<T>(path: string, opts: { pageSize?: number; fresh?: boolean; query?: Record<string, QueryValue> } = {}): Promise<T[]> {
    const key = `${path}?${JSON.stringify(opts.query ?? {})}`;
    const hit = this.cache.get(key);
    if (!opts.fresh && hit && this.now() - hit.at < this.settings.cacheTtlMs) {
      this.stats.cacheHits++;
      return hit.items as T[];
    }
    // The engine reads and creates many resources at once: one listing serves them all (a refresh
    // of N objects costs one listing, not one per object in flight). A fresh look starts its own.
    const shared = opts.fresh ? undefined : this.listing.get(key);
    if (shared) {
      this.stats.cacheHits++;
      return (await shared) as T[];
    }
    const run = this.fetchAll(path, key, opts);
    if (!opts.fresh) this.listing.set(key, run);
    try {
      return (await run) as T[];
    } finally {
      if (this.listing.get(key) === run) this.listing.delete(key);
    }
  }

  /** Every page of a listing; cached unless the collection was written to meanwhile. */
  private async fetchAll(path: string, key: string, opts: { pageSize?: number; query?: Record<string, QueryValue> }): Promise<unknown[]> {
    const collection = "/" + path.split("/").filter(Boolean)[0];
    const writesBefore = this.writes.get(collection) ?? 0;
    const items: unknown[] = [];
    let request: PageRequest | undefined = this.pagination.first(path, { ...(opts.query ?? {}) }, opts.pageSize);
    const seen = new Set<string>();
    for (let page = 0; request && page < 10_000; page++) {
      const res = await this.exchange<unknown>("GET", request.path, { query: request.query });
      const { items: got, next } = this.pagination.next(res, request, this.settings.apiUrl);
      items.push(...got);
      const id = next ? JSON.stringify(next) : undefined;
      request = id === undefined || seen.has(id) ? undefined : next;
      if (id !== undefined) seen.add(id);
    }
    if ((this.writes.get(collection) ?? 0) === writesBefore) this.cache.set(key, { at: this.now(), items });
    return items;
  }
}
