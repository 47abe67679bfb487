/**
 * Where UptimeRobot's API behaves differently from its OpenAPI description, as its own production
 * code shows (the official Terraform provider and CLI, cited in test/fakes/uptimerobot.ts beside
 * each behaviour): the providers, run as the engine runs them, against a fake that behaves that way.
 * Each test asserts what a user would see at UptimeRobot, or in `pulumi refresh` / `pulumi up`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeUptimeRobot, fakeConfig } from "../../fakes/uptimerobot";

type Provider = LoadedProvider["provider"];
const { providers } = compiled<{ providers: Record<string, object> }>("src/targets/uptimerobot/provider");
const fake = new FakeUptimeRobot();
let monitor: Provider;
let page: Provider;
let integration: Provider;

beforeAll(async () => {
  await fake.start();
  const cfg = fakeConfig(fake);
  monitor = (await load(providers.monitor, cfg)).provider;
  page = (await load(providers.statusPage, cfg)).provider;
  integration = (await load(providers.integration, cfg)).provider;
});
afterAll(async () => {
  await fake.stop();
});

const stored = (collection: "monitors" | "integrations" | "psps", id: string) => fake.store[collection].get(Number(id))!.data;

describe("keyword case (keywordCaseType: 0 = case-sensitive, 1 = case-insensitive)", () => {
  const health = { name: "truth keyword", type: "KEYWORD", url: "https://api.example/health", intervalSeconds: 300, method: "GET", keyword: "ok", keywordType: "ALERT_NOT_EXISTS" };

  it("the default case-insensitive check stays case-insensitive at UptimeRobot after an update, and refresh agrees", async () => {
    const created = await monitor.create(health);
    expect(stored("monitors", created.id).keywordCaseType).toBe(1);
    const read = await monitor.read(created.id, created.outs);
    expect(read.props.keywordCaseSensitive ?? false).toBe(false);
    expect((await monitor.diff(created.id, read.props, health)).changes).toBe(false);

    const news = { ...health, intervalSeconds: 600 };
    const updated = await monitor.update(created.id, read.props, news);
    expect(stored("monitors", created.id).keywordCaseType).toBe(1);
    const again = await monitor.read(created.id, updated.outs);
    expect(again.props.keywordCaseSensitive ?? false).toBe(false);
    expect((await monitor.diff(created.id, again.props, news)).changes).toBe(false);
    await monitor.delete(created.id, again.props);
  });

  it("a case-sensitive check is sent and read back as 0", async () => {
    const sensitive = { ...health, name: "truth keyword sensitive", keywordCaseSensitive: true };
    const created = await monitor.create(sensitive);
    expect(stored("monitors", created.id).keywordCaseType).toBe(0);
    const updated = await monitor.update(created.id, created.outs, { ...sensitive, intervalSeconds: 600 });
    expect(stored("monitors", created.id).keywordCaseType).toBe(0);
    // Someone makes it case-insensitive in the UptimeRobot app: refresh shows it.
    stored("monitors", created.id).keywordCaseType = 1;
    const read = await monitor.read(created.id, updated.outs);
    expect(read.props.keywordCaseSensitive).toBe(false);
    expect((await monitor.diff(created.id, read.props, { ...sensitive, intervalSeconds: 600 })).changes).toBe(true);
    await monitor.delete(created.id, read.props);
  });
});

describe("keyword case written by the provider before the fix", () => {
  const outs = { name: "old keyword", type: "KEYWORD", url: "https://api.example/health", intervalSeconds: 300, method: "GET", keyword: "ok", keywordCaseSensitive: false, monitorId: 7 };

  it("a keyword monitor whose state predates the fix is updated once (the case sent again), never replaced", async () => {
    const { keywordCaseType: _k, monitorId: _m, ...inputs } = { ...outs, keywordCaseType: undefined };
    const d = await monitor.diff("7", outs, inputs);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
    // Written (or refreshed) by today's provider, the same state shows no change.
    expect((await monitor.diff("7", { ...outs, keywordCaseType: 1 }, inputs)).changes).toBe(false);
  });

  it("an old update made it case-sensitive at UptimeRobot: refresh shows it and the next update repairs it", async () => {
    const inputs = { name: "damaged keyword", type: "KEYWORD", url: "https://api.example/health", intervalSeconds: 300, method: "GET", keyword: "ok" };
    const created = await monitor.create(inputs);
    stored("monitors", created.id).keywordCaseType = 0; // what the inverted update left behind
    const { keywordCaseType: _k, ...oldOuts } = created.outs as Record<string, unknown>;
    const read = await monitor.read(created.id, { ...oldOuts, keywordCaseSensitive: false });
    expect(read.props.keywordCaseSensitive).toBe(true);
    expect((await monitor.diff(created.id, read.props, inputs)).changes).toBe(true);
    const updated = await monitor.update(created.id, read.props, inputs);
    expect(stored("monitors", created.id).keywordCaseType).toBe(1);
    expect((await monitor.diff(created.id, (await monitor.read(created.id, updated.outs)).props, inputs)).changes).toBe(false);
    await monitor.delete(created.id, updated.outs);
  });
});

describe("status pages", () => {
  it("a page with one monitor is created, and emptying its list empties it at UptimeRobot", async () => {
    const one = await monitor.create({ name: "truth psp monitor", type: "HTTP", url: "https://psp.example", intervalSeconds: 300 });
    const inputs = { name: "truth page", monitorIds: [one.id] };
    const created = await page.create(inputs);
    expect(stored("psps", created.id).monitorIds).toEqual([Number(one.id)]);
    const updated = await page.update(created.id, created.outs, { ...inputs, monitorIds: [] });
    expect(stored("psps", created.id).monitorIds).toEqual([]);
    const read = await page.read(created.id, updated.outs);
    expect((await page.diff(created.id, read.props, { ...inputs, monitorIds: [] })).changes).toBe(false);
    await page.delete(created.id, read.props);
    await monitor.delete(one.id, one.outs);
  });
});

describe("webhook integrations", () => {
  it("read back their body template and flags from customValue's JSON: refresh shows no change, and a real edit shows", async () => {
    const inputs = { name: "truth webhook", type: "Webhook", url: "https://hooks.example/ur?token=t", postValue: '{"monitor":"*monitorFriendlyName*"}', sendAsJson: true };
    const created = await integration.create(inputs);
    expect(JSON.parse(String(stored("integrations", created.id).customValue))).toMatchObject({ postValue: inputs.postValue, sendJSON: true });
    const read = await integration.read(created.id, created.outs);
    expect((await integration.diff(created.id, read.props, inputs)).changes).toBe(false);
    // Someone switches it to query-string parameters in the UptimeRobot app.
    stored("integrations", created.id).customValue = JSON.stringify({ postValue: inputs.postValue, sendJSON: false, sendQuery: true, sendPost: false });
    const drifted = await integration.read(created.id, read.props);
    expect(drifted.props).toMatchObject({ sendAsJson: false, sendAsQueryString: true, postValue: inputs.postValue });
    expect((await integration.diff(created.id, drifted.props, inputs)).changes).toBe(true);
    await integration.delete(created.id, drifted.props);
  });
});

describe("tags", () => {
  const inputs = { name: "truth tags", type: "HTTP", url: "https://tags.example", intervalSeconds: 300, tags: ["finsight-api", "critical"] };

  it("an upper-case tag is refused before anything is sent, saying why (UptimeRobot would store it lower-cased)", async () => {
    const res = await monitor.check({}, { ...inputs, tags: ["finsight-api", "Critical"] });
    expect(res.failures).toEqual([{ property: "tags[1]", reason: expect.stringMatching(/"Critical" .*lower.?case.*\(expected "critical"/) }]);
  });

  it("lower-case tags round-trip without a change, and state with upper-case tags is no change either", async () => {
    const created = await monitor.create(inputs);
    const read = await monitor.read(created.id, created.outs);
    expect((await monitor.diff(created.id, read.props, inputs)).changes).toBe(false);
    // State written before this check existed may hold "Critical"; UptimeRobot holds "critical".
    expect((await monitor.diff(created.id, { ...read.props, tags: ["finsight-api", "Critical"] }, inputs)).changes).toBe(false);
    await monitor.delete(created.id, read.props);
  });
});

describe("custom headers", () => {
  it("Content-Type, which UptimeRobot sets from the body type, is no change whatever the definition says", async () => {
    const inputs = {
      name: "truth content-type",
      type: "HTTP",
      url: "https://ct.example/api",
      intervalSeconds: 300,
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", "X-Probe": "uptimerobot" },
      body: '{"a":1}',
      bodyType: "RAW_JSON",
    };
    const created = await monitor.create(inputs);
    expect((stored("monitors", created.id).customHttpHeaders as Record<string, string>)["content-type"]).toBe("application/json");
    const read = await monitor.read(created.id, created.outs);
    expect((await monitor.diff(created.id, read.props, inputs)).changes).toBe(false);
    const { "Content-Type": _ct, ...rest } = inputs.headers;
    expect((await monitor.diff(created.id, read.props, { ...inputs, headers: rest })).changes).toBe(false);
    // Any other header is still compared.
    expect((await monitor.diff(created.id, read.props, { ...inputs, headers: { ...rest, "X-Probe": "other" } })).changes).toBe(true);
    await monitor.delete(created.id, read.props);
  });
});

describe("clearing values", () => {
  it("removing a POST body removes it at UptimeRobot, and refresh shows no change", async () => {
    const inputs = { name: "truth body", type: "HTTP", url: "https://body.example/api", intervalSeconds: 300, method: "POST", body: '{"symbol":"AAPL"}', bodyType: "RAW_JSON" };
    const created = await monitor.create(inputs);
    expect(stored("monitors", created.id).postValueData).toEqual({ symbol: "AAPL" });
    const { body: _b, bodyType: _t, ...news } = inputs;
    expect((await monitor.diff(created.id, created.outs, news)).changes).toBe(true);
    const updated = await monitor.update(created.id, created.outs, news);
    expect(stored("monitors", created.id).postValueData).toBeUndefined();
    const read = await monitor.read(created.id, updated.outs);
    expect((await monitor.diff(created.id, read.props, news)).changes).toBe(false);
    await monitor.delete(created.id, read.props);
  });

  it("removing a status page's custom domain removes it at UptimeRobot, and refresh shows no change", async () => {
    const inputs = { name: "truth domain page", monitorIds: [], customDomain: "status.truth.example" };
    const created = await page.create(inputs);
    expect(stored("psps", created.id).customDomain).toBe("status.truth.example");
    const news = { name: inputs.name, monitorIds: [] };
    const updated = await page.update(created.id, created.outs, news);
    expect(stored("psps", created.id).customDomain ?? null).toBeNull();
    const read = await page.read(created.id, updated.outs);
    expect(read.props.publicUrl).toMatch(/^https:\/\/stats\.uptimerobot\.com\//);
    expect((await page.diff(created.id, read.props, news)).changes).toBe(false);
    await page.delete(created.id, read.props);
  });
});

describe("integrations whose URL UptimeRobot already has", () => {
  const url = "https://hooks.slack.com/services/T000/B000/TRUTHSECRET409";

  it("fail with a message naming the integration that has the URL and the fix, never the URL", async () => {
    const other = fake.seed("integrations", { type: "Slack", data: { friendlyName: "team-slack [dev]", webhookURL: url } });
    const err = await integration.create({ name: "team-slack [production]", type: "Slack", url }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      new RegExp(`^UptimeRobot integration "team-slack \\[production\\]": UptimeRobot already has a Slack integration with this URL \\("team-slack \\[dev\\]", id ${other}\\) and allows only one per URL \\(expected .+\\)$`),
    );
    expect((err as Error).message).not.toContain("TRUTHSECRET409");
    fake.vanish("integrations", other);
  });

  it("two creates with one URL at the same time make one integration and one clear error, not two", async () => {
    const results = await Promise.allSettled([
      integration.create({ name: "race a", type: "Webhook", url: `${url}-race`, postValue: "{}" }),
      integration.create({ name: "race b", type: "Webhook", url: `${url}-race`, postValue: "{}" }),
    ]);
    expect(fake.all("integrations").filter((d) => d.value === `${url}-race`)).toHaveLength(1);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failed).toHaveLength(1);
    expect(String(failed[0].reason.message)).toMatch(/already has a Webhook integration with this URL \("race [ab]", id \d+\)/);
  });
});

describe("read-after-write lag", () => {
  const inputs = { name: "truth lag", type: "HTTP", url: "https://lag.example", intervalSeconds: 300, headers: { "X-Probe": "a" } };

  it("a refresh right after an update that UptimeRobot still reads back as before shows no drift", async () => {
    const created = await monitor.create(inputs);
    const news = { ...inputs, intervalSeconds: 600, headers: { "X-Probe": "b" } };
    fake.staleWrites = true;
    let updated;
    try {
      updated = await monitor.update(created.id, created.outs, news);
    } finally {
      fake.staleWrites = false;
    }
    const read = await monitor.read(created.id, updated.outs);
    expect(read.props).toMatchObject({ intervalSeconds: 600, headers: { "X-Probe": "b" } });
    expect((await monitor.diff(created.id, read.props, news)).changes).toBe(false);
    await monitor.delete(created.id, read.props);
  });

  it("a change made at UptimeRobot is still reported, however often it is read", async () => {
    const created = await monitor.create({ ...inputs, name: "truth lag drift" });
    stored("monitors", created.id).interval = 900;
    const read = await monitor.read(created.id, created.outs);
    expect(read.props.intervalSeconds).toBe(900);
    await monitor.delete(created.id, read.props);
  });
});

describe("keyword monitors and HEAD", () => {
  it("a keyword monitor without a method is made with GET, since UptimeRobot refuses HEAD (its default) for them", async () => {
    const inputs = { name: "truth keyword method", type: "KEYWORD", url: "https://kw.example/", intervalSeconds: 300, keyword: "ok" };
    const created = await monitor.create(inputs);
    expect(stored("monitors", created.id).httpMethodType).toBe("GET");
    const read = await monitor.read(created.id, created.outs);
    expect((await monitor.diff(created.id, read.props, inputs)).changes).toBe(false);
    await monitor.delete(created.id, read.props);
  });

  it("HEAD on a keyword monitor is refused by check, before anything is sent", async () => {
    const res = await monitor.check({}, { name: "kw head", type: "KEYWORD", url: "https://kw.example/", intervalSeconds: 300, keyword: "ok", method: "HEAD" });
    expect(res.failures).toEqual([{ property: "method", reason: expect.stringMatching(/method: is HEAD, .*keyword monitors.*\(expected GET/) }]);
  });
});

describe("SSL and domain expiry reminders", () => {
  const inputs = { name: "truth expiry", type: "KEYWORD", url: "https://api.example/health", intervalSeconds: 300, keyword: "ok", sslExpiryReminder: true, sslExpiryDays: [30, 14, 7], domainExpiryReminder: true };

  it("are set at UptimeRobot, read back without a change, and removed when the definition drops them", async () => {
    const created = await monitor.create(inputs);
    expect(stored("monitors", created.id)).toMatchObject({ sslExpirationReminder: true, domainExpirationReminder: true, config: { sslExpirationPeriodDays: [7, 14, 30] } });
    const read = await monitor.read(created.id, created.outs);
    expect((await monitor.diff(created.id, read.props, inputs)).changes).toBe(false);
    const { sslExpiryReminder: _r, sslExpiryDays: _d, domainExpiryReminder: _x, ...plain } = inputs;
    expect((await monitor.diff(created.id, read.props, plain)).changes).toBe(true);
    const updated = await monitor.update(created.id, read.props, plain);
    expect(stored("monitors", created.id)).toMatchObject({ sslExpirationReminder: false, domainExpirationReminder: false });
    expect((await monitor.diff(created.id, (await monitor.read(created.id, updated.outs)).props, plain)).changes).toBe(false);
    await monitor.delete(created.id, updated.outs);
  });

  it("an SSL reminder on an http:// URL is refused by check (UptimeRobot cannot watch a certificate there)", async () => {
    const res = await monitor.check({}, { ...inputs, url: "http://api.example/health" });
    expect(res.failures).toEqual([{ property: "sslExpiryReminder", reason: expect.stringMatching(/http:\/\/ URL.*\(expected an https:\/\/ URL\)/) }]);
  });
});

describe("plan rules: a Free account", () => {
  // Threshold and recurrence are stored as 0 on Free (the v3 description; the Terraform provider's
  // monitor_schema.go), heartbeat monitors are a paid feature (UptimeRobot's blog): the fake's
  // `plan: "free"` behaves so, citing both.
  const free = new FakeUptimeRobot({ plan: "free" });
  let onFree: Provider;
  beforeAll(async () => {
    await free.start();
    onFree = (await load(providers.monitor, fakeConfig(free))).provider;
  });
  afterAll(async () => {
    await free.stop();
  });
  const base = { name: "truth free delay", type: "HTTP", url: "https://free.example/health", intervalSeconds: 300 };
  const contacts = (threshold: number) => ({ alertContacts: [{ id: "2001", threshold, recurrence: 0 }] });

  it("an alert delay is stored as 0 while the state keeps the delay (refresh cannot tell them apart); the 0 the mapping sends on Free is what is stored", async () => {
    const delayed = { ...base, ...contacts(5) };
    const created = await onFree.create(delayed);
    const stored = () => (free.store.monitors.get(Number(created.id))!.data.assignedAlertContacts as Array<{ threshold: number }>)[0].threshold;
    expect(stored()).toBe(0);
    // Free reads every threshold back as 0, so the provider takes 0 as no drift: the plan's 5 minutes would be a silent lie.
    const read = await onFree.read(created.id, created.outs);
    expect((read.props.alertContacts as Array<{ threshold: number }>)[0].threshold).toBe(5);
    const honest = { ...base, ...contacts(0) };
    const updated = await onFree.update(created.id, read.props, honest);
    const again = await onFree.read(created.id, updated.outs);
    expect((again.props.alertContacts as Array<{ threshold: number }>)[0].threshold).toBe(stored());
    expect((await onFree.diff(created.id, again.props, honest)).changes).toBe(false);
    await onFree.delete(created.id, again.props);
  });

  it("a heartbeat monitor is refused (what validate reports first), and nothing is left behind", async () => {
    await expect(onFree.create({ name: "truth free heartbeat", type: "HEARTBEAT", intervalSeconds: 86400, gracePeriodSeconds: 3600 })).rejects.toThrow(/Free plan/);
    expect(free.all("monitors").filter((m) => m.friendlyName === "truth free heartbeat")).toEqual([]);
  });

  it("sent requests stayed valid against the API description", () => {
    expect(free.problems).toEqual([]);
  });
});

describe("requests", () => {
  it("all stayed valid against the API description (with the corrections the fake cites)", () => {
    expect(fake.problems).toEqual([]);
    expect(fake.responseProblems).toEqual([]);
  });
});
