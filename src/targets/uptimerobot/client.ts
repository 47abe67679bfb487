/**
 * UptimeRobot API v3 client (axios), used by the dynamic providers in this folder.
 *
 * Serialization note: the dynamic providers are serialized with `pulumi.runtime.serializeFunction`,
 * which captures this module's functions by value. So nothing here holds a handle at module level,
 * and axios is `require`d inside the function that sends a request.
 */
import type { AxiosStatic } from "axios";

export const DEFAULT_API_URL = "https://api.uptimerobot.com/v3";

/** Everything the client needs; built from stack config / environment by `settingsFrom`. */
export interface UptimeRobotSettings {
  apiKey: string;
  apiUrl: string;
  /** Requests per minute the client stays under (Free plan: 10; paid: 2 x monitor limit, max 5000). */
  requestsPerMinute: number;
  /** Timeout of every HTTP call, in milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt on 429 / 5xx / resets / timeouts. */
  maxRetries: number;
  /** Base of the exponential backoff, in milliseconds. */
  retryBaseMs: number;
  /** Longest single wait between attempts (also caps Retry-After / X-RateLimit-Reset), in milliseconds. */
  retryMaxMs: number;
  /** How long listed pages are reused by reads in one provider process, in milliseconds. */
  cacheTtlMs: number;
}

export const SETTING_DEFAULTS = {
  apiUrl: DEFAULT_API_URL,
  requestsPerMinute: 10,
  timeoutMs: 30_000,
  maxRetries: 8,
  retryBaseMs: 1_000,
  retryMaxMs: 120_000,
  cacheTtlMs: 15_000,
} as const;

/** Config keys read (as `uptimerobot:<key>`), with their environment-variable fallbacks. */
export const SETTING_KEYS: ReadonlyArray<{ key: keyof UptimeRobotSettings; env: string; min: number; max: number }> = [
  { key: "requestsPerMinute", env: "UPTIMEROBOT_REQUESTS_PER_MINUTE", min: 1, max: 1_000_000 },
  { key: "timeoutMs", env: "UPTIMEROBOT_TIMEOUT_MS", min: 1, max: 600_000 },
  { key: "maxRetries", env: "UPTIMEROBOT_MAX_RETRIES", min: 0, max: 50 },
  { key: "retryBaseMs", env: "UPTIMEROBOT_RETRY_BASE_MS", min: 0, max: 600_000 },
  { key: "retryMaxMs", env: "UPTIMEROBOT_RETRY_MAX_MS", min: 0, max: 3_600_000 },
  { key: "cacheTtlMs", env: "UPTIMEROBOT_CACHE_TTL_MS", min: 0, max: 3_600_000 },
];

export type ConfigGetter = (key: string) => string | undefined;

/**
 * Reads settings from stack config (`uptimerobot:*`, through the dynamic provider's configure())
 * or the environment. Throws one clear error listing every problem.
 */
export function settingsFrom(get: ConfigGetter, env: Record<string, string | undefined>): UptimeRobotSettings {
  const problems: string[] = [];
  const apiKey = (get("uptimerobot:apiKey") ?? env.UPTIMEROBOT_API_KEY ?? "").trim();
  if (!apiKey) {
    problems.push(
      "uptimerobot:apiKey: not set (expected `pulumi config set --secret uptimerobot:apiKey <key>` or the environment variable UPTIMEROBOT_API_KEY)",
    );
  }
  const apiUrl = (get("uptimerobot:apiUrl") ?? env.UPTIMEROBOT_API_URL ?? SETTING_DEFAULTS.apiUrl).trim().replace(/\/+$/, "");
  if (!/^https?:\/\/[^\s/]+/.test(apiUrl)) {
    problems.push(`uptimerobot:apiUrl: "${apiUrl}" is not a URL (expected e.g. ${DEFAULT_API_URL})`);
  }
  const numbers: Record<string, number> = {};
  for (const s of SETTING_KEYS) {
    const raw = get(`uptimerobot:${s.key}`) ?? env[s.env];
    const fallback = SETTING_DEFAULTS[s.key as keyof typeof SETTING_DEFAULTS] as number;
    if (raw === undefined || raw === "") {
      numbers[s.key] = fallback;
      continue;
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || n < s.min || n > s.max) {
      problems.push(`uptimerobot:${s.key}: "${raw}" is not valid (expected a number from ${s.min} to ${s.max})`);
      numbers[s.key] = fallback;
    } else {
      numbers[s.key] = n;
    }
  }
  if (problems.length > 0) {
    throw new Error(problems.join("\n"));
  }
  return {
    apiKey,
    apiUrl,
    requestsPerMinute: numbers.requestsPerMinute,
    timeoutMs: numbers.timeoutMs,
    maxRetries: numbers.maxRetries,
    retryBaseMs: numbers.retryBaseMs,
    retryMaxMs: numbers.retryMaxMs,
    cacheTtlMs: numbers.cacheTtlMs,
  };
}

