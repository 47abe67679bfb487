/**
 * The Better Stack log source provider, run as the engine runs it (compiled, serialized,
 * deserialized, configured) against the loopback fake of the Telemetry API: validation, the
 * lifecycle with its ingest token, paging, adoption, drift, replacement, lost answers, plan refusals,
 * and secrets kept out of every message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeBetterStack, fakeBetterStackConfig } from "../../fakes/betterstack";

const { sourceProvider } = compiled<{ sourceProvider: object }>("src/targets/betterstack/provider");
const fake = new FakeBetterStack({ plan: "nano" });
const freeFake = new FakeBetterStack({ plan: "free" });
let p: LoadedProvider["provider"];
let text: string;

const inputs = { name: "FinSight API [production]", platform: "python", retentionDays: 30, ingestingPaused: false };

beforeAll(async () => {
  await fake.start();
  await freeFake.start();
  const loaded = await load(sourceProvider, fakeBetterStackConfig(fake));
  p = loaded.provider;
  text = loaded.text;
});
afterAll(async () => {
  await fake.stop();
  await freeFake.stop();
});

const reasons = async (raw: Record<string, unknown>) => ((await p.check({}, raw)).failures ?? []).map((f) => `${f.property}: ${f.reason}`);

describe("Better Stack log source provider", () => {
  it("check refuses what Better Stack would refuse, each with its field and what was expected", async () => {
    expect(await reasons(inputs)).toEqual([]);
    const bad = await reasons({ name: "x".repeat(256), platform: "cobol", retentionDays: 3653, ingestingPaused: "yes", dataRegion: "mars" });
    expect(bad).toEqual([
      `name: Better Stack log source "${"x".repeat(256)}": name: is 256 characters long (expected at most 255)`,
      expect.stringMatching(/platform: "cobol" is not allowed \(expected one of apache2, aws, .*, python, .*winlogbeat\)$/),
      expect.stringMatching(/retentionDays: 3653 is out of range \(expected 1 to 3652 days\)$/),
      expect.stringMatching(/ingestingPaused: "yes" is not a boolean \(expected true or false\)$/),
      expect.stringMatching(/dataRegion: "mars" is not allowed \(expected one of us_east, us_west, germany, singapore\)$/),
    ]);
    expect(await reasons({ name: "tab\there", platform: "http" })).toEqual([expect.stringMatching(/name: "tab\\there" is not valid \(expected a name of at most 255 printable characters\)$/)]);
    expect(await reasons({ platform: "http" })).toEqual([expect.stringMatching(/^name: Better Stack log source: name: missing \(expected a name of at most 255 printable characters\)$/)]);
  });

  it("create, read, diff, update, drift, replacement, delete (twice), read gone; the ingest token is an output", async () => {
    const created = await p.create(inputs);
    const stored = fake.store.get(Number(created.id))!;
    expect(stored.attributes).toMatchObject({ name: inputs.name, platform: "python", logs_retention: 30, ingesting_paused: false });
    expect(fake.requests.at(-1)).toEqual({ method: "POST", path: "/api/v1/sources", query: "", body: { name: inputs.name, platform: "python", logs_retention: 30, ingesting_paused: false } });
    expect(created.outs).toMatchObject({ sourceId: created.id, token: stored.attributes.token, ingestingHost: stored.attributes.ingesting_host, tableName: stored.attributes.table_name });

    const read = await p.read(created.id, created.outs);
    expect(read.props).toEqual(created.outs);
    expect((await p.diff(created.id, read.props, inputs)).changes).toBe(false);

    const renamed = { ...inputs, name: "FinSight API v2 [production]", retentionDays: 60, ingestingPaused: true };
    const d = await p.diff(created.id, read.props, renamed);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const updated = await p.update(created.id, read.props, renamed);
    expect(fake.requests.at(-1)).toMatchObject({ method: "PATCH", body: { name: renamed.name, ingesting_paused: true, logs_retention: 60 } });
    expect(updated.outs.token).toBe(stored.attributes.token);
    expect((await p.diff(created.id, (await p.read(created.id, updated.outs)).props, renamed)).changes).toBe(false);

    // Edited in the UI: refresh shows it, and the next up puts it back.
    stored.attributes.logs_retention = 7;
    const drifted = await p.read(created.id, updated.outs);
    expect(drifted.props.retentionDays).toBe(7);
    expect((await p.diff(created.id, drifted.props, renamed)).changes).toBe(true);

    // Platform, region and team cannot change in place: a new source, and a new token.
    expect((await p.diff(created.id, drifted.props, { ...renamed, platform: "javascript" })).replaces).toEqual(["platform"]);
    expect((await p.diff(created.id, drifted.props, { ...renamed, dataRegion: "germany" })).replaces).toEqual(["dataRegion"]);

    await p.delete(created.id, drifted.props);
    expect(fake.store.has(Number(created.id))).toBe(false);
    await p.delete(created.id, drifted.props);
    expect((await p.read(created.id, drifted.props)).id ?? "").toBe("");
  });

  it("the region reads back under its cluster's name without a diff; the team and region are sent only on create", async () => {
    const eu = { name: "EU source [production]", platform: "http", dataRegion: "germany", teamName: "FinSight" };
    const created = await p.create(eu);
    expect(fake.requests.at(-1)?.body).toEqual({ name: eu.name, platform: "http", data_region: "germany", team_name: "FinSight" });
    expect(fake.store.get(Number(created.id))!.attributes.data_region).toBe("eu-nbg-2");
    const read = await p.read(created.id, created.outs);
    expect(read.props.dataRegion).toBe("germany");
    expect((await p.diff(created.id, read.props, eu)).changes).toBe(false);
    await p.update(created.id, read.props, { ...eu, name: "EU source v2 [production]" });
    expect(fake.requests.at(-1)?.body).toEqual({ name: "EU source v2 [production]", ingesting_paused: false });
    await p.delete(created.id, read.props);
  });

  it("pages through every source (50 a page) to find one before creating: no duplicate on page 3", async () => {
    for (let n = 0; n < 120; n++) fake.seed({ name: `Other service ${n} [production]`, platform: "http" });
    const target = fake.seed({ name: "Page three [production]", platform: "http" });
    const err = (await p.create({ name: "Page three [production]", platform: "http" }).catch((e: Error) => e)) as Error;
    expect(err.message).toBe(
      `Better Stack log source "Page three [production]": one already exists with this name (id ${target}) (expected a name not used in the team; set adopt: true on the definition to take over the existing source instead of creating a duplicate)`,
    );
    const pages = fake.requests.filter((r) => r.method === "GET" && r.path === "/api/v1/sources").slice(-3).map((r) => r.query);
    expect(pages).toEqual(["?page=1&per_page=50", "?page=2&per_page=50", "?page=3&per_page=50"]);
    expect(fake.problems).toEqual([]);
  });

  it("adoption takes over the seed's hand-made source under its plain name, keeping its token; a platform it cannot change is refused", async () => {
    const handMade = fake.seed({ name: "FinSight API", platform: "python" });
    const token = fake.store.get(handMade)!.attributes.token;
    const adopted = await p.create({ ...inputs, adopt: true, adoptName: "FinSight API" });
    expect(adopted.id).toBe(String(handMade));
    expect(adopted.outs.token).toBe(token);
    expect(fake.store.get(handMade)!.attributes).toMatchObject({ name: inputs.name, logs_retention: 30 });
    await p.delete(adopted.id, adopted.outs);

    const other = fake.seed({ name: "Legacy", platform: "ruby" });
    const err = (await p.create({ ...inputs, name: "Legacy [production]", adopt: true, adoptName: "Legacy" }).catch((e: Error) => e)) as Error;
    expect(err.message).toBe(
      `Better Stack log source "Legacy [production]": the existing source "Legacy" (id ${other}) has the platform ruby, which Better Stack cannot change (expected the definition's platform to be ruby, or another name)`,
    );
    expect(fake.store.get(other)!.attributes.name).toBe("Legacy");
  });

  it("a create whose answer is lost after Better Stack made the source finds it instead of making a second", async () => {
    for (const fault of ["reset-after", "500-after", "slow-after"] as const) {
      const name = `Lost answer ${fault} [production]`;
      fake.inject(fault);
      const loaded = await load(sourceProvider, fakeBetterStackConfig(fake, { "betterstack:timeoutMs": "300" }));
      const created = await loaded.provider.create({ name, platform: "http" });
      expect(fake.all().filter((s) => s.name === name)).toHaveLength(1);
      expect(created.outs.token).toBe(fake.store.get(Number(created.id))!.attributes.token);
    }
  });

  it("on the free plan a custom retention is Better Stack's 422, said plainly", async () => {
    const free = await load(sourceProvider, fakeBetterStackConfig(freeFake));
    const err = (await free.provider.create({ name: "FinSight API [dev]", platform: "python", retentionDays: 30 }).catch((e: Error) => e)) as Error;
    expect(err.message).toBe(
      'Better Stack log source "FinSight API [dev]": Better Stack API POST /sources: HTTP 422 (Your plan doesn\'t support custom retention)',
    );
    const three = await free.provider.create({ name: "FinSight API [dev]", platform: "python", retentionDays: 3 });
    expect(freeFake.store.get(Number(three.id))!.attributes.logs_retention).toBe(3);
  });

  it("the API token and the ingest token stay out of the serialized provider and of every message", async () => {
    expect(text).not.toContain(fake.apiToken);
    const created = await p.create({ name: "Canary [production]", platform: "http" });
    const token = String(created.outs.token);
    expect(token.length).toBeGreaterThanOrEqual(20);
    fake.echoSourceOnUpdateError = true;
    const echoed = (await p.update(created.id, created.outs, { name: "Canary 2 [production]", platform: "http" }).catch((e: Error) => e)) as Error;
    fake.echoSourceOnUpdateError = false;
    expect(echoed.message).toMatch(/^Better Stack log source "Canary 2 \[production\]" \(id \d+\): Better Stack API PATCH \/sources\/\d+: HTTP 422 \(Could not update .*"token":"\*\*\*"/);
    const wrong = await load(sourceProvider, fakeBetterStackConfig(fake, { "betterstack:apiToken": "bs-WRONG-canary-token" }));
    const auth = (await wrong.provider.read(created.id, created.outs).catch((e: Error) => e)) as Error;
    expect(auth.message).toMatch(/^Better Stack log source "Canary \[production\]" \(id \d+\): Better Stack API GET \/sources: HTTP 401 \(Invalid Team API token\)$/);
    for (const m of [echoed.message, auth.message]) {
      expect(m).not.toContain(token);
      expect(m).not.toContain(fake.apiToken);
      expect(m).not.toContain("bs-WRONG-canary-token");
    }
    const saved = process.env.BETTERSTACK_API_TOKEN;
    delete process.env.BETTERSTACK_API_TOKEN;
    try {
      const none = await load(sourceProvider, { "betterstack:apiUrl": fake.url });
      await expect(none.provider.read(created.id, created.outs)).rejects.toThrow(
        /^betterstack:apiToken: not set \(expected `pulumi config set --secret betterstack:apiToken <Telemetry API token>` or the environment variable BETTERSTACK_API_TOKEN\)$/,
      );
    } finally {
      if (saved !== undefined) process.env.BETTERSTACK_API_TOKEN = saved;
    }
    await p.delete(created.id, created.outs);
    expect(fake.problems).toEqual([]);
  });
});
