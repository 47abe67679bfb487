/**
 * Lifecycle soak: a few hundred create/read/diff/update/delete operations through the serialized
 * providers while the fake injects faults into at least 20% of requests (429s, 5xx, resets,
 * responses lost after the server acted, HTML/text error bodies, listing lag, monitor creates
 * answered 404 "000-004" after UptimeRobot made them, updates read back as before for a while) and,
 * now and then, someone deletes a resource in the UI. Every update is refreshed right away. A few monitor creates are stored with other settings than sent and answered 500: the
 * provider refuses to take those over and says so; the re-run does what the message says (adopt).
 * Afterwards: zero duplicates, zero lost resources, no perpetual diff, and every failure that
 * surfaced was a clear error. Deterministic (seeded).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeUptimeRobot, fakeConfig, mulberry32 } from "../../fakes/uptimerobot";

const { providers } = compiled<{ providers: Record<string, object> }>("src/targets/uptimerobot/provider");
const fake = new FakeUptimeRobot();

type KindName = "monitor" | "integration" | "maintenanceWindow";
const collectionOf = { monitor: "monitors", integration: "integrations", maintenanceWindow: "maintenance-windows" } as const;
let p: Record<KindName, LoadedProvider["provider"]>;

beforeAll(async () => {
  await fake.start();
  const cfg = fakeConfig(fake, { "uptimerobot:timeoutMs": "300", "uptimerobot:retryBaseMs": "10", "uptimerobot:retryMaxMs": "40" });
  p = {
    monitor: (await load(providers.monitor, cfg)).provider,
    integration: (await load(providers.integration, cfg)).provider,
    maintenanceWindow: (await load(providers.maintenanceWindow, cfg)).provider,
  };
});
afterAll(async () => {
  await fake.stop();
});

interface Tracked {
  kind: KindName;
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  outs: Record<string, unknown>;
}

const MONITOR_SHAPES: Array<(name: string, n: number) => Record<string, unknown>> = [
  (name, n) => ({ name, type: "HTTP", url: `https://svc${n}.example/health?a=1&b=2`, intervalSeconds: 300, method: "GET", headers: { "X-Probe": "soak" }, successCodes: ["3xx", "2xx"] }),
  (name, n) => ({ name, type: "KEYWORD", url: `https://svc${n}.example/`, intervalSeconds: 300, keyword: "ok" }),
  (name) => ({ name, type: "HEARTBEAT", intervalSeconds: 3600 }),
  (name, n) => ({ name, type: "PORT", url: `db${n}.example`, port: 5432, intervalSeconds: 300 }),
  (name, n) => ({ name, type: "PING", url: `host${n}.example`, intervalSeconds: 300 }),
];

function inputsFor(kind: KindName, name: string, n: number, r: () => number): Record<string, unknown> {
  if (kind === "monitor") return MONITOR_SHAPES[Math.floor(r() * MONITOR_SHAPES.length)](name, n);
  if (kind === "integration") return { name, type: "Webhook", url: `https://hooks.example/${n}?token=t${n}`, postValue: "{}" };
  return { name, interval: "weekly", date: "2026-01-04", time: "03:00", durationMinutes: 30, days: [7] };
}

function changed(t: Tracked, r: () => number): Record<string, unknown> {
  if (t.kind === "monitor") return { ...t.inputs, intervalSeconds: r() < 0.5 ? 600 : 900 };
  if (t.kind === "integration") return { ...t.inputs, notifyFor: r() < 0.5 ? "Down" : "UpAndDown" };
  return { ...t.inputs, durationMinutes: r() < 0.5 ? 45 : 60 };
}

const CLEAR = /^UptimeRobot (monitor|integration|maintenance window) "[^"]+"( \(id \d+\))?: \S.*/;