export type ErrorKind = "not_found" | "client" | "rate_limited" | "server" | "network" | "timeout";

/** An API failure, with a message that names the call and never contains the API key. */
export interface UptimeRobotApiError extends Error {
  name: "UptimeRobotApiError";
  kind: ErrorKind;
  status: number | undefined;
  /** True when the server may have acted although the call failed (a POST that timed out, was reset, or got a 5xx). */
  ambiguous: boolean;
}

/**
 * Makes an UptimeRobotApiError. A plain Error with fields rather than a subclass: the closure
 * serializer turns `class extends Error` into a function whose `super` call drops the message.
 */
export function apiError(message: string, kind: ErrorKind, status: number | undefined, ambiguous: boolean): UptimeRobotApiError {
  const e = new Error(message) as UptimeRobotApiError;
  e.name = "UptimeRobotApiError";
  e.kind = kind;
  e.status = status;
  e.ambiguous = ambiguous;
  return e;
}

export function isApiError(e: unknown): e is UptimeRobotApiError {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === "UptimeRobotApiError";
}

export function isGone(e: unknown): boolean {
  return isApiError(e) && (e.status === 404 || e.status === 410);
}

export type QueryValue = string | number | boolean | undefined;
export type FormValue = string | number | boolean | ReadonlyArray<string | number> | Record<string, unknown> | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON body. */
  json?: unknown;
  /** multipart/form-data body (PSP routes). Arrays become repeated parts, objects a JSON part. */
  form?: Record<string, FormValue>;
  /** Whether repeating the call is harmless; defaults to true for everything but POST. */
  idempotent?: boolean;
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

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Page<T> {
  data?: T[];
  nextLink?: string | null;
}

