/**
 * UptimeRobot dynamic providers, run as the engine runs them (compiled, serialized, deserialized,
 * configured) against the validating fake: check/create/read/diff/update/delete for every resource
 * type, no perpetual diff after the API's rewrites, drift on refresh, replacement on type change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeUptimeRobot, fakeConfig } from "../../fakes/uptimerobot";

type Providers = Record<"monitor" | "integration" | "alertContact" | "maintenanceWindow" | "statusPage", object>;
const { providers } = compiled<{ providers: Providers }>("src/targets/uptimerobot/provider");

const fake = new FakeUptimeRobot();
let loaded: Record<keyof Providers, LoadedProvider>;

beforeAll(async () => {
  await fake.start();
  const cfg = fakeConfig(fake);
  loaded = {} as typeof loaded;
  for (const k of Object.keys(providers) as Array<keyof Providers>) loaded[k] = await load(providers[k], cfg);
});

afterAll(async () => {
  await fake.stop();
});

interface Case {
  kind: keyof Providers;
  inputs: Record<string, unknown>;
  /** A change applied in place. */
  update: Record<string, unknown>;
  collection: "monitors" | "integrations" | "alert-contacts" | "maintenance-windows" | "psps";
}

const cases: Case[] = [
  {
    kind: "monitor",
    collection: "monitors",
    inputs: {
      name: "FinSight API <health> & status",
      type: "HTTP",
      url: "https://api.finsight.example/health?x=1&y=2",
      intervalSeconds: 300,
      method: "GET",
      headers: { "X-Check-Source": "uptimerobot", Accept: "application/json" },
      successCodes: ["3xx", "200", "2xx"],
      alertContacts: [{ id: "42", threshold: 5, recurrence: 30 }],
      tags: ["prod", "finsight"],
    },
    update: { intervalSeconds: 600 },
  },
  {
    kind: "monitor",
    collection: "monitors",
    inputs: {
      name: "FinSight POST /api/analyze",
      type: "HTTP",
      url: "https://api.finsight.example/api/analyze",
      intervalSeconds: 300,
      method: "POST",
      body: '{"symbol":"AAPL"}',
      bodyType: "RAW_JSON",
      successCodes: ["400", "200"],
    },
    update: { successCodes: ["200"] },
  },
  {
    kind: "monitor",
    collection: "monitors",
    inputs: { name: "FinSight homepage keyword", type: "KEYWORD", url: "https://finsight.example/", intervalSeconds: 300, keyword: "FinSight", keywordType: "ALERT_NOT_EXISTS" },
    update: { keywordCaseSensitive: true },
  },
  {
    kind: "monitor",
    collection: "monitors",
    inputs: { name: "nightly-report cron", type: "HEARTBEAT", intervalSeconds: 86400, gracePeriodSeconds: 600 },
    update: { gracePeriodSeconds: 900 },
  },
  { kind: "monitor", collection: "monitors", inputs: { name: "db port", type: "PORT", url: "db.finsight.example", port: 5432, intervalSeconds: 300 }, update: { port: 6432 } },
  { kind: "monitor", collection: "monitors", inputs: { name: "edge ping", type: "PING", url: "finsight.example", intervalSeconds: 300 }, update: { timeoutSeconds: 20 } },
  {
    kind: "integration",
    collection: "integrations",
    inputs: { name: "#alerts & ops", type: "Slack", url: "https://hooks.slack.com/services/T000/B000/XXXXSECRET", notifyFor: "UpAndDown" },
    update: { customValue: "FinSight" },
  },
  {
    kind: "integration",
    collection: "integrations",
    inputs: { name: "ops webhook", type: "Webhook", url: "https://ops.example/hook?token=abc", postValue: '{"m":"*monitorFriendlyName*"}', headers: { "X-Token": "t" } },
    update: { notifyFor: "Down" },
  },
  { kind: "alertContact", collection: "alert-contacts", inputs: { name: "On-call e-mail", type: "Email", value: "oncall@finsight.example" }, update: { name: "On-call mail" } },
  {
    kind: "maintenanceWindow",
    collection: "maintenance-windows",
    inputs: { name: "Sunday deploys", interval: "weekly", date: "2026-01-04", time: "02:00", durationMinutes: 60, days: [7] },
    update: { durationMinutes: 90 },
  },
  { kind: "statusPage", collection: "psps", inputs: { name: "FinSight status", monitorIds: [] }, update: { noIndex: true } },
];

