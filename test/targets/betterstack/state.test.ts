/**
 * State written by the first Better Stack provider (test/fixtures/state/betterstack, commit
 * c01127c) keeps working with today's, through @pulumi/pulumi's own dynamic-provider host over gRPC:
 * refresh finds no drift, the same definition shows no change, destroy deletes the source. The
 * stub's text in that state (kind id, entry path) is what every later build must still serve.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBetterStack } from "../../fakes/betterstack";
import { compiled } from "../../fakes/engine";
import { ProviderHost, type Props } from "../../fakes/provider-host";

interface Fixture {
  producedBy: string;
  urn: string;
  id: string;
  provider: string;
  inputs: Props;
  outputs: Props;
  vendor: { record: Props };
}

const DIR = path.join(process.cwd(), "test/fixtures/state/betterstack");
const fixtures = fs.readdirSync(DIR).filter((f) => f.endsWith(".json")).map((f) => ({ file: f, ...(JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Fixture) }));
const { sourceProvider } = compiled<{ sourceProvider: object }>("src/targets/betterstack/provider");
const fake = new FakeBetterStack();
let host: ProviderHost;

beforeAll(async () => {
  await fake.start();
  host = await ProviderHost.start({ cwd: process.cwd() });
  await host.configure({ "betterstack:apiToken": fake.apiToken, "betterstack:apiUrl": fake.url, "betterstack:cacheTtlMs": "0" }, ["betterstack:apiToken"]);
});
afterAll(async () => {
  host?.stop();
  await fake.stop();
});

describe("Better Stack state from earlier providers", () => {
  it("there is state of every version to test", () => {
    expect(fixtures.map((f) => f.file)).toContain("source.c01127c.json");
  });

  for (const f of fixtures) {
    it(`${f.file}: refresh sees no drift, the same definition no change, destroy deletes it`, async () => {
      fake.restore(Number(f.id), f.vendor.record);
      const old = { ...f.outputs, __provider: f.provider };
      // refresh runs the stored provider text
      const read = await host.read(f.urn, f.id, old);
      expect(read.id).toBe(f.id);
      const { __provider: _p, ...props } = read.properties;
      expect(props).toEqual(f.outputs);
      // up: the program's new provider text with the same definition
      const current = (await pulumi.runtime.serializeFunction(() => sourceProvider, { allowSecrets: false })).text;
      const news = { ...f.inputs, __provider: current };
      const checked = await host.check(f.urn, old, news);
      expect(checked.failures).toEqual([]);
      expect(await host.diff(f.urn, f.id, old, checked.inputs)).toEqual({ changes: "none", replaces: [] });
      // destroy runs the stored text again
      await host.delete(f.urn, f.id, old);
      expect(fake.store.has(Number(f.id))).toBe(false);
    });
  }
});
