/**
 * The thin serialized provider under Pulumi's own dynamic-provider host, where it has to work:
 *
 * - the host caches one deserialized provider per provider text and calls configure() once on it:
 *   credentials given only there (not in the environment) reach the real provider, also for calls
 *   the engine starts concurrently as soon as it is configured;
 * - the engine may start the host in the project root or in the program's folder (dist/src, next to
 *   Pulumi.yaml's main): both find the build;
 * - outside any build, and for a kind the build no longer has, every call fails with one clear
 *   message instead of a stack trace.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled } from "../../fakes/engine";
import { ProviderHost, type HostError } from "../../fakes/provider-host";
import { FakeStripe } from "../../fakes/stripe";
import { FakeUptimeRobot } from "../../fakes/uptimerobot";

const { providers } = compiled<{ providers: Record<string, object> }>("src/targets/uptimerobot/provider");
const { webhookEndpointProvider } = compiled<{ webhookEndpointProvider: object }>("src/targets/stripe/provider");
const { DynamicProviderStub, ENTRY } = compiled<{ DynamicProviderStub: new (kind: string, entry: string) => object; ENTRY: string }>("src/targets/dynamic/stub");

const ur = new FakeUptimeRobot();
const stripe = new FakeStripe();
const hosts: ProviderHost[] = [];
const serialize = async (p: object) => (await pulumi.runtime.serializeFunction(() => p, { allowSecrets: true })).text;
const urn = (type: string, name: string) => `urn:pulumi:dev::finsight-monitoring::pulumi-nodejs:dynamic/${type}::${name}`;

/** The environment without any credential: only configure() can hand them over. */
function bareEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(UPTIMEROBOT|STRIPE)_/.test(k)) delete env[k];
  return env;
}

async function host(cwd: string): Promise<ProviderHost> {
  const h = await ProviderHost.start({ cwd, env: bareEnv() });
  hosts.push(h);
  await h.configure(
    {
      "uptimerobot:apiKey": ur.apiKey,
      "uptimerobot:apiUrl": ur.url,
      "uptimerobot:requestsPerMinute": "100000",
      "uptimerobot:retryBaseMs": "1",
      "uptimerobot:retryMaxMs": "10",
      "uptimerobot:cacheTtlMs": "0",
      "stripe:apiKey": stripe.apiKey,
      "stripe:apiBase": stripe.url,
    },
    ["uptimerobot:apiKey", "stripe:apiKey"],
  );
  return h;
}

beforeAll(async () => {
  await ur.start();
  await stripe.start();
});
afterAll(async () => {
  for (const h of hosts) h.stop();
  await ur.stop();
  await stripe.stop();
});

describe("the serialized stub in Pulumi's dynamic-provider host", () => {
  for (const where of ["the project root", "the program's folder (dist/src)"]) {
    it(`started in ${where}: credentials from configure() reach the real providers of both vendors`, async () => {
      const h = await host(where === "the project root" ? process.cwd() : path.join(process.cwd(), "dist/src"));
      const text = await serialize(providers.maintenanceWindow);
      const inputs = { name: `Window from ${where}`, interval: "once", date: "2026-05-01", time: "02:00", durationMinutes: 30, __provider: text };
      const u = urn("uptimerobot:MaintenanceWindow", "w");
      const checked = await h.check(u, {}, inputs);
      expect(checked.failures).toEqual([]);
      const created = await h.create(u, checked.inputs);
      expect(ur.store["maintenance-windows"].get(Number(created.id))?.data.name).toBe(`Window from ${where}`);
      expect((await h.read(u, created.id, created.properties)).properties.maintenanceWindowId).toBe(Number(created.id));
      await h.delete(u, created.id, created.properties);
      expect(ur.store["maintenance-windows"].has(Number(created.id))).toBe(false);

      const s = urn("stripe:WebhookEndpoint", "e");
      const ep = await h.create(s, { url: "https://api.finsight.example/hooks/stripe", enabledEvents: ["invoice.payment_failed"], marker: `stub ${where}`, __provider: await serialize(webhookEndpointProvider) });
      expect(String(ep.properties.secret)).toMatch(/^whsec_/);
      await h.delete(s, ep.id, ep.properties);
      expect(stripe.endpoints.has(ep.id)).toBe(false);
      expect(h.stderr).not.toContain(ur.apiKey);
    });
  }

  it("calls the engine starts all at once, first thing after configure, are all served configured", async () => {
    const h = await host(process.cwd());
    const text = await serialize(providers.integration);
    const u = urn("uptimerobot:Integration", "i");
    const names = Array.from({ length: 8 }, (_x, n) => `Concurrent ${n} [dev]`);
    const created = await Promise.all(
      names.map((name) => h.create(u, { name, type: "Webhook", url: `https://hooks.finsight.example/${encodeURIComponent(name)}`, __provider: text })),
    );
    expect(new Set(created.map((c) => c.id)).size).toBe(8);
    expect(ur.all("integrations").map((d) => d.friendlyName).filter((n) => names.includes(String(n))).sort()).toEqual([...names].sort());
    for (const c of created) await h.delete(u, c.id, c.properties);
  });

  it("outside a project build, every call says to run `npm run build`", async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "no-build-"));
    try {
      const h = await host(elsewhere);
      const text = await serialize(providers.monitor);
      const u = urn("uptimerobot:Monitor", "m");
      for (let n = 0; n < 2; n++) {
        const err = (await h.check(u, {}, { name: "x", type: "HEARTBEAT", intervalSeconds: 300, __provider: text }).catch((e: HostError) => e)) as HostError;
        expect(err.details).toBe(
          `uptimerobot:Monitor: the provider's code ${ENTRY} is not in ${fs.realpathSync(elsewhere)} or a folder above it (expected the project's build: run \`npm run build\` in the project folder, then run pulumi again)`,
        );
      }
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("state holding a kind the build does not have fails with one clear message", async () => {
    const h = await host(process.cwd());
    const text = await serialize(new DynamicProviderStub("uptimerobot:Retired", ENTRY));
    const err = (await h.read(urn("uptimerobot:Retired", "r"), "1", { __provider: text }).catch((e: HostError) => e)) as HostError;
    expect(err.details).toMatch(/^no dynamic kind "uptimerobot:Retired" in src\/targets\/uptimerobot\/provider\.ts \(expected one of .*; kinds in state must never be removed\)$/);
  });
});
