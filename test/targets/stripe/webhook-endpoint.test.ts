/**
 * Stripe webhook endpoint provider, run as the engine runs it (compiled, serialized, deserialized,
 * configured), against the loopback Stripe fake through the official SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeStripe } from "../../fakes/stripe";

const { webhookEndpointProvider } = compiled<{ webhookEndpointProvider: object }>("src/targets/stripe/provider");
const fake = new FakeStripe();
let p: LoadedProvider["provider"];
let text: string;

const inputs = {
  url: "https://api.finsight.example/webhooks/stripe",
  enabledEvents: ["invoice.payment_failed", "customer.subscription.deleted", "charge.dispute.created"],
  description: "FinSight business alerts",
  marker: "finsight/business-alerts",
};

beforeAll(async () => {
  await fake.start();
  const loaded = await load(webhookEndpointProvider, { "stripe:apiKey": fake.apiKey, "stripe:apiBase": fake.url, "stripe:maxNetworkRetries": "2" });
  p = loaded.provider;
  text = loaded.text;
});
afterAll(async () => {
  await fake.stop();
});

describe("Stripe webhook endpoint provider", () => {
  it("check validates event names against the SDK's list, the URL and the API version", async () => {
    const ok = await p.check({}, inputs);
    expect(ok.failures).toEqual([]);
    const bad = await p.check({}, { ...inputs, url: "http://insecure.example", enabledEvents: ["invoice.payment_faild", "*"], apiVersion: "latest" });
    const reasons = (bad.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toMatch(/^url: Stripe webhook endpoint "finsight\/business-alerts": url: "http:\/\/insecure\.example" is not valid \(expected an https:\/\/ URL\)$/);
    expect(reasons[1]).toMatch(/^enabledEvents\[0\]: .*"invoice\.payment_faild" is not a Stripe event the SDK knows \(expected e\.g\. invoice\./);
    expect(reasons[1]).toContain("invoice.payment_failed");
    expect(reasons[2]).toMatch(/^apiVersion: .*\(expected a Stripe API version/);
  });

  it("preview: event names or a URL not known yet pass check and show as changes", async () => {
    const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect((await p.check({}, { ...inputs, enabledEvents: U, url: U })).failures).toEqual([]);
    const d = await p.diff("we_1", inputs, { ...inputs, url: U });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
  });

  it("create, read, diff, update, replace on apiVersion, delete (twice), read gone", async () => {
    const created = await p.create(inputs);
    expect(created.id).toMatch(/^we_/);
    const secret = String(created.outs.secret);
    expect(secret).toMatch(/^whsec_/);
    expect(fake.endpoints.get(created.id)!.metadata).toEqual({ monitoring_marker: "finsight/business-alerts" });

    const read = await p.read(created.id, created.outs);
    expect(read.props.secret).toBe(secret); // Stripe never returns it again; state keeps it
    expect((await p.diff(created.id, read.props, { ...inputs, enabledEvents: [...inputs.enabledEvents].reverse() })).changes).toBe(false);

    const more = { ...inputs, enabledEvents: [...inputs.enabledEvents, "invoice.payment_action_required"], metadata: { team: "growth" } };
    const d = await p.diff(created.id, read.props, more);
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
    const updated = await p.update(created.id, read.props, more);
    expect(updated.outs.secret).toBe(secret);
    expect(fake.endpoints.get(created.id)!.enabled_events).toContain("invoice.payment_action_required");
    const reread = await p.read(created.id, updated.outs);
    expect((await p.diff(created.id, reread.props, more)).changes).toBe(false);

    expect((await p.diff(created.id, reread.props, { ...more, apiVersion: "2026-10-28.endive" })).replaces).toEqual(["apiVersion"]);

    // Drift: the URL edited in the Dashboard shows up on refresh.
    fake.endpoints.get(created.id)!.url = "https://elsewhere.example/hook";
    const drifted = await p.read(created.id, reread.props);
    expect(drifted.props.url).toBe("https://elsewhere.example/hook");
    expect((await p.diff(created.id, drifted.props, more)).changes).toBe(true);

    await p.delete(created.id, drifted.props);
    expect(fake.endpoints.has(created.id)).toBe(false);
    await p.delete(created.id, drifted.props);
    expect((await p.read(created.id, drifted.props)).id ?? "").toBe("");
  });

  it("a create whose response is lost is retried by the SDK with the same idempotency key: one endpoint", async () => {
    const before = fake.creates;
    fake.loseResponses(1);
    const created = await p.create({ ...inputs, marker: "lost-response" });
    expect(fake.creates - before).toBe(1);
    expect([...fake.endpoints.values()].filter((e) => (e.metadata as Record<string, string>).monitoring_marker === "lost-response")).toHaveLength(1);
    const posts = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/webhook_endpoints");
    const last2 = posts.slice(-2);
    expect(last2[0].idempotencyKey).toBeDefined();
    expect(last2[0].idempotencyKey).toBe(last2[1].idempotencyKey);
    expect(String(created.outs.secret)).toMatch(/^whsec_/);
    await p.delete(created.id, created.outs);
  });

  it("an endpoint with the same marker is not duplicated: error unless adopt, adopt takes it over", async () => {
    const first = await p.create({ ...inputs, marker: "taken" });
    await expect(p.create({ ...inputs, marker: "taken" })).rejects.toThrow(/^Stripe webhook endpoint "taken": one already exists with this marker \(id we_\w+\) \(expected .*adopt: true/);
    const adopted = await p.create({ ...inputs, marker: "taken", description: "adopted", adopt: true });
    expect(adopted.id).toBe(first.id);
    expect(adopted.outs.secret).toBeUndefined();
    expect(fake.endpoints.get(first.id)!.description).toBe("adopted");
    await p.delete(first.id, adopted.outs);
  });

  it("secrets stay out of the serialized provider and of error messages", async () => {
    expect(text).not.toContain(fake.apiKey);
    const created = await p.create({ ...inputs, marker: "canary" });
    const secret = String(created.outs.secret);
    fake.endpoints.delete(created.id);
    const err = (await p.update(created.id, created.outs, { ...created.outs, description: "x" }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/^Stripe webhook endpoint "canary" \(id we_\w+\): it no longer exists at Stripe \(expected it to exist; run `pulumi refresh`/);
    const wrong = await load(webhookEndpointProvider, { "stripe:apiKey": "sk_test_WRONG_canary_key", "stripe:apiBase": fake.url, "stripe:maxNetworkRetries": "0" });
    const authErr = (await wrong.provider.read("we_x", { marker: "m" }).catch((e: Error) => e)) as Error;
    expect(authErr.message).toMatch(/^Stripe webhook endpoint "m" \(id we_x\): HTTP 401 /);
    for (const m of [err.message, authErr.message]) {
      expect(m).not.toContain(fake.apiKey);
      expect(m).not.toContain("sk_test_WRONG_canary_key");
      expect(m).not.toContain(secret);
    }
    const noKey = await load(webhookEndpointProvider, { "stripe:apiBase": fake.url });
    const saved = process.env.STRIPE_API_KEY;
    delete process.env.STRIPE_API_KEY;
    try {
      await expect(noKey.provider.read("we_x", {})).rejects.toThrow(/^stripe:apiKey: not set \(expected .*STRIPE_API_KEY\)$/);
    } finally {
      if (saved !== undefined) process.env.STRIPE_API_KEY = saved;
    }
  });
});
