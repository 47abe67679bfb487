/**
 * The engine floor: the least a Pulumi program can do to register what the project's program
 * registers. It loads the same Pulumi SDKs, runs under the same mocks as `monitoring plan`, and
 * registers the captured resources (./capture: same types, names, parents, inputs, secrets and
 * references, in the same order) with the SDKs' own resource classes, or, for the dynamic types,
 * as plain custom resources declaring the same properties (as a native provider's SDK class
 * would). No model, no validation, no dynamic providers, no recording, no project code.
 *
 * `node dist/bench/engine-floor.js <capture.json>` (run in the project's folder). Reading and
 * parsing the capture is not the floor's work: it writes the CPU it took to stderr as
 * `setupCpuUs=<n>` for the benchmark to subtract.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import * as runtimeStack from "@pulumi/pulumi/runtime/stack";
import { PLAN_MOCKS } from "../src/cli/plan-mocks";
import type { Capture, Registration } from "./capture";

/** The Node SDK of each Pulumi package the program uses. */
const SDKS: Record<string, string> = { cloudflare: "@pulumi/cloudflare", grafana: "@pulumiverse/grafana" };

type ResourceClass = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The SDK class of a type token: `grafana:alerting/ruleGroup:RuleGroup` is `grafana.alerting.RuleGroup`. */
function sdkClass(type: string): ResourceClass | undefined {
  const m = /^([^:]+):([^/]+)\/[^:]+:(.+)$/.exec(type);
  if (!m || !SDKS[m[1]]) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require(SDKS[m[1]]) as Record<string, Record<string, unknown>>;
  const ns = m[2] === "index" ? (sdk as Record<string, unknown>) : sdk[m[2]];
  const cls = ns?.[m[3]] as (ResourceClass & { __pulumiType?: string }) | undefined;
  if (!cls || cls.__pulumiType !== type) throw new Error(`engine floor: no SDK class for ${type}`);
  return cls;
}

/** Wire values back to program inputs: secrets re-marked, references to resources and their ids as the resources' outputs. */
function inputOf(value: unknown, byUrn: Map<string, pulumi.Resource>, byId: Map<string, pulumi.CustomResource>): unknown {
  if (typeof value === "string") return byId.get(value)?.id ?? value;
  if (Array.isArray(value)) return value.map((v) => inputOf(v, byUrn, byId));
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[rpc.specialSigKey];
    if (sig === rpc.specialSecretSig) return pulumi.secret(inputOf(obj.value, byUrn, byId));
    if (sig === rpc.specialResourceSig) return byUrn.get(String(obj.urn)) ?? obj.urn;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = inputOf(v, byUrn, byId);
    return out;
  }
  return value;
}

class Component extends pulumi.ComponentResource {
  done(): void {
    this.registerOutputs({});
  }
}

/** A dynamic type's stand-in: a custom resource of that type, with no provider behind it. */
class Custom extends pulumi.CustomResource {
  constructor(type: string, name: string, props: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
    super(type, name, props, opts);
  }
}

/** The inputs, and every other declared property (outputs, unset inputs) as undefined. */
function withDeclared(inputs: Record<string, unknown>, declared: readonly string[]): Record<string, unknown> {
  const props: Record<string, unknown> = { ...inputs };
  for (const k of declared) if (!(k in props)) props[k] = undefined;
  return props;
}

function register(capture: Capture): Record<string, unknown> {
  const byUrn = new Map<string, pulumi.Resource>();
  const byId = new Map<string, pulumi.CustomResource>();
  const components: Component[] = [];
  for (const r of capture.registrations as Registration[]) {
    const parent = byUrn.get(r.parent);
    const opts = parent ? { parent } : {};
    const inputs = inputOf(r.inputs, byUrn, byId) as Record<string, unknown>;
    let res: pulumi.Resource;
    if (!r.custom) {
      const c = new Component(r.type, r.name, inputs, opts);
      components.push(c);
      res = c;
    } else {
      const cls = sdkClass(r.type);
      const custom = cls ? new cls(r.name, inputs, opts) : new Custom(r.type, r.name, withDeclared(inputs, r.declared), opts);
      if (r.id) byId.set(r.id, custom);
      res = custom;
    }
    byUrn.set(r.urn, res);
  }
  for (const c of components) c.done();
  return inputOf(capture.stackOutputs, byUrn, byId) as Record<string, unknown>;
}

/** Registers the capture under `mocks` (those of `monitoring plan` unless a test watches). */
export async function runFloor(capture: Capture, mocks: pulumi.runtime.Mocks = PLAN_MOCKS): Promise<number> {
  await pulumi.runtime.setMocks(mocks, capture.project, capture.stack, true);
  pulumi.runtime.setAllConfig(capture.config, capture.secretKeys);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const sdk of Object.values(SDKS)) require(sdk); // the program loads them all
  await runtimeStack.runInPulumiStack(async () => register(capture));
  // Internal to @pulumi/pulumi (not in its typings), as `monitoring plan` uses it: every registration answered.
  await (runtimeSettings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return capture.registrations.length;
}

if (require.main === module) {
  const before = process.cpuUsage();
  const capture = JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as Capture;
  const setup = process.cpuUsage(before);
  process.stderr.write(`setupCpuUs=${setup.user + setup.system}\n`);
  runFloor(capture).then(
    (n) => process.stdout.write(`${n} resources registered\n`),
    (e: unknown) => {
      process.stderr.write(`engine floor: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
