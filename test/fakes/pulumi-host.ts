/**
 * Runs the program the way `pulumi up` / `pulumi preview` do, without the Pulumi CLI: the
 * Node.js language host's own entry (`@pulumi/pulumi/cmd/run`) in a child process, talking gRPC
 * to a resource monitor and engine on 127.0.0.1. The monitor is Pulumi's MockMonitor, served over
 * gRPC, so it answers registrations as `monitoring plan` does, and it records what it saw.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = pulumiRequire("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const resourceGrpc = pulumiRequire("./proto/resource_grpc_pb");
const resourcePb = pulumiRequire("./proto/resource_pb");
const engineGrpc = pulumiRequire("./proto/engine_grpc_pb");
const emptyPb = pulumiRequire("google-protobuf/google/protobuf/empty_pb");

export interface HostedResource {
  urn: string;
  type: string;
  name: string;
  parent: string;
  /** The inputs as the program sent them (Pulumi's wire form: secrets wrapped, unknowns marked). */
  inputs: Record<string, unknown>;
}

export interface HostRun {
  code: number | null;
  stdout: string;
  stderr: string;
  resources: HostedResource[];
  /** Messages the program logged through the engine, with their severity. */
  logs: { severity: number; message: string }[];
  /** The stack's outputs as the engine receives them (secrets in Pulumi's wire form). */
  stackOutputs: Record<string, unknown>;
}

/** What the fake engine answers a registration with: the resource's output state. */
export type StateOf = (args: { type: string; name: string; inputs: Record<string, unknown> }) => Record<string, unknown>;

type Callback = (err: unknown, response?: unknown) => void;
/** engine.proto LogSeverity.ERROR */
export const SEVERITY_ERROR = 3;
type Call = { request: any };

/** Runs `main` through the real language host with the given config, as the engine would hand it over. */
export async function runThroughHost(opts: {
  root: string;
  main: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
  /** Output state per registration; default: the inputs, as `monitoring plan` answers. */
  state?: StateOf;
}): Promise<HostRun> {
  const resources: HostedResource[] = [];
  const logs: HostRun["logs"] = [];
  let stackOutputs: Record<string, unknown> = {};
  const mock = new MockMonitor({
    newResource: (args) => ({ id: args.custom ? `${args.name}-id` : undefined, state: opts.state ? opts.state(args) : args.inputs }),
    call: () => ({}),
  });
  // The mock builds URNs from this process's settings; give it the project and stack instead.
  (mock as unknown as { newUrn: (parent: string, type: string, name: string) => string }).newUrn = (parent, type, name) => {
    const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    return `urn:pulumi:${opts.stack}::${opts.project}::${qualified}::${name}`;
  };

  // After a program error the host lingers ~30 s before exiting (its gRPC clients stay open);
  // the real engine stops it then. Do the same, once the error has been logged.
  let onError = () => {};
  const server = new grpc.Server();
  const serve = (service: unknown, impl: Record<string, (call: Call, cb: Callback) => unknown>) =>
    server.addService(service as import("@grpc/grpc-js").ServiceDefinition, impl as unknown as import("@grpc/grpc-js").UntypedServiceImplementation);
  serve(resourceGrpc.ResourceMonitorService, {
    supportsFeature: (call: Call, cb: Callback) => {
      const id = call.request.getId();
      const res = new resourcePb.SupportsFeatureResponse();
      // What the real engine supports that this program relies on; outputValues stays off as in mocks.
      res.setHassupport(["secrets", "resourceReferences"].includes(id));
      cb(null, res);
    },
    registerResource: (call: Call, cb: Callback) =>
      mock.registerResource(call.request, (err: unknown, res: any) => {
        if (!err) {
          resources.push({ urn: res.getUrn(), type: call.request.getType(), name: call.request.getName(), parent: call.request.getParent(), inputs: call.request.getObject()?.toJavaScript() ?? {} });
        }
        cb(err, res);
      }),
    registerResourceOutputs: (call: Call, cb: Callback) => {
      if (String(call.request.getUrn()).includes("::pulumi:pulumi:Stack::")) stackOutputs = call.request.getOutputs()?.toJavaScript() ?? {};
      cb(null, new emptyPb.Empty());
    },
    invoke: (call: Call, cb: Callback) => mock.invoke(call.request, cb),
    readResource: (call: Call, cb: Callback) => mock.readResource(call.request, cb),
    registerPackage: (call: Call, cb: Callback) => mock.registerPackage(call.request, cb),
    signalAndWaitForShutdown: (_call: Call, cb: Callback) => cb(null, new emptyPb.Empty()),
  });
  serve(engineGrpc.EngineService, {
    log: (call: Call, cb: Callback) => {
      const severity: number = call.request.getSeverity();
      logs.push({ severity, message: call.request.getMessage() });
      cb(null, new emptyPb.Empty());
      if (severity === SEVERITY_ERROR) onError();
    },
    getRootResource: (_call: Call, cb: Callback) => cb({ code: grpc.status.UNIMPLEMENTED }),
    setRootResource: (_call: Call, cb: Callback) => cb({ code: grpc.status.UNIMPLEMENTED }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );

  try {
    const host = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run");
    const addr = `127.0.0.1:${port}`;
    const child = spawn(
      process.execPath,
      [host, `--monitor=${addr}`, `--engine=${addr}`, `--project=${opts.project}`, `--stack=${opts.stack}`, `--pwd=${opts.root}`, `--root-directory=${opts.root}`, "--dry-run", opts.main],
      {
        cwd: opts.root,
        env: {
          ...process.env,
          PULUMI_CONFIG: JSON.stringify(opts.config),
          PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(opts.secretKeys),
          // What the language host sets for `runtime.options.typescript: false`.
          PULUMI_NODEJS_TYPESCRIPT: "false",
        },
      },
    );
    onError = () => setTimeout(() => child.kill(), 1000);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    return { code, stdout, stderr, resources, logs, stackOutputs };
  } finally {
    server.forceShutdown();
  }
}