describe("UptimeRobot lifecycle soak", () => {
  it("200+ operations with faults on >= 20% of requests: zero duplicates, zero lost, clear errors only", async () => {
    const r = mulberry32(20261127);
    fake.randomFaults(0.3, 4242);
    fake.inject("500-partial", 3, (m, path) => m === "POST" && path === "/monitors");
    fake.inject("stale", 8, (m) => m === "PATCH");
    const live = new Map<string, Tracked>();
    const pendingCreate = new Map<string, { kind: KindName; inputs: Record<string, unknown> }>();
    let ops = 0;
    let clearErrors = 0;
    let driftInjected = 0;
    let driftSeen = 0;
    const unclear: string[] = [];
    let serial = 0;
    let refusedTakeOvers = 0;
    let lastError = "";

    const attempt = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
      ops++;
      try {
        return await fn();
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        lastError = msg;
        if (/so it was not taken over/.test(msg)) refusedTakeOvers++;
        if (CLEAR.test(msg) && !/undefined|\[object Object\]|null null/.test(msg) && !msg.includes(fake.apiKey)) clearErrors++;
        else unclear.push(msg);
        return undefined;
      }
    };

    while (ops < 260) {
      const x = r();
      const pick = [...live.values()];
      if (pendingCreate.size > 0 && x < 0.2) {
        // Re-run of a create that failed earlier (like the next `pulumi up`).
        const [name, pc] = pendingCreate.entries().next().value as [string, { kind: KindName; inputs: Record<string, unknown> }];
        const res = await attempt(() => p[pc.kind].create(pc.inputs));
        // The message of a refused take-over says to set adopt: true; the next run does.
        if (!res && /set adopt: true/.test(lastError)) pc.inputs = { ...pc.inputs, adopt: true };
        if (res) {
          pendingCreate.delete(name);
          live.set(name, { kind: pc.kind, name, id: res.id, inputs: pc.inputs, outs: res.outs });
        }
      } else if (live.size < 20 || x < 0.35) {
        const k = r();
        const kind: KindName = k < 0.7 ? "monitor" : k < 0.85 ? "integration" : "maintenanceWindow";
        const n = serial++;
        const name = `soak ${kind} #${n} & <co>`;
        const inputs = inputsFor(kind, name, n, r);
        const checked = await p[kind].check({}, inputs);
        expect(checked.failures).toEqual([]);
        const res = await attempt(() => p[kind].create(inputs));
        if (res) live.set(name, { kind, name, id: res.id, inputs, outs: res.outs });
        else pendingCreate.set(name, { kind, inputs: /set adopt: true/.test(lastError) ? { ...inputs, adopt: true } : inputs });
      } else if (x < 0.6) {
        const t = pick[Math.floor(r() * pick.length)];
        if (r() < 0.08) {
          fake.vanish(collectionOf[t.kind], Number(t.id));
          driftInjected++;
        }
        const res = await attempt(() => p[t.kind].read(t.id, t.outs));
        if (res) {
          if (!res.id) {
            driftSeen++;
            live.delete(t.name);
            pendingCreate.set(t.name, { kind: t.kind, inputs: t.inputs });
          } else {
            t.outs = res.props as Record<string, unknown>;
            const d = await p[t.kind].diff(t.id, t.outs, t.inputs);
            expect(d.changes, `perpetual diff on ${t.name}`).toBe(false);
          }
        }
      } else if (x < 0.82) {
        const t = pick[Math.floor(r() * pick.length)];
        const news = changed(t, r);
        const vanished = r() < 0.1;
        if (vanished) {
          fake.vanish(collectionOf[t.kind], Number(t.id)); // deleted in the UI before this `pulumi up`
          driftInjected++;
        }
        const res = await attempt(() => p[t.kind].update(t.id, t.outs, news));
        if (res) {
          t.inputs = news;
          t.outs = res.outs as Record<string, unknown>;
          // A refresh right after the up (`pulumi up --refresh` next time, or `pulumi refresh`):
          // UptimeRobot may still read the previous version back; that is no drift.
          const after = await attempt(() => p[t.kind].read(t.id, t.outs));
          if (after?.id) {
            t.outs = after.props as Record<string, unknown>;
            expect((await p[t.kind].diff(t.id, t.outs, t.inputs)).changes, `transient drift on ${t.name}`).toBe(false);
          }
        } else if (vanished) {
          // The clear error says to refresh: refresh reports it gone, the next up recreates it.
          const gone = await attempt(() => p[t.kind].read(t.id, t.outs));
          if (gone && !gone.id) {
            driftSeen++;
            live.delete(t.name);
            pendingCreate.set(t.name, { kind: t.kind, inputs: news });
          }
        }
      } else {
        const t = pick[Math.floor(r() * pick.length)];
        const res = await attempt(async () => {
          await p[t.kind].delete(t.id, t.outs);
          return true;
        });
        if (res) live.delete(t.name);
      }
    }

    fake.randomFaults(0, 0);
    // Settle: creates still pending get their re-run without faults.
    for (const [name, pc] of pendingCreate) {
      const res = await p[pc.kind].create(pc.inputs);
      live.set(name, { kind: pc.kind, name, id: res.id, inputs: pc.inputs, outs: res.outs });
    }

    let duplicates = 0;
    let orphans = 0;
    let lost = 0;
    let perpetual = 0;
    for (const kind of Object.keys(collectionOf) as KindName[]) {
      const names = new Map<string, number>();
      for (const d of fake.all(collectionOf[kind])) {
        const name = String(d.friendlyName ?? d.name);
        names.set(name, (names.get(name) ?? 0) + 1);
      }
      for (const [name, count] of names) {
        if (count > 1) duplicates += count - 1;
        if (!live.has(name)) orphans++;
      }
    }
    for (const t of live.values()) {
      const rec = fake.store[collectionOf[t.kind]].get(Number(t.id));
      if (!rec || String(rec.data.friendlyName ?? rec.data.name) !== t.name) {
        lost++;
        continue;
      }
      const read = await p[t.kind].read(t.id, t.outs);
      if ((await p[t.kind].diff(t.id, read.props, t.inputs)).changes) perpetual++;
    }

    const requests = fake.stats.requests;
    const faultRate = fake.stats.faults / requests;
    console.log(
      [
        "UptimeRobot soak:",
        `  operations=${ops} requests=${requests} faultsInjected=${fake.stats.faults} (${(faultRate * 100).toFixed(1)}% of requests)`,
        `  faultsByKind=${JSON.stringify(fake.stats.faultsByKind)}`,
        `  driftInjected=${driftInjected} driftSeenOnRefresh=${driftSeen}`,
        `  resources=${live.size} duplicates=${duplicates} orphans=${orphans} lost=${lost} perpetualDiffs=${perpetual}`,
        `  clearErrors=${clearErrors} unclearErrors=${unclear.length} refusedTakeOvers=${refusedTakeOvers}`,
      ].join("\n"),
    );

    expect(ops).toBeGreaterThanOrEqual(200);
    expect(faultRate).toBeGreaterThanOrEqual(0.2);
    // The two ambiguous creates UptimeRobot's own provider knows of both happened.
    expect(fake.stats.faultsByKind["404-after"] ?? 0).toBeGreaterThan(0);
    expect(fake.stats.faultsByKind["500-partial"]).toBe(3);
    expect(refusedTakeOvers).toBeGreaterThan(0);
    // Updates read back as before for a while, each refreshed right away (no transient drift).
    expect(fake.stats.faultsByKind.stale ?? 0).toBeGreaterThanOrEqual(8);
    expect(duplicates).toBe(0);
    expect(orphans).toBe(0);
    expect(lost).toBe(0);
    expect(perpetual).toBe(0);
    expect(unclear).toEqual([]);
    expect(fake.problems).toEqual([]);
  });
});
