/**
 * The shared HTTP client with the paging schemes of the vendors to come, against loopback servers:
 * Sentry's `Link` header with `results` and `cursor`, Better Stack's `pagination.next` URL (never
 * followed to another host, so the token stays home), settings of any vendor from its own config
 * keys, and the token redacted from what a server echoes. (UptimeRobot's `nextLink` paging is
 * covered in ../uptimerobot/client.test.ts.)
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled } from "../../fakes/engine";

type Settings = Record<string, unknown>;
interface Client {
  listAll<T>(path: string, opts?: Record<string, unknown>): Promise<T[]>;
  request<T>(method: string, path: string, opts?: Record<string, unknown>): Promise<T>;
}
const { HttpClient } = compiled<{ HttpClient: new (settings: Settings, pagination: object) => Client }>("src/targets/dynamic/http-client");
const pagination = compiled<{ linkHeaderPagination(o?: object): object; nextUrlPagination(o?: object): object; parseLinkHeader(h: string): unknown }>("src/targets/dynamic/pagination");
const { readHttpSettings } = compiled<{ readHttpSettings(src: object, get: (k: string) => string | undefined, env: Record<string, string>): Settings }>("src/targets/dynamic/http-settings");

const TOKEN = "sntrys_CANARY_token_0123456789";
const seen: Array<{ url: string; auth?: string }> = [];
let base = "";
let otherBase = "";
const otherHits: string[] = [];

/** A vendor that pages three ways, and echoes the Authorization header back in a 400. */
function vendor(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? "/", base);
  seen.push({ url: url.pathname + url.search, auth: req.headers.authorization });
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === "/api/0/organizations/acme/issues/") {
    // Sentry: the cursor of the last page's "next" link has results="false".
    const page = Number((url.searchParams.get("cursor") ?? "0:0:0").split(":")[1]) / 2;
    const link = (n: number, rel: string, results: boolean) => `<${base}/api/0/organizations/acme/issues/?per_page=2&cursor=0:${n * 2}:0>; rel="${rel}"; results="${results}"; cursor="0:${n * 2}:0"`;
    return json(200, [{ id: `${page}a` }, { id: `${page}b` }], { link: `${link(Math.max(0, page - 1), "previous", page > 0)}, ${link(page + 1, "next", page < 2)}` });
  }
  if (url.pathname === "/api/v2/monitors") {
    // Better Stack: an absolute next URL, null on the last page.
    const page = Number(url.searchParams.get("page") ?? "1");
    return json(200, { data: [{ id: String(page) }], pagination: { next: page < 3 ? `${base}/api/v2/monitors?page=${page + 1}` : null } });
  }
  if (url.pathname === "/api/v2/heartbeats") return json(200, { data: [{ id: "h1" }], pagination: { next: `${otherBase}/api/v2/heartbeats?page=2` } });
  if (url.pathname === "/echo") return json(400, { detail: `bad token ${req.headers.authorization}`, message: `token ${TOKEN} rejected` });
  json(404, { message: "not found" });
}

const servers: http.Server[] = [];
async function listen(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

function settings(apiUrl: string): Settings {
  return { vendor: "Acme", configPrefix: "acme", apiKey: TOKEN, apiUrl, requestsPerMinute: 1_000_000, timeoutMs: 2000, maxRetries: 0, retryBaseMs: 1, retryMaxMs: 1, cacheTtlMs: 0 };
}

beforeAll(async () => {
  base = await listen(vendor);
  otherBase = await listen((req, res) => {
    otherHits.push(String(req.headers.authorization));
    res.end("{}");
  });
});
afterAll(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
});

describe("HttpClient paging for other vendors", () => {
  it("follows Sentry's Link header until results=\"false\", with the cursor and the bearer token", async () => {
    const c = new HttpClient(settings(base), pagination.linkHeaderPagination({ pageSizeParam: "per_page" }));
    seen.length = 0;
    const items = await c.listAll<{ id: string }>("/api/0/organizations/acme/issues/", { pageSize: 2 });
    expect(items.map((i) => i.id)).toEqual(["0a", "0b", "1a", "1b", "2a", "2b"]);
    expect(seen.map((s) => s.url)).toEqual([
      "/api/0/organizations/acme/issues/?per_page=2",
      "/api/0/organizations/acme/issues/?per_page=2&cursor=0:2:0",
      "/api/0/organizations/acme/issues/?per_page=2&cursor=0:4:0",
    ]);
    expect(new Set(seen.map((s) => s.auth))).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  it("reads Link headers with several links and quoted parameters", () => {
    expect(pagination.parseLinkHeader('<https://s.io/x/?&cursor=1:0:1>; rel="previous"; results="false"; cursor="1:0:1", <https://s.io/x/?&cursor=1:100:0>; rel="next"; results="true"; cursor="1:100:0"')).toEqual([
      { url: "https://s.io/x/?&cursor=1:0:1", params: { rel: "previous", results: "false", cursor: "1:0:1" } },
      { url: "https://s.io/x/?&cursor=1:100:0", params: { rel: "next", results: "true", cursor: "1:100:0" } },
    ]);
  });

  it("follows Better Stack's pagination.next URL within the API", async () => {
    const c = new HttpClient(settings(`${base}/api/v2`), pagination.nextUrlPagination());
    seen.length = 0;
    expect((await c.listAll<{ id: string }>("/monitors")).map((i) => i.id)).toEqual(["1", "2", "3"]);
    expect(seen.map((s) => s.url)).toEqual(["/api/v2/monitors", "/api/v2/monitors?page=2", "/api/v2/monitors?page=3"]);
  });

  it("never sends the token to a next-page URL on another host: the listing fails instead of coming back partial", async () => {
    const c = new HttpClient(settings(`${base}/api/v2`), pagination.nextUrlPagination());
    await expect(c.listAll("/heartbeats")).rejects.toThrow(/^the next page is not under http:\/\/127\.0\.0\.1:\d+\/api\/v2 \(expected the API to page within itself; the token is never sent elsewhere\)$/);
    expect(otherHits).toEqual([]);
  });

  it("redacts the token from what a server echoes back", async () => {
    const c = new HttpClient(settings(base), pagination.linkHeaderPagination());
    const err = (await c.request("GET", "/echo").catch((e: Error) => e)) as Error & { status?: number };
    expect(err.status).toBe(400);
    expect(err.message).toBe("Acme API GET /echo: HTTP 400 (token *** rejected)");
  });

  it("reads any vendor's settings from its own config keys and environment variables, every problem at once", () => {
    const source = {
      vendor: "Sentry",
      configPrefix: "sentry",
      envPrefix: "SENTRY",
      credential: { key: "token", env: "SENTRY_AUTH_TOKEN", placeholder: "<auth token>" },
      url: { env: "SENTRY_URL", default: "https://sentry.io/api/0" },
      defaults: { requestsPerMinute: 40 },
    };
    expect(() => readHttpSettings(source, (k) => ({ "sentry:timeoutMs": "soon" })[k], {})).toThrow(
      'sentry:token: not set (expected `pulumi config set --secret sentry:token <auth token>` or the environment variable SENTRY_AUTH_TOKEN)\nsentry:timeoutMs: "soon" is not valid (expected a number from 1 to 600000)',
    );
    const s = readHttpSettings(source, () => undefined, { SENTRY_AUTH_TOKEN: "t0k3n", SENTRY_MAX_RETRIES: "3" });
    expect(s).toMatchObject({ vendor: "Sentry", apiKey: "t0k3n", apiUrl: "https://sentry.io/api/0", requestsPerMinute: 40, maxRetries: 3, timeoutMs: 30000 });
  });
});
