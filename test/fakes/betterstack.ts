/**
 * A stateful fake of Better Stack's Telemetry API (the sources collection) on 127.0.0.1, for
 * provider-contract tests. Better Stack publishes no machine-readable description, so every shape
 * here cites the page or the official client it follows:
 *
 * - Routes, bodies and answers: "List all existing sources", "Create a source", "Update a source"
 *   (https://betterstack.com/docs/logs/api/list-all-existing-sources/, .../create-a-source/,
 *   .../update-source.md), "Sources API response parameters" (.../sources-api-response-parameters/),
 *   and the official Terraform provider BetterStackHQ/terraform-provider-logtail: its client
 *   (internal/provider/resource.go: create answers 201, update 200, delete 204, a missing source
 *   404), its `sourceHTTPResponse` (one source wrapped in `data`), its `sourcePageHTTPResponse`
 *   (`data` and `pagination.first/last/prev/next`) and its own test server
 *   (internal/provider/resource_source_test.go: the token, ingesting_host and table_name the
 *   server adds; PATCH merging the sent attributes).
 * - Validation: `name` required; `platform` one of the provider's `platformTypes`; `logs_retention`
 *   1..3652 (the provider's validation); `data_region` us_east, us_west, germany, singapore
 *   ("permitted values for most plans", create docs); `per_page` at most 50 (list docs). Names are
 *   at most 255 characters: the API documents no limit, so this is the assumption the provider
 *   makes too (src/targets/betterstack/settings.ts MAX_NAME_LENGTH). Unknown parameters, and
 *   create-only ones sent to PATCH (`platform`: "can be set only when you're creating a new source";
 *   `data_region`: "cannot be changed after source is created"), are refused and recorded in
 *   `problems` — stricter than Better Stack (a Rails app that may just ignore them), so a provider
 *   bug shows here instead of being silently dropped.
 * - Plans: on the free plan any `logs_retention` other than the plan's 3 days is refused with the
 *   documented 422 ("Your plan doesn't support custom retention", invalid_attributes); a new
 *   source keeps the plan's retention (free 3 days, paid 30, src/targets/betterstack/pricing.ts).
 * - The region reads back under the cluster's name (germany → eu-nbg-2), as the provider's
 *   comment in sourceCopyAttrs says ("This prevents e.g. "germany" being overwritten by "eu-nbg-2"").
 * - Errors: JSON `{ "errors": "..." }` (the create docs' 422 and the Warehouse API's 401/404
 *   examples, the same shape), or a proxy's HTML/plain-text page under faults.
 *
 * Faults on demand (queued, or a seeded random share of requests): 429 with Retry-After, 500 after
 * acting, 502/503 HTML before acting, 503 JSON, connection reset before or after acting, an answer
 * slower than the client's timeout after acting, and listing lag after a write.
 */
import { randomBytes } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { mulberry32 } from "./uptimerobot";

export type FaultKind = "429" | "500-after" | "502-html" | "503" | "503-html" | "reset" | "reset-after" | "slow-after" | "lag";
export const ALL_FAULTS: readonly FaultKind[] = ["429", "500-after", "502-html", "503", "503-html", "reset", "reset-after", "slow-after", "lag"];

/** The official provider's `platformTypes` (resource_source.go). */
const PLATFORMS = new Set(
  "apache2 aws aws_cloudwatch aws_ecs aws_elb aws_fargate azure_logs cloudflare_logpush cloudflare_worker datadog_agent digitalocean docker dokku dotnet elasticsearch erlang filebeat flights fluentbit fluentd fly_io go google_cloud_pubsub haproxy heroku http java javascript kubernetes logstash minio mongodb mysql nginx open_telemetry php postgresql prometheus prometheus_scrape python rabbitmq redis render rsyslog ruby syslog-ng traefik ubuntu vector vercel_integration winlogbeat".split(
    " ",
  ),
);
const REGIONS: Record<string, string> = { us_east: "us-east-9", us_west: "us-west-3", germany: "eu-nbg-2", singapore: "ap-sin-1" };
const CREATE_PARAMS = new Set(["team_name", "name", "ingesting_paused", "platform", "data_region", "live_tail_pattern", "logs_retention", "metrics_retention", "source_group_id", "vrl_transformation"]);
const UPDATE_PARAMS = new Set(["name", "ingesting_paused", "source_group_id", "live_tail_pattern", "logs_retention", "metrics_retention", "vrl_transformation"]);
const MAX_NAME = 255;

