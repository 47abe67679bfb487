/**
 * The UptimeRobot monitor provider driven through @pulumi/pulumi's own dynamic-provider host
 * (node_modules/@pulumi/pulumi/cmd/dynamic-provider), spoken to over the ResourceProvider gRPC
 * protocol exactly as the engine does: Configure with the stack config (secret-wrapped API key),
 * then Check/Create/Read/Diff/Update/Delete with the serialized provider in `__provider`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, projectRequire } from "../../fakes/engine";
import { FakeStripe } from "../../fakes/stripe";
import { FakeUptimeRobot } from "../../fakes/uptimerobot";

/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf classes are untyped here */
const grpc = projectRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const provrpc = projectRequire("@pulumi/pulumi/proto/provider_grpc_pb") as any;
const provproto = projectRequire("@pulumi/pulumi/proto/provider_pb") as any;
const structproto = projectRequire("google-protobuf/google/protobuf/struct_pb") as any;

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const { providers } = compiled<{ providers: Record<string, object> }>("src/targets/uptimerobot/provider");

const fake = new FakeUptimeRobot();
const stripeFake = new FakeStripe();
const { webhookEndpointProvider } = compiled<{ webhookEndpointProvider: object }>("src/targets/stripe/provider");
let stripeSerialized: string;
let host: ChildProcess;
let client: any;
let serialized: string;
let stderr = "";

function call<T>(method: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

const struct = (o: Record<string, unknown>) => structproto.Struct.fromJavaScript(o);
const URN = "urn:pulumi:dev::monitoring::pulumi-nodejs:dynamic/uptimerobot:Monitor::finsight-health";

beforeAll(async () => {
  await fake.start();
  await stripeFake.start();
  stripeSerialized = (await pulumi.runtime.serializeFunction(() => webhookEndpointProvider, { allowSecrets: true })).text;
  // What pulumi.dynamic.Resource stores in `__provider`.
  serialized = (await pulumi.runtime.serializeFunction(() => providers.monitor, { allowSecrets: true })).text;
  const entry = path.join(process.cwd(), "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");
  const env = { ...process.env };
  delete env.UPTIMEROBOT_API_KEY;
  host = spawn(process.execPath, [entry, "127.0.0.1:1"], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
  host.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    host.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0].trim();
      if (/^\d+$/.test(line) && out.includes("\n")) resolve(line);
    });
    host.on("exit", (code) => reject(new Error(`dynamic provider host exited with ${code}: ${stderr}`)));
  });
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const configure = new provproto.ConfigureRequest();
  configure.setArgs(
    struct({
      "uptimerobot:apiKey": { [SECRET_SIG]: SECRET_VALUE, value: fake.apiKey },
      "uptimerobot:apiUrl": fake.url,
      "uptimerobot:requestsPerMinute": "100000",
      "uptimerobot:retryBaseMs": "1",
      "uptimerobot:retryMaxMs": "10",
      "uptimerobot:cacheTtlMs": "0",
      "stripe:apiKey": { [SECRET_SIG]: SECRET_VALUE, value: stripeFake.apiKey },
      "stripe:apiBase": stripeFake.url,
    }),
  );
  await call("configure", configure);
});

afterAll(async () => {
  client?.close();
  if (host && host.exitCode === null) host.kill("SIGTERM");
  await fake.stop();
  await stripeFake.stop();
});

