/**
 * Lifecycle soak of the Better Stack log source provider, with the UptimeRobot soak's figures: at
 * least 200 create/read/diff/update/delete operations through the serialized provider while the
 * fake injects faults into at least 20% of requests (429s, 5xx before and after acting, HTML error
 * pages, resets, answers lost after the server acted, listing lag) and, now and then, someone
 * deletes a source in the UI. Afterwards: zero duplicates, zero orphans, zero lost sources, no
 * perpetual diff, every failure a clear message without a token. Deterministic (seeded).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeBetterStack, fakeBetterStackConfig } from "../../fakes/betterstack";
import { mulberry32 } from "../../fakes/uptimerobot";

const { sourceProvider } = compiled<{ sourceProvider: object }>("src/targets/betterstack/provider");
const fake = new FakeBetterStack({ plan: "nano" });
let p: LoadedProvider["provider"];

beforeAll(async () => {
  await fake.start();
  p = (await load(sourceProvider, fakeBetterStackConfig(fake, { "betterstack:timeoutMs": "300", "betterstack:retryBaseMs": "10", "betterstack:retryMaxMs": "40" }))).provider;
});
afterAll(async () => {
  await fake.stop();
});

interface Tracked {
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  outs: Record<string, unknown>;
}

const PLATFORMS = ["python", "javascript", "http", "docker", "vector", "ruby"];
const CLEAR = /^Better Stack log source "[^"]+"( \(id \d+\))?: \S.*/;

function inputsFor(name: string, r: () => number): Record<string, unknown> {
  return { name, platform: PLATFORMS[Math.floor(r() * PLATFORMS.length)], ...(r() < 0.6 ? { retentionDays: [7, 14, 30, 90][Math.floor(r() * 4)] } : {}) };
}

describe("Better Stack lifecycle soak", () => {
  it("200+ operations with faults on >= 20% of requests: zero duplicates, zero orphans, no perpetual diff, clear errors only", async () => {
    const r = mulberry32(20261130);
    fake.randomFaults(0.3, 7331);
    const live = new Map<string, Tracked>();
    const pending = new Map<string, Record<string, unknown>>();
    const unclear: string[] = [];
    const messages: string[] = [];
    let ops = 0;
    let clear = 0;
    let driftInjected = 0;
    let driftSeen = 0;
    let serial = 0;

    const attempt = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
      ops++;
      try {
        return await fn();
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        messages.push(msg);
        if (CLEAR.test(msg) && !/undefined|\[object Object\]/.test(msg) && !msg.includes(fake.apiToken)) clear++;
        else unclear.push(msg);
        return undefined;
      }
    };
    const gone = (t: Tracked, inputs: Record<string, unknown>) => {
      driftSeen++;
      live.delete(t.name);
      pending.set(t.name, inputs);
    };

    while (ops < 240) {
      const x = r();
      const pick = [...live.values()];
      if (pending.size > 0 && x < 0.2) {
        // The next `pulumi up` runs a create that failed before.
        const [name, inputs] = pending.entries().next().value as [string, Record<string, unknown>];
        const res = await attempt(() => p.create(inputs));
        if (res) {
          pending.delete(name);
          live.set(name, { name, id: res.id, inputs, outs: res.outs });
        }
      } else if (live.size < 15 || x < 0.35) {
        const name = `Soak source #${serial++} "quoted" & <tagged> [production]`.replace(/"/g, "'");
        const inputs = inputsFor(name, r);
        expect((await p.check({}, inputs)).failures).toEqual([]);
        const res = await attempt(() => p.create(inputs));
        if (res) live.set(name, { name, id: res.id, inputs, outs: res.outs });
        else pending.set(name, inputs);
      } else if (x < 0.6) {
        const t = pick[Math.floor(r() * pick.length)];
        if (r() < 0.08) {
          fake.vanish(Number(t.id));
          driftInjected++;
        }
        const res = await attempt(() => p.read(t.id, t.outs));
        if (res && !res.id) gone(t, t.inputs);
        else if (res) {
          t.outs = res.props as Record<string, unknown>;
          expect((await p.diff(t.id, t.outs, t.inputs)).changes, `perpetual diff on ${t.name}`).toBe(false);
        }
      } else if (x < 0.82) {
        const t = pick[Math.floor(r() * pick.length)];
        const news = { ...t.inputs, retentionDays: [7, 14, 30, 90][Math.floor(r() * 4)], ingestingPaused: r() < 0.3 };
        const vanished = r() < 0.1;
        if (vanished) {
          fake.vanish(Number(t.id));
          driftInjected++;
        }
        const res = await attempt(() => p.update(t.id, t.outs, news));
        if (res) {
          t.inputs = news;
          t.outs = res.outs as Record<string, unknown>;
        } else if (vanished) {
          // The error says to refresh: refresh reports it gone, the next up recreates it.
          const refreshed = await attempt(() => p.read(t.id, t.outs));
          if (refreshed && !refreshed.id) gone(t, news);
        }
      } else {
        const t = pick[Math.floor(r() * pick.length)];
        if (await attempt(async () => (await p.delete(t.id, t.outs), true))) live.delete(t.name);
      }
    }

    fake.randomFaults(0, 0);
    for (const [name, inputs] of pending) {
      const res = await p.create(inputs);
      live.set(name, { name, id: res.id, inputs, outs: res.outs });
    }

    const names = new Map<string, number>();
    for (const s of fake.all()) names.set(String(s.name), (names.get(String(s.name)) ?? 0) + 1);
    const duplicates = [...names.values()].reduce((n, c) => n + c - 1, 0);
    const orphans = [...names.keys()].filter((n) => !live.has(n)).length;
    let lost = 0;
    let perpetual = 0;
    for (const t of live.values()) {
      const rec = fake.store.get(Number(t.id));
      if (!rec || rec.attributes.name !== t.name) {
        lost++;
        continue;
      }
      const read = await p.read(t.id, t.outs);
      if ((await p.diff(t.id, read.props, t.inputs)).changes) perpetual++;
      if (read.props.token !== rec.attributes.token) lost++;
    }
    const tokens = fake.all().map((s) => String(s.token));
    const leaked = messages.filter((m) => tokens.some((tok) => m.includes(tok)));

    const faultRate = fake.stats.faults / fake.stats.requests;
    console.log(
      [
        "Better Stack soak:",
        `  operations=${ops} requests=${fake.stats.requests} faultsInjected=${fake.stats.faults} (${(faultRate * 100).toFixed(1)}% of requests)`,
        `  faultsByKind=${JSON.stringify(fake.stats.faultsByKind)}`,
        `  driftInjected=${driftInjected} driftSeenOnRefresh=${driftSeen}`,
        `  sources=${live.size} duplicates=${duplicates} orphans=${orphans} lost=${lost} perpetualDiffs=${perpetual}`,
        `  clearErrors=${clear} unclearErrors=${unclear.length} tokensInMessages=${leaked.length}`,
      ].join("\n"),
    );

    expect(ops).toBeGreaterThanOrEqual(200);
    expect(faultRate).toBeGreaterThanOrEqual(0.2);
    expect(duplicates).toBe(0);
    expect(orphans).toBe(0);
    expect(lost).toBe(0);
    expect(perpetual).toBe(0);
    expect(unclear).toEqual([]);
    expect(leaked).toEqual([]);
    expect(fake.problems).toEqual([]);
  });
});
