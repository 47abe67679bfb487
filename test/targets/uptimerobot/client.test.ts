/**
 * The UptimeRobot v3 client against the validating fake: Retry-After / X-RateLimit-Reset honoured,
 * pacing under requests-per-minute, retries on 5xx and resets, clear messages for non-JSON error
 * bodies, cursor pagination and the shared listing cache. Waits go through an injected clock, so
 * nothing here depends on wall-clock time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled } from "../../fakes/engine";
import { FakeUptimeRobot } from "../../fakes/uptimerobot";

interface Client {
  request<T>(method: string, path: string, opts?: Record<string, unknown>): Promise<T>;
  listAll<T>(path: string, opts?: Record<string, unknown>): Promise<T[]>;
  stats: { requests: number; retries: number; cacheHits: number };
}
interface ClientModule {
  UptimeRobotClient: new (settings: Record<string, unknown>, hooks?: Record<string, unknown>) => Client;
  settingsFrom(get: (k: string) => string | undefined, env: Record<string, string | undefined>): Record<string, unknown>;
  cursorFrom(next: string | null | undefined, base: string): string | undefined;
}
const mod = compiled<ClientModule>("src/targets/uptimerobot/client");

const fake = new FakeUptimeRobot({ retryAfterSeconds: 7 });

/** A virtual clock: sleeping advances it instantly and records the wait. */
function virtualClock() {
  let t = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    hooks: {
      now: () => t,
      sleep: async (ms: number) => {
        waits.push(ms);
        t += ms;
      },
      random: () => 0.5,
    },
  };
}

function client(overrides: Record<string, string> = {}, hooks?: Record<string, unknown>): Client {
  const cfg: Record<string, string> = {
    "uptimerobot:apiKey": fake.apiKey,
    "uptimerobot:apiUrl": fake.url,
    "uptimerobot:requestsPerMinute": "100000",
    "uptimerobot:timeoutMs": "2000",
    "uptimerobot:retryBaseMs": "100",
    "uptimerobot:retryMaxMs": "120000",
    ...overrides,
  };
  return new mod.UptimeRobotClient(mod.settingsFrom((k) => cfg[k], {}), hooks);
}

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