// An array, not a Set: serializeFunction cannot capture Sets by value.
const RETRYABLE_NETWORK: readonly string[] = ["ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "ECONNREFUSED", "EAI_AGAIN", "ERR_SOCKET_CONNECTION_TIMEOUT", "ENETUNREACH", "EHOSTUNREACH"];

export class UptimeRobotClient {
  // No field initializers: serializeFunction drops them, so everything is set in the constructor.
  declare readonly stats: ClientStats;
  declare readonly settings: UptimeRobotSettings;
  declare private readonly hooks: ClientHooks;
  declare private nextSlot: number;
  declare private blockedUntil: number;
  declare private readonly cache: Map<string, { at: number; items: unknown[] }>;

  constructor(settings: UptimeRobotSettings, hooks: ClientHooks = {}) {
    this.settings = settings;
    this.hooks = hooks;
    this.stats = { requests: 0, retries: 0, cacheHits: 0 };
    this.nextSlot = 0;
    this.blockedUntil = 0;
    this.cache = new Map();
  }

  private now(): number {
    return this.hooks.now ? this.hooks.now() : Date.now();
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return this.hooks.sleep ? this.hooks.sleep(ms) : new Promise((r) => setTimeout(r, ms));
  }

  private random(): number {
    return this.hooks.random ? this.hooks.random() : Math.random();
  }

  /** Waits for this call's slot so that calls stay under requestsPerMinute (and after a 429's reset). */
  private async pace(): Promise<void> {
    const interval = 60_000 / this.settings.requestsPerMinute;
    const now = this.now();
    const start = Math.max(now, this.nextSlot, this.blockedUntil);
    this.nextSlot = start + interval;
    await this.sleep(start - now);
  }

  /** Drops cached listings of the collection a write touches. */
  invalidate(path: string): void {
    const collection = "/" + path.split("/").filter(Boolean)[0];
    for (const key of [...this.cache.keys()]) {
      if (key.startsWith(collection + "?") || key.startsWith(collection + "/")) this.cache.delete(key);
    }
  }

  /**
   * Keeps cached listings right after a successful write: the created or updated object replaces
   * its entry, a deleted one leaves. So creating many resources costs one listing, not one each.
   */
  private writeThrough(method: string, path: string, body: unknown): void {
    const parts = path.split("/").filter(Boolean);
    const collection = "/" + parts[0];
    const obj = body && typeof body === "object" && "id" in body ? (body as { id: unknown }) : undefined;
    for (const [key, entry] of [...this.cache.entries()]) {
      if (!key.startsWith(collection + "?")) continue;
      if (key !== collection + "?{}") {
        this.cache.delete(key);
      } else if (parts.length === 1 && method === "POST" && obj) {
        entry.items = [...entry.items, obj];
      } else if (parts.length === 2 && method === "PATCH" && obj) {
        entry.items = entry.items.map((x) => (String((x as { id: unknown }).id) === String(obj.id) ? obj : x));
      } else if (parts.length === 2 && method === "DELETE") {
        entry.items = entry.items.filter((x) => String((x as { id: unknown }).id) !== parts[1]);
      } else {
        this.cache.delete(key);
      }
    }
  }

  private redact(text: string): string {
    const key = this.settings.apiKey;
    return key ? text.split(key).join("***") : text;
  }

  private async send(method: string, path: string, opts: RequestOptions): Promise<RawResponse> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const axios = require("axios") as AxiosStatic;
    let data: unknown;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.settings.apiKey}`,
      Accept: "application/json",
    };
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
    if (reset !== undefined) {
      const n = Number(reset);
      if (Number.isFinite(n)) {
        // Observed as seconds until the window resets; tolerate an epoch timestamp too.
        return n > 1e9 ? Math.max(0, n * 1000 - Date.now()) : Math.max(0, n * 1000);
      }
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
  async request<T>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, opts: RequestOptions = {}): Promise<T> {
    const idempotent = opts.idempotent ?? method !== "POST";
    const where = `UptimeRobot API ${method} ${path}`;
    const attempts = this.settings.maxRetries + 1;
    let lastReason = "";
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) this.stats.retries++;
      await this.pace();
      this.stats.requests++;
      let res: RawResponse | undefined;
      let netCode: string | undefined;
      try {
        res = await this.send(method, path, opts);
      } catch (e) {
        const err = e as { code?: string; message?: string };
        netCode = err.code ?? "ENETWORK";
        if (/timeout/i.test(err.message ?? "") && netCode === "ECONNABORTED") netCode = "ETIMEDOUT";
        if (/socket hang up/i.test(err.message ?? "")) netCode = "ECONNRESET";
      }
      if (res && res.status >= 200 && res.status < 300) {
        let parsed: unknown;
        if (res.body && res.body.trim()) {
          try {
            parsed = JSON.parse(res.body);
          } catch {
            if (method !== "GET") this.invalidate(path);
            throw apiError(`${where}: HTTP ${res.status} with a body that is not JSON (${this.describeBody(res)}) (expected JSON)`, "server", res.status, false);
          }
        }
        if (method !== "GET") this.writeThrough(method, path, parsed);
        // The window is used up: hold every call until it resets rather than collect a 429.
        if (res.headers["x-ratelimit-remaining"] === "0") {
          const reset = this.serverDelay({ "x-ratelimit-reset": res.headers["x-ratelimit-reset"] ?? "" });
          if (reset !== undefined) this.blockedUntil = Math.max(this.blockedUntil, this.now() + Math.min(this.settings.retryMaxMs, reset));
        }
        return parsed as T;
      }
      // A write that failed may still have been applied: forget cached listings of its collection.
      if (method !== "GET") this.invalidate(path);
      let wait: number;
      if (res) {
        const reason = `HTTP ${res.status} (${this.describeBody(res)})`;
        lastReason = reason;
        if (res.status === 429) {
          const server = this.serverDelay(res.headers);
          wait = Math.min(this.settings.retryMaxMs, server ?? this.backoff(attempt)) + Math.round(this.random() * Math.min(250, this.settings.retryBaseMs));
          this.blockedUntil = Math.max(this.blockedUntil, this.now() + wait);
        } else if (res.status >= 500) {
          if (!idempotent) throw apiError(`${where}: ${reason}; the server may have acted`, "server", res.status, true);
          const server = this.serverDelay(res.headers);
          wait = Math.min(this.settings.retryMaxMs, server ?? this.backoff(attempt));
        } else {
          const kind: ErrorKind = res.status === 404 || res.status === 410 ? "not_found" : "client";
          throw apiError(`${where}: ${reason}`, kind, res.status, false);
        }
      } else {
        const code = netCode ?? "ENETWORK";
        const timeout = code === "ETIMEDOUT" || code === "ECONNABORTED";
        const reason = timeout ? `no response within ${this.settings.timeoutMs} ms` : `connection failed (${code})`;
        lastReason = reason;
        const nothingSent = code === "ECONNREFUSED" || code === "EAI_AGAIN";
        if (!idempotent && !nothingSent) {
          throw apiError(`${where}: ${reason}; the server may have acted`, timeout ? "timeout" : "network", undefined, true);
        }
        if (!RETRYABLE_NETWORK.includes(code) && !nothingSent) {
          throw apiError(`${where}: ${reason}`, "network", undefined, false);
        }
        wait = this.backoff(attempt);
      }
      if (attempt + 1 < attempts) await this.sleep(wait);
    }
    throw apiError(`${where}: gave up after ${attempts} attempts, last: ${lastReason} (expected the API to recover; raise uptimerobot:maxRetries or lower uptimerobot:requestsPerMinute)`, "server", undefined, !idempotent);
  }

  /**
   * Every item of a cursor-paginated collection. Pages are cached for cacheTtlMs unless `fresh`,
   * so reading many resources in one process costs one listing.
   */
  async listAll<T>(path: string, opts: { pageSize?: number; fresh?: boolean; query?: Record<string, QueryValue> } = {}): Promise<T[]> {
    const key = `${path}?${JSON.stringify(opts.query ?? {})}`;
    const hit = this.cache.get(key);
    if (!opts.fresh && hit && this.now() - hit.at < this.settings.cacheTtlMs) {
      this.stats.cacheHits++;
      return hit.items as T[];
    }
    const items: T[] = [];
    let cursor: string | undefined;
    const seen = new Set<string>();
    for (let page = 0; page < 10_000; page++) {
      const query: Record<string, QueryValue> = { ...(opts.query ?? {}) };
      if (opts.pageSize) query.limit = opts.pageSize;
      if (cursor !== undefined) query.cursor = cursor;
      const res = await this.request<Page<T> | undefined>("GET", path, { query });
      items.push(...(res?.data ?? []));
      const next = cursorFrom(res?.nextLink, this.settings.apiUrl);
      if (next === undefined || seen.has(next)) break;
      seen.add(next);
      cursor = next;
    }
    this.cache.set(key, { at: this.now(), items });
    return items;
  }
}

/** The cursor of a page's `nextLink` (a URL carrying `cursor=`), or undefined on the last page. */
export function cursorFrom(nextLink: string | null | undefined, base: string): string | undefined {
  if (!nextLink) return undefined;
  try {
    const url = new URL(nextLink, base.endsWith("/") ? base : base + "/");
    const c = url.searchParams.get("cursor");
    return c === null || c === "" ? undefined : c;
  } catch {
    return undefined;
  }
}

/** One client per (API URL, key) per process, so pacing and the listing cache are shared by all resources. */
export function sharedClient(settings: UptimeRobotSettings, hooks?: ClientHooks): UptimeRobotClient {
  const g = globalThis as unknown as { __monitoringUptimeRobotClients?: Map<string, UptimeRobotClient> };
  const registry = (g.__monitoringUptimeRobotClients ??= new Map());
  const id = JSON.stringify([
    settings.apiUrl,
    settings.apiKey,
    settings.requestsPerMinute,
    settings.timeoutMs,
    settings.maxRetries,
    settings.retryBaseMs,
    settings.retryMaxMs,
    settings.cacheTtlMs,
  ]);
  let client = registry.get(id);
  if (!client) {
    client = new UptimeRobotClient(settings, hooks);
    registry.set(id, client);
  }
  return client;
}