describe("UptimeRobot providers: lifecycle through the serialized provider", () => {
  for (const c of cases) {
    it(`${c.kind} ${String(c.inputs.type ?? "")} "${String(c.inputs.name)}": check, create, read, diff, update, delete`, async () => {
      const p = loaded[c.kind].provider;
      const checked = await p.check({}, c.inputs);
      expect(checked.failures).toEqual([]);
      const created = await p.create(checked.inputs);
      expect(created.id).toMatch(/^\d+$/);
      expect(fake.store[c.collection].has(Number(created.id))).toBe(true);

      // Refresh right after create: the API HTML-escapes names/URLs, lower-cases header keys,
      // re-orders status codes and reads thresholds back 0. None of that is drift.
      const read = await p.read(created.id, created.outs);
      expect(read.id).toBe(created.id);
      const noChange = await p.diff(created.id, read.props, c.inputs);
      expect(noChange.changes).toBe(false);
      // And refreshing twice is stable.
      const again = await p.read(created.id, read.props);
      expect((await p.diff(created.id, again.props, c.inputs)).changes).toBe(false);

      const news = { ...c.inputs, ...c.update };
      const d = await p.diff(created.id, read.props, news);
      expect(d.changes).toBe(true);
      expect(d.replaces ?? []).toEqual([]);
      const updated = await p.update(created.id, read.props, news);
      const reread = await p.read(created.id, updated.outs);
      expect((await p.diff(created.id, reread.props, news)).changes).toBe(false);

      await p.delete(created.id, reread.props);
      expect(fake.store[c.collection].has(Number(created.id))).toBe(false);
      // Deleting again (already gone) succeeds; reading reports it gone.
      await p.delete(created.id, reread.props);
      const gone = await p.read(created.id, reread.props);
      expect(gone.id ?? "").toBe("");
    });
  }

  it("heartbeat monitors expose the server-generated URL as an output and never diff on it", async () => {
    const p = loaded.monitor.provider;
    const inputs = { name: "hb only", type: "HEARTBEAT", intervalSeconds: 3600 };
    const created = await p.create(inputs);
    const url = String(created.outs.heartbeatUrl);
    expect(url).toMatch(/^https:\/\/heartbeat\.uptimerobot\.com\//);
    const read = await p.read(created.id, created.outs);
    expect(read.props.heartbeatUrl).toBe(url);
    expect((await p.diff(created.id, read.props, inputs)).changes).toBe(false);
    await p.delete(created.id, read.props);
  });

  it("preview: inputs not known yet pass check and show as changes (a type not known yet as a possible replacement)", async () => {
    const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const p = loaded.monitor.provider;
    const olds = { name: "x", type: "HTTP", url: "https://x.example", intervalSeconds: 300, alertContacts: [{ id: "5" }] };
    for (const news of [
      { ...olds, alertContacts: U },
      { ...olds, alertContacts: [{ id: U }], maintenanceWindowIds: [U] },
      { ...olds, headers: { "X-Token": U } },
    ]) {
      expect((await p.check({}, news)).failures).toEqual([]);
      const d = await p.diff("1", olds, news);
      expect(d.changes).toBe(true);
      expect(d.replaces).toEqual([]);
    }
    expect((await p.diff("1", olds, { ...olds, type: U })).replaces).toEqual(["type"]);
    const page = await loaded.statusPage.provider.diff("1", { name: "s", monitorIds: ["1"] }, { name: "s", monitorIds: [U, "1"] });
    expect(page.changes).toBe(true);
    const slack = await loaded.integration.provider.check({}, { name: "s", type: "Slack", url: U });
    expect(slack.failures).toEqual([]);
  });

  it("a monitor type change forces replacement; an interval change does not", async () => {
    const p = loaded.monitor.provider;
    const olds = { name: "x", type: "HTTP", url: "https://x.example", intervalSeconds: 300 };
    expect((await p.diff("1", olds, { ...olds, type: "KEYWORD", keyword: "ok" })).replaces).toEqual(["type"]);
    expect((await p.diff("1", olds, { ...olds, intervalSeconds: 600 })).replaces).toEqual([]);
  });

  it("refresh shows drift: a changed interval comes back, a vanished monitor is reported gone", async () => {
    const p = loaded.monitor.provider;
    const inputs = { name: "drifty", type: "HTTP", url: "https://drift.example", intervalSeconds: 300 };
    const created = await p.create(inputs);
    const rec = fake.store.monitors.get(Number(created.id))!;
    rec.data.interval = 900; // someone edits it in the UptimeRobot UI
    const read = await p.read(created.id, created.outs);
    expect(read.props.intervalSeconds).toBe(900);
    expect((await p.diff(created.id, read.props, inputs)).changes).toBe(true);
    fake.vanish("monitors", Number(created.id));
    const gone = await p.read(created.id, read.props);
    expect(gone.id ?? "").toBe("");
  });

  it("check reports every problem with its property and what was expected", async () => {
    const res = await loaded.monitor.provider.check({}, { name: "", type: "KEYWORD", url: "ftp://x", intervalSeconds: 10, successCodes: ["200", "abc"] });
    const props = (res.failures ?? []).map((f) => f.property).sort();
    expect(props).toEqual(["intervalSeconds", "keyword", "name", "successCodes[1]", "url"]);
    for (const f of res.failures ?? []) expect(f.reason).toMatch(/\(expected .+\)/);
    const mw = await loaded.maintenanceWindow.provider.check({}, { name: "w", interval: "weekly", date: "2026-13-01", time: "25:00", durationMinutes: 0 });
    expect((mw.failures ?? []).map((f) => f.property).sort()).toEqual(["date", "days", "durationMinutes", "name", "time"]);
    const sms = await loaded.alertContact.provider.check({}, { name: "sms", type: "ProSms", value: "+15550100" });
    expect((sms.failures ?? []).map((f) => f.reason).join("\n")).toMatch(/cannot be created through the v3 API/);
  });

  it("a name already used in the account is an error unless adopt is set, and adoption takes it over", async () => {
    const p = loaded.monitor.provider;
    const inputs = { name: "Pre-existing & manual", type: "HTTP", url: "https://old.example", intervalSeconds: 300 };
    const first = await p.create(inputs);
    const creates = fake.stats.creates;
    await expect(p.create({ ...inputs, url: "https://new.example" })).rejects.toThrow(/already exists .*adopt: true/);
    const adopted = await p.create({ ...inputs, url: "https://new.example", adopt: true });
    expect(adopted.id).toBe(first.id);
    expect(fake.stats.creates).toBe(creates);
    expect(fake.store.monitors.get(Number(first.id))!.data.url).toBe("https://new.example");
    await p.delete(first.id, adopted.outs);
  });

  it("adoption finds a monitor made by hand under its own name (adoptName) and renames it, without a duplicate", async () => {
    const p = loaded.monitor.provider;
    const handMade = await p.create({ name: "Checkout API", type: "HTTP", url: "https://shop.example/health", intervalSeconds: 300 });
    const creates = fake.stats.creates;
    const inputs = { name: "Checkout API [production]", type: "HTTP", url: "https://shop.example/health", intervalSeconds: 300, adopt: true, adoptName: "Checkout API" };
    const adopted = await p.create(inputs);
    expect(adopted.id).toBe(handMade.id);
    expect(fake.stats.creates).toBe(creates);
    expect(fake.store.monitors.get(Number(handMade.id))!.data.friendlyName).toBe("Checkout API [production]");
    // Without adopt, adoptName takes nothing over: a new monitor is made beside the hand-made one.
    const billing = await p.create({ name: "Billing API", type: "HTTP", url: "https://billing.example/health", intervalSeconds: 300 });
    const other = await p.create({ name: "Billing API [staging]", type: "HTTP", url: "https://billing.example/health", intervalSeconds: 300, adopt: false, adoptName: "Billing API" });
    expect(other.id).not.toBe(billing.id);
    expect(fake.store.monitors.get(Number(billing.id))!.data.friendlyName).toBe("Billing API");
    await p.delete(other.id, other.outs);
    await p.delete(billing.id, billing.outs);
    await p.delete(adopted.id, adopted.outs);
  });

  it("with the listing cache, creating 30 monitors costs 31 calls and refreshing all of them one more", async () => {
    const own = new FakeUptimeRobot();
    await own.start();
    try {
      const p = (await load(providers.monitor, fakeConfig(own, { "uptimerobot:cacheTtlMs": "60000" }))).provider;
      const made: Array<{ id: string; outs?: Record<string, unknown> }> = [];
      for (let i = 0; i < 30; i++) made.push(await p.create({ name: `cached ${i}`, type: "HTTP", url: `https://c${i}.example`, intervalSeconds: 300 }));
      expect(own.stats.requests).toBe(31); // one listing, kept current by each create's answer, and 30 POSTs
      const before = own.stats.requests;
      for (const m of made) expect((await p.read(m.id, m.outs ?? {})).id).toBe(m.id);
      expect(own.stats.requests - before).toBe(0); // the cached listing already holds all 30
      expect(own.problems).toEqual([]);
    } finally {
      await own.stop();
    }
  });

  it("every request the providers sent matched the API description, and so did every fake response", () => {
    expect(fake.problems).toEqual([]);
    expect(fake.responseProblems).toEqual([]);
  });
});
