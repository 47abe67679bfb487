/**
 * What every dynamic resource stores in its state as `__provider` (src/targets/dynamic/stub.ts
 * `serializedStub`, as DynamicResource stores it): each kind's provider is a thin stub (at most
 * 16 KB; the providers of 66d7fef were 18–64 KB, twice per resource; the closure serializer's
 * text of the stub 4.9 KB) holding the kind id and the entry path, no vendor code and no
 * credential, which the dynamic-provider host loads (`requireFromString(text).handler()`); and
 * the runtime entry maps ids to kinds without a registry, refusing anything that is not
 * `<vendor>:<Type>`.
 */
import requireFromString from "require-from-string";
import { describe, expect, it } from "vitest";
import { compiled } from "../../fakes/engine";

interface Stub {
  kind: string;
  entry: string;
}
interface KindLike {
  id: string;
  replaceOnChange: readonly string[];
}
interface ProviderModule {
  dynamicKinds: Record<string, KindLike>;
  replaceOnChange: Record<string, readonly string[]>;
}
const ur = compiled<ProviderModule & { providers: Record<string, Stub> }>("src/targets/uptimerobot/provider");
const stripe = compiled<ProviderModule & { webhookEndpointProvider: Stub }>("src/targets/stripe/provider");
const sentry = compiled<ProviderModule & { providers: Record<string, Stub> }>("src/targets/sentry/provider");
const entry = compiled<{ providerFor(id: string): Record<string, unknown>; vendorKinds(v: string): Record<string, KindLike> }>("src/targets/dynamic/entry");
const { ENTRY, serializedStub } = compiled<{ ENTRY: string; serializedStub(stub: Stub): string }>("src/targets/dynamic/stub");

const stubs: Record<string, Stub> = {
  ...ur.providers,
  webhookEndpoint: stripe.webhookEndpointProvider,
  ...Object.fromEntries(Object.entries(sentry.providers).map(([k, v]) => [`sentry ${k}`, v])),
};
const LIMIT = 16 * 1024;

describe("the serialized provider of every kind", () => {
  it("there is one per kind the entry can load, and none for a kind it cannot", () => {
    const ids = Object.values(stubs).map((s) => s.kind);
    expect(ids.sort()).toEqual([...Object.keys(ur.dynamicKinds), ...Object.keys(stripe.dynamicKinds), ...Object.keys(sentry.dynamicKinds)].sort());
    expect(ids).toEqual([
      "sentry:Environment",
      "sentry:IssueAlert",
      "sentry:MetricAlert",
      "stripe:WebhookEndpoint",
      "uptimerobot:AlertContact",
      "uptimerobot:Integration",
      "uptimerobot:MaintenanceWindow",
      "uptimerobot:Monitor",
      "uptimerobot:StatusPage",
    ]);
  });

  for (const [name, stub] of Object.entries(stubs)) {
    it(`${name}: at most 16 KB, holding its kind id and the entry path, no vendor code and no credential`, async () => {
      const saved = { ur: process.env.UPTIMEROBOT_API_KEY, stripe: process.env.STRIPE_API_KEY, sentry: process.env.SENTRY_AUTH_TOKEN };
      process.env.UPTIMEROBOT_API_KEY = "ur-CANARY-serialized-key";
      process.env.STRIPE_API_KEY = "sk_test_CANARY_serialized";
      process.env.SENTRY_AUTH_TOKEN = "sntrys_CANARY_serialized";
      try {
        const text = serializedStub(stub);
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(LIMIT);
        const loaded = (requireFromString(text) as { handler(): Record<string, unknown> }).handler();
        expect(loaded).toMatchObject({ kind: stub.kind, entry: ENTRY });
        for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) expect(typeof loaded[method]).toBe("function");
        expect(text).toContain(JSON.stringify(stub.kind));
        expect(text).toContain(JSON.stringify(ENTRY));
        for (const vendorCode of ["axios", "friendlyName", "webhookEndpoints", "monitoring_marker", "Retry-After", "alert-rules", "targetIdentifier"]) expect(text).not.toContain(vendorCode);
        expect(text).not.toContain("CANARY");
      } finally {
        if (saved.ur === undefined) delete process.env.UPTIMEROBOT_API_KEY;
        else process.env.UPTIMEROBOT_API_KEY = saved.ur;
        if (saved.stripe === undefined) delete process.env.STRIPE_API_KEY;
        else process.env.STRIPE_API_KEY = saved.stripe;
        if (saved.sentry === undefined) delete process.env.SENTRY_AUTH_TOKEN;
        else process.env.SENTRY_AUTH_TOKEN = saved.sentry;
      }
    });
  }
});

describe("the runtime entry", () => {
  it("loads the provider of every kind by its id, from the vendor's provider module", () => {
    for (const id of Object.values(stubs).map((s) => s.kind)) {
      const p = entry.providerFor(id);
      for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"]) expect(typeof p[m], `${id}.${m}`).toBe("function");
    }
    for (const vendor of ["uptimerobot", "stripe", "sentry"]) {
      for (const [key, kind] of Object.entries(entry.vendorKinds(vendor))) {
        expect(kind.id).toBe(key);
        expect(key.startsWith(`${vendor}:`)).toBe(true);
      }
    }
  });

  it("refuses ids that are not <vendor>:<Type>, so no path can be injected", () => {
    for (const id of ["../../etc:Passwd", "uptimerobot:../Monitor", "uptimerobot/../stripe:WebhookEndpoint", "Uptimerobot:Monitor", "uptimerobot:monitor", "uptimerobot:Monitor:x", "", "uptimerobot"]) {
      expect(() => entry.providerFor(id), id).toThrow(/is not a dynamic kind id \(expected <vendor>:<Type>, e\.g\. uptimerobot:Monitor\)$/);
    }
  });

  it("names what is missing when a vendor or a kind is not in the build", () => {
    expect(() => entry.providerFor("nosuchvendor:Thing")).toThrow(/^no vendor "nosuchvendor" in this build \(expected src\/targets\/nosuchvendor\/provider\.ts; run `npm run build`\)$/);
    expect(() => entry.providerFor("dynamic:Entry")).toThrow(/^no vendor "dynamic" in this build/);
    expect(() => entry.providerFor("uptimerobot:Gone")).toThrow(/^no dynamic kind "uptimerobot:Gone" in src\/targets\/uptimerobot\/provider\.ts \(expected one of uptimerobot:Integration, uptimerobot:AlertContact, .*uptimerobot:StatusPage; kinds in state must never be removed\)$/);
    expect(() => entry.providerFor("uptimerobot:Constructor")).toThrow(/^no dynamic kind/);
  });
});