type Json = Record<string, unknown>;

export interface StoredSource {
  id: number;
  attributes: Json;
  /** Listing calls before which this source is invisible (read-after-write lag). */
  visibleAtList: number;
}

export interface FakeBetterStackOptions {
  apiToken?: string;
  plan?: "free" | "nano";
  /** Longest delay of a "slow-after" answer in ms (longer than the client's timeout). */
  slowMs?: number;
  retryAfterSeconds?: number;
  lagLists?: number;
}

/** Provider config pointing at a fake, with small waits for tests. */
export function fakeBetterStackConfig(f: { apiToken: string; url: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "betterstack:apiToken": f.apiToken,
    "betterstack:apiUrl": f.url,
    "betterstack:requestsPerMinute": "1000000",
    "betterstack:timeoutMs": "2000",
    "betterstack:retryBaseMs": "1",
    "betterstack:retryMaxMs": "10",
    "betterstack:cacheTtlMs": "0",
    ...extra,
  };
}

export class FakeBetterStack {
  readonly apiToken: string;
  readonly plan: "free" | "nano";
  readonly store = new Map<number, StoredSource>();
  /** Requests the real API would not have answered this way (a provider bug). */
  readonly problems: string[] = [];
  readonly stats = { requests: 0, faults: 0, faultsByKind: {} as Record<string, number>, creates: 0 };
  readonly requests: Array<{ method: string; path: string; query: string; body?: Json }> = [];
  /** When set, a PATCH is refused with a 422 whose body echoes the source (token included). */
  echoSourceOnUpdateError = false;
  url = "";
  private readonly opts: Required<Omit<FakeBetterStackOptions, "apiToken" | "plan">>;
  private server: http.Server | undefined;
  private readonly sockets = new Set<import("node:net").Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queued: FaultKind[] = [];
  private random: { rate: number; rng: () => number } | undefined;
  private nextId = 95;
  private listCalls = 0;

