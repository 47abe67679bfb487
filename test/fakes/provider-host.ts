/**
 * Drives @pulumi/pulumi's own dynamic-provider host (node_modules/@pulumi/pulumi/cmd/dynamic-provider)
 * over the ResourceProvider gRPC protocol, as the engine does: one Configure with the stack config
 * (secret values wrapped as the engine sends them), then Check / Create / Read / Diff / Update /
 * Delete with the serialized provider in each request's `__provider` property.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { projectRequire } from "./engine";

/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf classes are untyped here */
const grpc = projectRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const provrpc = projectRequire("@pulumi/pulumi/proto/provider_grpc_pb") as any;
const provproto = projectRequire("@pulumi/pulumi/proto/provider_pb") as any;
const structproto = projectRequire("google-protobuf/google/protobuf/struct_pb") as any;

/** How the engine marks a secret value on the wire (sig.Secret). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;
export type DiffChanges = "none" | "some" | "unknown";

/** A gRPC error as the engine sees it; `details` carries the provider's message. */
export type HostError = Error & { details?: string };

const struct = (o: Props) => structproto.Struct.fromJavaScript(o);

export class ProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    private readonly log: { text: string },
  ) {}

  /** What the host wrote to stderr so far. */
  get stderr(): string {
    return this.log.text;
  }

  /** Starts the host with the given working directory (the engine may use the project root or the program's folder). */
  static async start(opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProviderHost> {
    const entry = path.join(process.cwd(), "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");
    const child = spawn(process.execPath, [entry, "127.0.0.1:1"], { cwd: opts.cwd ?? process.cwd(), env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const log = { text: "" };
    child.stderr!.on("data", (d: Buffer) => (log.text += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const line = out.split("\n")[0].trim();
        if (/^\d+$/.test(line) && out.includes("\n")) resolve(line);
      });
      child.on("exit", (code) => reject(new Error(`dynamic provider host exited with ${code}: ${log.text}`)));
    });
    return new ProviderHost(child, new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()), log);
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => this.client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
  }

  /** Configure, with the keys in `secretKeys` wrapped as secrets (as `pulumi config set --secret` values arrive). */
  async configure(config: Record<string, string>, secretKeys: readonly string[] = []): Promise<void> {
    const args: Props = {};
    for (const [k, v] of Object.entries(config)) args[k] = secretKeys.includes(k) ? { [SECRET_SIG]: SECRET_VALUE, value: v } : v;
    const req = new provproto.ConfigureRequest();
    req.setArgs(struct(args));
    await this.call("configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: string[] }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call<any>("check", req);
    return { inputs: res.getInputs().toJavaScript(), failures: res.getFailuresList().map((f: any) => `${f.getProperty()}: ${f.getReason()}`) };
  }

  async create(urn: string, props: Props): Promise<{ id: string; properties: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(struct(props));
    const res = await this.call<any>("create", req);
    return { id: res.getId(), properties: res.getProperties().toJavaScript() };
  }

  async read(urn: string, id: string, props: Props): Promise<{ id: string; properties: Props }> {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(struct(props));
    const res = await this.call<any>("read", req);
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {} };
  }

  async diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: DiffChanges; replaces: string[] }> {
    const req = new provproto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call<any>("diff", req);
    const c = provproto.DiffResponse.DiffChanges;
    const changes: DiffChanges = res.getChanges() === c.DIFF_NONE ? "none" : res.getChanges() === c.DIFF_SOME ? "some" : "unknown";
    return { changes, replaces: res.getReplacesList() };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<Props> {
    const req = new provproto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    return (await this.call<any>("update", req)).getProperties().toJavaScript();
  }

  async delete(urn: string, id: string, props: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(struct(props));
    await this.call("delete", req);
  }

  stop(): void {
    this.client.close();
    if (this.child.exitCode === null) this.child.kill("SIGTERM");
  }
}