describe("UptimeRobot monitor through the Pulumi dynamic-provider gRPC host", () => {
  const inputs = {
    name: "FinSight API health & <ready>",
    type: "HTTP",
    url: "https://api.finsight.example/health",
    intervalSeconds: 300,
    headers: { "X-Probe": "uptimerobot" },
    successCodes: ["3xx", "2xx"],
  };

  it("runs check, create, read, diff, update, delete as the engine would", async () => {
    expect(serialized).not.toContain(fake.apiKey);

    const check = new provproto.CheckRequest();
    check.setUrn(URN);
    check.setOlds(struct({}));
    check.setNews(struct({ ...inputs, __provider: serialized }));
    const checked = await call<any>("check", check);
    expect(checked.getFailuresList()).toHaveLength(0);
    const checkedInputs = checked.getInputs().toJavaScript();

    const create = new provproto.CreateRequest();
    create.setUrn(URN);
    create.setProperties(struct(checkedInputs));
    const created = await call<any>("create", create);
    const id = created.getId();
    expect(id).toMatch(/^\d+$/);
    const outs = created.getProperties().toJavaScript();
    expect(outs.monitorId).toBe(Number(id));
    expect(outs.__provider).toBe(serialized);

    const read = new provproto.ReadRequest();
    read.setId(id);
    read.setUrn(URN);
    read.setProperties(struct(outs));
    const refreshed = (await call<any>("read", read)).getProperties().toJavaScript();

    const diff = new provproto.DiffRequest();
    diff.setId(id);
    diff.setUrn(URN);
    diff.setOlds(struct(refreshed));
    diff.setNews(struct({ ...inputs, __provider: serialized }));
    const none = await call<any>("diff", diff);
    expect(none.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);

    diff.setNews(struct({ ...inputs, type: "KEYWORD", keyword: "ok", __provider: serialized }));
    const replace = await call<any>("diff", diff);
    expect(replace.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(replace.getReplacesList()).toEqual(["type"]);

    const update = new provproto.UpdateRequest();
    update.setId(id);
    update.setUrn(URN);
    update.setOlds(struct(refreshed));
    update.setNews(struct({ ...inputs, intervalSeconds: 600, __provider: serialized }));
    const updated = (await call<any>("update", update)).getProperties().toJavaScript();
    expect(updated.intervalSeconds).toBe(600);
    expect(fake.store.monitors.get(Number(id))!.data.interval).toBe(600);

    const del = new provproto.DeleteRequest();
    del.setId(id);
    del.setUrn(URN);
    del.setProperties(struct(updated));
    await call("delete", del);
    expect(fake.store.monitors.size).toBe(0);

    // Refresh of a deleted resource: an empty id tells the engine it is gone.
    read.setProperties(struct(updated));
    const gone = await call<any>("read", read);
    expect(gone.getId()).toBe("");
    // Deleting again is fine.
    await call("delete", del);
  });

  it("check failures and create errors come back clear, without the API key", async () => {
    const check = new provproto.CheckRequest();
    check.setUrn(URN);
    check.setOlds(struct({}));
    check.setNews(struct({ name: "bad", type: "HTTP", url: "not a url", intervalSeconds: 5, __provider: serialized }));
    const failures = (await call<any>("check", check)).getFailuresList().map((f: any) => `${f.getProperty()}: ${f.getReason()}`);
    expect(failures).toEqual([
      'url: UptimeRobot monitor "bad": url: "not a url" is not valid (expected an http:// or https:// URL)',
      'intervalSeconds: UptimeRobot monitor "bad": intervalSeconds: 5 is out of range (expected 30 to 2678400 seconds)',
    ]);

    fake.seed("monitors", { friendlyName: "taken", type: "HTTP", url: "https://t.example", interval: 300, timeout: 30 });
    const create = new provproto.CreateRequest();
    create.setUrn(URN);
    create.setProperties(struct({ name: "taken", type: "HTTP", url: "https://t.example", intervalSeconds: 300, __provider: serialized }));
    const err = (await call("create", create).catch((e: Error) => e)) as Error & { details?: string };
    expect(err.details).toMatch(/^UptimeRobot monitor "taken": one already exists with this name \(id \d+\) \(expected .*adopt: true/);
    expect(`${err.message} ${stderr}`).not.toContain(fake.apiKey);

    // An API failure that outlasts the retries reaches the engine as a readable message.
    const read = new provproto.ReadRequest();
    read.setId("1");
    read.setUrn(URN);
    read.setProperties(struct({ name: "taken", type: "HTTP", url: "https://t.example", intervalSeconds: 300, __provider: serialized }));
    fake.inject("503-html", 20);
    const apiErr = (await call("read", read).catch((e: Error) => e)) as Error & { details?: string };
    expect(apiErr.details).toMatch(/^UptimeRobot monitor "taken" \(id 1\): UptimeRobot API GET \/monitors: gave up after 9 attempts, last: HTTP 503 \(HTML body: Service Unavailable/);
  });

  it("a Stripe webhook endpoint goes through the same host: create with a secret, refresh, replace on apiVersion, delete", async () => {
    const urn = "urn:pulumi:dev::monitoring::pulumi-nodejs:dynamic/stripe:WebhookEndpoint::finsight-api-stripe-billing";
    const props = { url: "https://api.finsight.example/webhooks/stripe/billing", enabledEvents: ["invoice.payment_failed"], marker: "dev/finsight-api/billing", __provider: stripeSerialized };
    expect(stripeSerialized).not.toContain(stripeFake.apiKey);
    const create = new provproto.CreateRequest();
    create.setUrn(urn);
    create.setProperties(struct(props));
    const created = await call<any>("create", create);
    const id = created.getId();
    const outs = created.getProperties().toJavaScript();
    expect(outs.secret).toMatch(/^whsec_/);

    const read = new provproto.ReadRequest();
    read.setId(id);
    read.setUrn(urn);
    read.setProperties(struct(outs));
    const refreshed = (await call<any>("read", read)).getProperties().toJavaScript();
    expect(refreshed.secret).toBe(outs.secret);

    const diff = new provproto.DiffRequest();
    diff.setId(id);
    diff.setUrn(urn);
    diff.setOlds(struct(refreshed));
    diff.setNews(struct(props));
    expect((await call<any>("diff", diff)).getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
    diff.setNews(struct({ ...props, apiVersion: "2024-06-20" }));
    expect((await call<any>("diff", diff)).getReplacesList()).toEqual(["apiVersion"]);

    const del = new provproto.DeleteRequest();
    del.setId(id);
    del.setUrn(urn);
    del.setProperties(struct(refreshed));
    await call("delete", del);
    await call("delete", del);
    expect(stripeFake.endpoints.size).toBe(0);
    expect(stderr).not.toContain(String(outs.secret));
  });
});