  constructor(opts: FakeBetterStackOptions = {}) {
    this.apiToken = opts.apiToken ?? "bs-telemetry-TEST-token-7f3a9c";
    this.plan = opts.plan ?? "nano";
    this.opts = { slowMs: opts.slowMs ?? 5000, retryAfterSeconds: opts.retryAfterSeconds ?? 1, lagLists: opts.lagLists ?? 2 };
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v1`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  inject(kind: FaultKind, times = 1): void {
    for (let i = 0; i < times; i++) this.queued.push(kind);
  }

  randomFaults(rate: number, seed: number): void {
    this.random = rate > 0 ? { rate, rng: mulberry32(seed) } : undefined;
  }

  /** A source made in Better Stack's UI (create-body shape), returned with its id. */
  seed(body: Json): number {
    const id = this.nextId++;
    this.store.set(id, { id, attributes: this.newSource(id, body), visibleAtList: 0 });
    return id;
  }

  /** Puts a source back exactly as it was stored (state fixtures), under its own id. */
  restore(id: number, attributes: Json): void {
    this.store.set(id, { id, attributes: { ...attributes }, visibleAtList: 0 });
    this.nextId = Math.max(this.nextId, id + 1);
  }

  /** Deletes a source behind the provider's back (drift). */
  vanish(id: number): void {
    this.store.delete(id);
  }

  all(): Json[] {
    return [...this.store.values()].map((s) => s.attributes);
  }

  private pickFault(): FaultKind | undefined {
    if (this.queued.length > 0) return this.queued.shift();
    if (this.random && this.random.rng() < this.random.rate) return ALL_FAULTS[Math.floor(this.random.rng() * ALL_FAULTS.length)];
    return undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const fault = this.pickFault();
    if (fault) {
      this.stats.faults++;
      this.stats.faultsByKind[fault] = (this.stats.faultsByKind[fault] ?? 0) + 1;
    }
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      if (body === undefined) res.writeHead(status, headers).end();
      else res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(body));
    };
    switch (fault) {
      case "429":
        return send(429, { errors: "Too many requests" }, { "retry-after": String(this.opts.retryAfterSeconds) });
      case "502-html":
        return void res.writeHead(502, { "content-type": "text/html" }).end("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>");
      case "503":
        return send(503, { errors: "Service unavailable" });
      case "503-html":
        return void res.writeHead(503, { "content-type": "text/html; charset=utf-8" }).end("<!DOCTYPE html><html><body><h1>We'll be right back</h1></body></html>");
      case "reset":
        return void req.socket.destroy();
      default:
        break;
    }
    let result: { status: number; body?: unknown };
    try {
      result = this.route(method, url, Buffer.concat(chunks).toString("utf8"), String(req.headers["content-type"] ?? ""), req.headers.authorization, fault === "lag");
    } catch (e) {
      result = { status: 500, body: { errors: String(e) } };
    }
    switch (fault) {
      case "500-after":
        return send(500, { errors: "Internal server error" });
      case "reset-after":
        return void req.socket.destroy();
      case "slow-after": {
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
      default:
        return send(result.status, result.body);
    }
  }

  private refuse(status: number, message: string, record: string | undefined, extra: Json = {}): { status: number; body: Json } {
    if (record) this.problems.push(record);
    return { status, body: { errors: message, ...extra } };
  }

  private route(method: string, url: URL, raw: string, contentType: string, auth: string | undefined, lag: boolean): { status: number; body?: unknown } {
    const m = /^\/api\/v1\/sources(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return this.refuse(404, `No route ${method} ${url.pathname}`, `${method} ${url.pathname}: not a sources route`);
    if (auth !== `Bearer ${this.apiToken}`) return { status: 401, body: { errors: "Invalid Team API token" } };
    let body: Json = {};
    if (method === "POST" || method === "PATCH") {
      if (!contentType.startsWith("application/json")) return this.refuse(415, "Content-Type must be application/json", `${method} ${url.pathname}: content-type ${contentType}`);
      try {
        body = JSON.parse(raw || "{}") as Json;
      } catch {
        return this.refuse(400, "Couldn't parse JSON content.", `${method} ${url.pathname}: body is not JSON`);
      }
    }
    this.requests.push({ method, path: url.pathname, query: url.search, ...(method === "POST" || method === "PATCH" ? { body } : {}) });
    const id = m[1];
    if (!id && method === "GET") return this.list(url);
    if (!id && method === "POST") return this.create(body, lag);
    if (!id || !/^\d+$/.test(id)) return this.refuse(404, "Source with the provided ID was not found", id ? undefined : `${method} ${url.pathname}: no route`);
    const rec = this.store.get(Number(id));
    if (!rec) return { status: 404, body: { errors: "Source with the provided ID was not found" } };
    if (method === "GET") return { status: 200, body: { data: this.render(rec) } };
    if (method === "DELETE") {
      this.store.delete(rec.id);
      return { status: 204 };
    }
    if (method === "PATCH") return this.update(rec, body, lag);
    return this.refuse(405, "Method not allowed", `${method} ${url.pathname}: method`);
  }

  private list(url: URL): { status: number; body: unknown } {
    this.listCalls++;
    const page = Number(url.searchParams.get("page") ?? "1");
    const perPage = Number(url.searchParams.get("per_page") ?? "10");
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > 50) {
      return this.refuse(400, "page must be at least 1 and per_page from 1 to 50", `GET sources: page=${url.searchParams.get("page")} per_page=${url.searchParams.get("per_page")}`);
    }
    const visible = [...this.store.values()].filter((s) => s.visibleAtList <= this.listCalls).sort((a, b) => a.id - b.id);
    const last = Math.max(1, Math.ceil(visible.length / perPage));
    const at = (p: number) => `${this.url}/sources?page=${p}&per_page=${perPage}`;
    return {
      status: 200,
      body: {
        data: visible.slice((page - 1) * perPage, page * perPage).map((s) => this.render(s)),
        pagination: { first: at(1), last: at(last), prev: page > 1 ? at(page - 1) : null, next: page < last ? at(page + 1) : null },
      },
    };
  }

  /** Checks create/update parameters; undefined when they are acceptable. */
  private invalid(body: Json, allowed: ReadonlySet<string>, where: string): { status: number; body: Json } | undefined {
    const unknown = Object.keys(body).find((k) => !allowed.has(k));
    if (unknown) return this.refuse(400, `Unknown or read-only parameter: ${unknown}`, `${where}: parameter ${unknown}`);
    const name = body.name;
    if (name !== undefined && (typeof name !== "string" || name.trim() === "" || name.length > MAX_NAME)) {
      return this.refuse(422, "Validation errors", `${where}: name ${JSON.stringify(name).slice(0, 40)}`, { invalid_attributes: ["name"] });
    }
    const r = body.logs_retention;
    if (r !== undefined && (typeof r !== "number" || !Number.isInteger(r) || r < 1 || r > 3652)) {
      return this.refuse(422, "Validation errors", `${where}: logs_retention ${JSON.stringify(r)}`, { invalid_attributes: ["logs_retention"] });
    }
    if (r !== undefined && this.plan === "free" && r !== 3) {
      return { status: 422, body: { errors: "Your plan doesn't support custom retention", invalid_attributes: ["logs_retention"] } };
    }
    if (body.ingesting_paused !== undefined && typeof body.ingesting_paused !== "boolean") {
      return this.refuse(422, "Validation errors", `${where}: ingesting_paused`, { invalid_attributes: ["ingesting_paused"] });
    }
    return undefined;
  }

  private create(body: Json, lag: boolean): { status: number; body: unknown } {
    const bad = this.invalid(body, CREATE_PARAMS, "POST sources");
    if (bad) return bad;
    if (typeof body.name !== "string") return this.refuse(422, "Validation errors", "POST sources: name missing", { invalid_attributes: ["name"] });
    if (body.platform !== undefined && !PLATFORMS.has(String(body.platform))) {
      return this.refuse(422, "Validation errors", `POST sources: platform ${JSON.stringify(body.platform)}`, { invalid_attributes: ["platform"] });
    }
    if (body.data_region !== undefined && !(String(body.data_region) in REGIONS)) {
      return this.refuse(422, "Validation errors", `POST sources: data_region ${JSON.stringify(body.data_region)}`, { invalid_attributes: ["data_region"] });
    }
    const id = this.nextId++;
    this.stats.creates++;
    const rec: StoredSource = { id, attributes: this.newSource(id, body), visibleAtList: lag ? this.listCalls + this.opts.lagLists : 0 };
    this.store.set(id, rec);
    return { status: 201, body: { data: this.render(rec) } };
  }

  private update(rec: StoredSource, body: Json, lag: boolean): { status: number; body: unknown } {
    const bad = this.invalid(body, UPDATE_PARAMS, `PATCH sources/${rec.id}`);
    if (bad) return bad;
    if (this.echoSourceOnUpdateError) return { status: 422, body: { errors: `Could not update ${JSON.stringify(rec.attributes)}` } };
    for (const k of ["name", "ingesting_paused", "logs_retention"]) if (body[k] !== undefined) rec.attributes[k] = body[k];
    rec.attributes.updated_at = new Date(0).toISOString();
    if (lag) rec.visibleAtList = this.listCalls + this.opts.lagLists;
    return { status: 200, body: { data: this.render(rec) } };
  }

  private newSource(id: number, b: Json): Json {
    const region = REGIONS[String(b.data_region ?? "germany")] ?? "eu-nbg-2";
    return {
      team_id: 123,
      team_name: b.team_name ?? "Test team",
      name: b.name,
      platform: b.platform ?? "http",
      table_name: `t123_${String(b.name ?? "source").toLowerCase().replace(/[^a-z0-9]+/g, "_").slice(0, 40)}_${id}`,
      token: randomBytes(18).toString("base64url").slice(0, 24),
      ingesting_host: `s${id}.${region}.betterstackdata.com`,
      ingesting_paused: b.ingesting_paused ?? false,
      logs_retention: b.logs_retention ?? (this.plan === "free" ? 3 : 30),
      metrics_retention: 30,
      live_tail_pattern: "{level} {message}",
      data_region: region,
      created_at: new Date(0).toISOString(),
      updated_at: new Date(0).toISOString(),
    };
  }

  private render(rec: StoredSource): Json {
    return { id: String(rec.id), type: "source", attributes: { ...rec.attributes } };
  }
}
