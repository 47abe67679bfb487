/**
 * Secret canaries for the UptimeRobot providers: the serialized provider text never holds the API
 * key (even with it in the environment while serializing), and no message the providers produce
 * (check failures, API errors, drift errors) contains the API key, a heartbeat URL or a token-bearing
 * webhook URL.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load } from "../../fakes/engine";
import { FakeUptimeRobot, fakeConfig } from "../../fakes/uptimerobot";

const { providers } = compiled<{ providers: Record<string, object> }>("src/targets/uptimerobot/provider");
const CANARY_KEY = "ur-CANARY-api-key-5f2e9c";
const SLACK = "https://hooks.slack.com/services/T0CANARY/B0CANARY/sEcReTtOkEn";
const fake = new FakeUptimeRobot({ apiKey: CANARY_KEY });
const messages: string[] = [];

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

async function collect(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    // Real Errors with a message, also when thrown from the deserialized provider.
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/^UptimeRobot (monitor|integration) "[^"]+"/);
    messages.push(`${(e as Error).message}\n${JSON.stringify(e)}`);
  }
}

describe("UptimeRobot secret canaries", () => {
  it("serialized providers never contain the API key, even when it is in the environment", async () => {
    const saved = process.env.UPTIMEROBOT_API_KEY;
    process.env.UPTIMEROBOT_API_KEY = CANARY_KEY;
    try {
      for (const [name, provider] of Object.entries(providers)) {
        const text = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
        expect(text, name).not.toContain(CANARY_KEY);
        expect(text.length, name).toBeLessThan(200_000);
      }
    } finally {
      if (saved === undefined) delete process.env.UPTIMEROBOT_API_KEY;
      else process.env.UPTIMEROBOT_API_KEY = saved;
    }
  });

  it("no error or check message carries the key, a heartbeat URL or a webhook token", async () => {
    const cfg = fakeConfig(fake, { "uptimerobot:retryMaxMs": "2", "uptimerobot:maxRetries": "1" });
    const monitor = (await load(providers.monitor, cfg)).provider;
    const integration = (await load(providers.integration, cfg)).provider;

    const hb = await monitor.create({ name: "canary heartbeat", type: "HEARTBEAT", intervalSeconds: 3600 });
    const heartbeatUrl = String(hb.outs.heartbeatUrl);
    expect(heartbeatUrl).toMatch(/^https:\/\//);

    // Drift errors, conflicts, exhausted retries with HTML bodies, a rejected key.
    fake.vanish("monitors", Number(hb.id));
    await collect(monitor.update(hb.id, hb.outs, { ...hb.outs, gracePeriodSeconds: 60 }));
    const slack = await integration.create({ name: "canary slack", type: "Slack", url: SLACK });
    await collect(integration.create({ name: "canary slack", type: "Slack", url: SLACK }));
    fake.inject("503-html", 5);
    await collect(integration.read(slack.id, slack.outs));
    const wrong = (await load(providers.monitor, { ...cfg, "uptimerobot:apiKey": `${CANARY_KEY}-wrong` })).provider;
    await collect(wrong.create({ name: "x", type: "HTTP", url: "https://x.example", intervalSeconds: 300 }));
    // A malformed token-bearing URL in check: the reason names the field, never the value.
    const checked = await integration.check({}, { name: "bad", type: "Slack", url: "hooks.slack.com/services/T0CANARY/B0CANARY/sEcReTtOkEn" });
    messages.push(...(checked.failures ?? []).map((f) => f.reason));

    if (process.env.SHOW_MESSAGES) console.log(messages.map((m) => m.split("\n")[0]).join("\n"));
    expect(messages.length).toBeGreaterThanOrEqual(5);
    for (const m of messages) {
      expect(m).not.toContain(CANARY_KEY);
      expect(m).not.toContain(heartbeatUrl);
      expect(m).not.toContain("sEcReTtOkEn");
    }
  });
});
