/**
 * The `replaceOnChange` tables the provider modules export (read by `monitoring diff` to call out
 * replacements before anyone runs `pulumi up`) agree with what each provider's diff() says: a change
 * of a listed field replaces the resource, a change of another field updates it in place.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";

type Table = Record<string, readonly string[]>;
const ur = compiled<{ replaceOnChange: Table; providers: Record<string, object> }>("src/targets/uptimerobot/provider");
const stripe = compiled<{ replaceOnChange: Table; webhookEndpointProvider: object }>("src/targets/stripe/provider");

const T = (t: string) => `pulumi-nodejs:dynamic/${t}`;
const providerOf: Record<string, object> = {
  [T("uptimerobot:Monitor")]: ur.providers.monitor,
  [T("uptimerobot:Integration")]: ur.providers.integration,
  [T("uptimerobot:AlertContact")]: ur.providers.alertContact,
  [T("uptimerobot:MaintenanceWindow")]: ur.providers.maintenanceWindow,
  [T("uptimerobot:StatusPage")]: ur.providers.statusPage,
  [T("stripe:WebhookEndpoint")]: stripe.webhookEndpointProvider,
};

/** Per type: another value for each field that forces replacement, and a change that does not. */
const CHANGES: Record<string, { replacing: Record<string, unknown>; inPlace: Record<string, unknown> }> = {
  [T("uptimerobot:Monitor")]: { replacing: { type: "PING" }, inPlace: { intervalSeconds: 600 } },
  [T("uptimerobot:Integration")]: { replacing: { type: "Webhook" }, inPlace: { name: "renamed [dev]" } },
  [T("uptimerobot:AlertContact")]: { replacing: { type: "Sms", value: "someone-else@finsight.example" }, inPlace: { name: "renamed", sslExpirationReminder: true } },
  [T("uptimerobot:MaintenanceWindow")]: { replacing: { autoAddMonitors: true }, inPlace: { durationMinutes: 45 } },
  [T("uptimerobot:StatusPage")]: { replacing: {}, inPlace: { name: "Renamed Status" } },
  [T("stripe:WebhookEndpoint")]: { replacing: { apiVersion: "2024-06-20" }, inPlace: { description: "changed" } },
};

/** Stored state of each type, as an earlier version wrote it (test/fixtures/state). */
const DIR = path.join(process.cwd(), "test/fixtures/state");
const stateOf = new Map<string, { id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }>();
for (const f of fs.readdirSync(DIR).filter((x) => x.endsWith(".json")).sort()) {
  const s = JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) as { type: string; id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> };
  if (!stateOf.has(s.type)) stateOf.set(s.type, s);
}

const loaded = new Map<string, LoadedProvider["provider"]>();
beforeAll(async () => {
  for (const [type, p] of Object.entries(providerOf)) loaded.set(type, (await load(p, {})).provider);
});

describe("replaceOnChange", () => {
  it("lists, per resource type token, the inputs whose change replaces the resource", () => {
    expect({ ...ur.replaceOnChange, ...stripe.replaceOnChange }).toEqual({
      [T("uptimerobot:Integration")]: ["type"],
      [T("uptimerobot:AlertContact")]: ["type", "value"],
      [T("uptimerobot:MaintenanceWindow")]: ["autoAddMonitors"],
      [T("uptimerobot:Monitor")]: ["type"],
      [T("uptimerobot:StatusPage")]: [],
      [T("stripe:WebhookEndpoint")]: ["apiVersion"],
    });
  });

  for (const [type, change] of Object.entries(CHANGES)) {
    it(`${type.split("/")[1]}: diff() replaces exactly on the listed fields`, async () => {
      const table = { ...ur.replaceOnChange, ...stripe.replaceOnChange }[type];
      expect(Object.keys(change.replacing).sort()).toEqual([...table].sort());
      const p = loaded.get(type)!;
      const state = stateOf.get(type)!;
      for (const [field, value] of Object.entries(change.replacing)) {
        const d = await p.diff(state.id, state.outputs, { ...state.inputs, [field]: value });
        expect(d.changes, field).toBe(true);
        expect(d.replaces, field).toEqual([field]);
      }
      const d = await p.diff(state.id, state.outputs, { ...state.inputs, ...change.inPlace });
      expect(d.changes).toBe(true);
      expect(d.replaces).toEqual([]);
    });
  }
});