describe("UptimeRobot client", () => {
  it("honours Retry-After on a 429 before retrying, and succeeds", async () => {
    const clock = virtualClock();
    const c = client({}, clock.hooks);
    fake.inject("429");
    const res = await c.request<{ data: unknown[] }>("GET", "/monitors", { query: { limit: 200 } });
    expect(Array.isArray(res.data)).toBe(true);
    expect(c.stats.retries).toBe(1);
    // 7 s from the header (plus at most a little jitter), not the 100 ms backoff base.
    expect(Math.max(...clock.waits)).toBeGreaterThanOrEqual(7000);
    expect(Math.max(...clock.waits)).toBeLessThan(7300);
  });

  it("honours X-RateLimit-Reset (seconds until reset) on a plain-text 429", async () => {
    const clock = virtualClock();
    const c = client({}, clock.hooks);
    fake.inject("429-text");
    await c.request("GET", "/monitors");
    expect(Math.max(...clock.waits)).toBeGreaterThanOrEqual(7000);
  });

  it("after an answer saying the window is used up (X-RateLimit-Remaining: 0), waits for the reset", async () => {
    const clock = virtualClock();
    const c = client({}, clock.hooks);
    fake.inject("exhausted");
    await c.request("GET", "/monitors");
    expect(clock.waits.filter((w) => w > 0)).toEqual([]);
    await c.request("GET", "/monitors");
    expect(Math.max(...clock.waits)).toBeGreaterThanOrEqual(7000);
    expect(c.stats.retries).toBe(0);
  });

  it("paces calls under requestsPerMinute (10/min on the Free plan: a little over 6 s apart)", async () => {
    const clock = virtualClock();
    const c = client({ "uptimerobot:requestsPerMinute": "10" }, clock.hooks);
    for (let i = 0; i < 4; i++) await c.request("GET", "/monitors");
    const total = clock.waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(3 * 6000);
    // A small margin, so that no 60 s window ever holds an eleventh call; pacing, not waiting out 429s.
    for (const w of clock.waits) expect(w).toBeLessThanOrEqual(6000 * 1.05);
  });

  it("retries 500/502/503 and connection resets on reads with backoff", async () => {
    const clock = virtualClock();
    const c = client({}, clock.hooks);
    fake.inject("502-html");
    fake.inject("503");
    fake.inject("reset");
    await c.request("GET", "/monitors");
    expect(c.stats.retries).toBe(3);
    // Exponential: each wait at least half of base * 2^attempt.
    expect(clock.waits.filter((w) => w > 0)).toHaveLength(3);
  });

  it("turns HTML and plain-text error bodies into a short clear message", async () => {
    const c = client({ "uptimerobot:maxRetries": "1", "uptimerobot:retryBaseMs": "1", "uptimerobot:retryMaxMs": "2" });
    fake.inject("503-html", 2);
    const err = await c.request("GET", "/monitors").catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^UptimeRobot API GET \/monitors: gave up after 2 attempts, last: HTTP 503 \(HTML body: Service Unavailable We are down for maintenance\.\)/);
    expect(msg).not.toMatch(/<[a-z]/i);
    expect(msg).toContain("(expected ");
  });

  it("a 4xx is not retried and names the call; the API key never appears in messages", async () => {
    const c = client({ "uptimerobot:apiKey": "wrong-key-SECRET-123" });
    const err = (await c.request("GET", "/monitors").catch((e: Error) => e)) as Error & { status?: number };
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/^UptimeRobot API GET \/monitors: HTTP 401 \(Unauthorized\)$/);
    expect(err.message).not.toContain("wrong-key-SECRET-123");
    expect(JSON.stringify(err)).not.toContain("wrong-key-SECRET-123");
  });

  it("a POST that times out after the server acted is reported as ambiguous, not retried blindly", async () => {
    const c = client({ "uptimerobot:timeoutMs": "100" });
    const slow = new FakeUptimeRobot({ slowMs: 400 });
    await slow.start();
    try {
      const s = new mod.UptimeRobotClient(mod.settingsFrom((k) => ({ "uptimerobot:apiKey": slow.apiKey, "uptimerobot:apiUrl": slow.url, "uptimerobot:timeoutMs": "100" })[k], {}));
      slow.inject("slow-after");
      const err = (await s.request("POST", "/monitors", { json: { friendlyName: "a", type: "HTTP", url: "https://a.example", interval: 300, timeout: 30 } }).catch((e: Error) => e)) as Error & { ambiguous?: boolean };
      expect(err.ambiguous).toBe(true);
      expect(err.message).toMatch(/no response within 100 ms; the server may have acted/);
      expect(slow.all("monitors")).toHaveLength(1);
    } finally {
      await slow.stop();
    }
    void c;
  });

  it("follows cursor pagination (200 per page) and reuses listed pages within the cache TTL", async () => {
    const paged = new FakeUptimeRobot();
    await paged.start();
    try {
      for (let i = 0; i < 450; i++) paged.seed("monitors", { friendlyName: `m${i}`, type: "HTTP", url: `https://m${i}.example`, interval: 300, timeout: 30 });
      const c = new mod.UptimeRobotClient(
        mod.settingsFrom((k) => ({ "uptimerobot:apiKey": paged.apiKey, "uptimerobot:apiUrl": paged.url, "uptimerobot:requestsPerMinute": "100000", "uptimerobot:cacheTtlMs": "60000" })[k], {}),
      );
      const before = paged.stats.requests;
      const all = await c.listAll<{ id: number }>("/monitors", { pageSize: 200 });
      expect(all).toHaveLength(450);
      expect(new Set(all.map((m) => m.id)).size).toBe(450);
      expect(paged.stats.requests - before).toBe(3);
      for (let i = 0; i < 30; i++) await c.listAll("/monitors", { pageSize: 200 });
      expect(paged.stats.requests - before).toBe(3);
      expect(c.stats.cacheHits).toBe(30);
      // A write drops the cached listing of its collection.
      await c.request("DELETE", `/monitors/${all[0].id}`);
      expect(await c.listAll("/monitors", { pageSize: 200 })).toHaveLength(449);
      expect(paged.problems).toEqual([]);
    } finally {
      await paged.stop();
    }
  });

  it("a refresh reading many monitors at once lists them once: ⌈N/200⌉ pages, not a listing per read in flight", async () => {
    const paged = new FakeUptimeRobot();
    await paged.start();
    try {
      for (let i = 0; i < 450; i++) paged.seed("monitors", { friendlyName: `m${i}`, type: "HTTP", url: `https://m${i}.example`, interval: 300, timeout: 30 });
      const c = new mod.UptimeRobotClient(mod.settingsFrom((k) => ({ "uptimerobot:apiKey": paged.apiKey, "uptimerobot:apiUrl": paged.url, "uptimerobot:requestsPerMinute": "100000" })[k], {}));
      const lists = await Promise.all(Array.from({ length: 16 }, () => c.listAll<{ id: number }>("/monitors", { pageSize: 200 })));
      for (const l of lists) expect(l).toHaveLength(450);
      expect(paged.stats.lists).toEqual({ monitors: 3 });
    } finally {
      await paged.stop();
    }
  });

  it("reads the cursor from nextLink", () => {
    expect(mod.cursorFrom("https://api.uptimerobot.com/v3/monitors?cursor=123&limit=200", "https://api.uptimerobot.com/v3")).toBe("123");
    expect(mod.cursorFrom("/v3/monitors?cursor=9", "https://api.uptimerobot.com/v3")).toBe("9");
    expect(mod.cursorFrom(null, "https://x")).toBeUndefined();
  });

  it("reports every bad setting at once with what was expected", () => {
    expect(() => mod.settingsFrom((k) => ({ "uptimerobot:requestsPerMinute": "ten", "uptimerobot:apiUrl": "nope" })[k], {})).toThrow(
      /uptimerobot:apiKey: not set \(expected .*UPTIMEROBOT_API_KEY\)\nuptimerobot:apiUrl: "nope" is not a URL.*\nuptimerobot:requestsPerMinute: "ten" is not valid \(expected a number/s,
    );
    const s = mod.settingsFrom(() => undefined, { UPTIMEROBOT_API_KEY: "from-env" });
    expect(s.apiKey).toBe("from-env");
    expect(s.requestsPerMinute).toBe(10);
    expect(s.apiUrl).toBe("https://api.uptimerobot.com/v3");
  });
});
