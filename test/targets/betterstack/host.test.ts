/**
 * Better Stack through Pulumi's own hosts, where it has to work:
 *
 * - the program under the Node.js language host (as `pulumi up` runs it): the ingest token the
 *   engine answers for the source becomes the secret stack output `logSourceTokens`, keyed by
 *   service and source, which `pulumi stack output logSourceTokens --show-secrets` prints;
 * - the serialized provider (at most 16 KB, no vendor code, no credential) under the
 *   dynamic-provider host over gRPC, configured with the API token as a secret: check, create,
 *   read, diff and delete against the fake, the token a secret output in the engine's answer.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProject, readStackConfig } from "../../../src/cli/project";
import { FakeBetterStack } from "../../fakes/betterstack";
import { compiled } from "../../fakes/engine";
import { ProviderHost } from "../../fakes/provider-host";
import { runThroughHost } from "../../fakes/pulumi-host";
import { ROOT } from "../../helpers";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const { sourceProvider, dynamicKinds } = compiled<{ sourceProvider: { kind: string; entry: string }; dynamicKinds: Record<string, unknown> }>("src/targets/betterstack/provider");
const { ENTRY } = compiled<{ ENTRY: string }>("src/targets/dynamic/stub");

describe("the ingest token as a stack output, through Pulumi's Node.js host", () => {
  it("logSourceTokens holds each source's token, keyed by service and source, as a secret", async () => {
    const project = readProject(ROOT);
    for (const stack of ["prod", "dev"]) {
      const { config, secretKeys } = readStackConfig(project, stack);
      const run = await runThroughHost({
        root: ROOT,
        main: path.relative(ROOT, project.main),
        project: project.name,
        stack,
        config,
        secretKeys,
        // What Better Stack would answer for the source: its generated ingest token.
        state: ({ type, name, inputs }) => (type.endsWith("betterstack:Source") ? { ...inputs, token: `tok-${stack}-${name}`, sourceId: "95" } : inputs),
      });
      expect(run.code, run.stderr).toBe(0);
      const out = run.stackOutputs as Record<string, unknown>;
      expect(out.logSourceTokens).toEqual({ "finsight-api": { api: { [SECRET_SIG]: SECRET_VALUE, value: `tok-${stack}-finsight-api-logs-api` } } });
      expect(run.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/betterstack:Source").map((r) => r.name)).toEqual(["finsight-api-logs-api"]);
    }
  });
});

describe("the serialized Better Stack provider", () => {
  const fake = new FakeBetterStack();
  let host: ProviderHost;

  beforeAll(async () => {
    await fake.start();
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith("BETTERSTACK_")) delete env[k];
    host = await ProviderHost.start({ cwd: ROOT, env });
    await host.configure(
      { "betterstack:apiToken": fake.apiToken, "betterstack:apiUrl": fake.url, "betterstack:retryBaseMs": "1", "betterstack:retryMaxMs": "10", "betterstack:cacheTtlMs": "0" },
      ["betterstack:apiToken"],
    );
  });
  afterAll(async () => {
    host?.stop();
    await fake.stop();
  });

  it("is a stub of at most 16 KB naming its kind and the entry, with no vendor code and no credential", async () => {
    expect(Object.keys(dynamicKinds)).toEqual(["betterstack:Source"]);
    const saved = process.env.BETTERSTACK_API_TOKEN;
    process.env.BETTERSTACK_API_TOKEN = "bs-CANARY-serialized-token";
    try {
      const { text } = await pulumi.runtime.serializeFunction(() => sourceProvider, { allowSecrets: true });
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(16 * 1024);
      expect(text).toContain(JSON.stringify("betterstack:Source"));
      expect(text).toContain(JSON.stringify(ENTRY));
      for (const vendorCode of ["axios", "logs_retention", "telemetry.betterstack.com", "ingesting_paused", "Retry-After"]) expect(text).not.toContain(vendorCode);
      expect(text).not.toContain("CANARY");
    } finally {
      if (saved === undefined) delete process.env.BETTERSTACK_API_TOKEN;
      else process.env.BETTERSTACK_API_TOKEN = saved;
    }
  });

  it("runs under the dynamic-provider host with the token from configure(), and returns the ingest token", async () => {
    const text = (await pulumi.runtime.serializeFunction(() => sourceProvider, { allowSecrets: true })).text;
    const urn = "urn:pulumi:prod::finsight-monitoring::pulumi-nodejs:dynamic/betterstack:Source::finsight-api-logs-api";
    const inputs = { name: "FinSight API [production]", platform: "python", retentionDays: 30, __provider: text };
    const checked = await host.check(urn, {}, inputs);
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn, checked.inputs);
    const token = fake.store.get(Number(created.id))!.attributes.token;
    expect(created.properties.token).toBe(token);
    const read = await host.read(urn, created.id, created.properties);
    expect(read.properties.token).toBe(token);
    expect(await host.diff(urn, created.id, read.properties, checked.inputs)).toEqual({ changes: "none", replaces: [] });
    await host.delete(urn, created.id, read.properties);
    expect(fake.store.has(Number(created.id))).toBe(false);
    expect(host.stderr).not.toContain(fake.apiToken);
    expect(host.stderr).not.toContain(String(token));
  });
});
