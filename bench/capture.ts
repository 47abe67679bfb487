/**
 * What the engine floor replays: every registration `monitoring plan` makes for a stack (its own
 * runPlan, watched), in the order the monitor received them, with the inputs in Pulumi's wire
 * format (secrets still marked, values unmasked), the stack's outputs, and for each resource the
 * property names its class declared (inputs left undefined and outputs such as `monitorId`, which
 * the wire leaves out but for which the SDK makes an Output all the same). Each dynamic
 * resource's serialized provider is measured (its bytes), not kept.
 *
 * `node dist/bench/capture.js <project> <stack> <out.json>` (run in the project's folder).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runPlan } from "../src/cli/plan";
import { readProject, readStackConfig } from "../src/cli/project";

export interface Registration {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  urn: string;
  /** The mock's id (custom resources): `<name>-id`. */
  id: string;
  /** Wire format; `__provider` (a dynamic resource's serialized provider) left out. */
  inputs: Record<string, unknown>;
  /** Every property the resource's class handed the SDK, `__provider` left out. */
  declared: string[];
  /** Bytes of the serialized provider (dynamic resources). */
  providerBytes?: number;
}

export interface Capture {
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
  registrations: Registration[];
  /** Wire format. */
  stackOutputs: Record<string, unknown>;
}

const PROVIDER = "__provider";

/**
 * Records the property names each resource hands the SDK. `transferProperties` is internal to
 * @pulumi/pulumi (runtime/rpc.js, called for every resource with its whole property bag, labelled
 * `resource:<name>[<type>]`); if a later SDK changes it, this says so instead of measuring wrong.
 */
function watchDeclaredProperties(): { declared: Map<string, string[]>; stop(): void } {
  // The module object itself (not an import's read-only namespace), which runtime/resource.js calls through.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("@pulumi/pulumi/runtime/rpc") as { transferProperties: (onto: unknown, label: string, props: Record<string, unknown>) => unknown };
  const original = mod.transferProperties;
  if (typeof original !== "function") throw new Error("capture: @pulumi/pulumi/runtime/rpc has no transferProperties (expected the SDK this project pins)");
  const declared = new Map<string, string[]>();
  mod.transferProperties = function (this: unknown, onto, label, props) {
    declared.set(label, Object.keys(props).filter((k) => k !== PROVIDER));
    return original.call(this, onto, label, props);
  };
  return { declared, stop: () => void (mod.transferProperties = original) };
}

export async function capture(root: string, stack: string): Promise<Capture> {
  const project = readProject(root);
  const { config, secretKeys } = readStackConfig(project, stack);
  const registrations: Registration[] = [];
  let stackOutputs: Record<string, unknown> = {};
  const watch = watchDeclaredProperties();
  try {
    const run = await runPlan({
      root,
      stack,
      observer: {
        registered({ inputs: raw, ...r }) {
          const { [PROVIDER]: provider, ...inputs } = raw;
          const providerBytes = typeof provider === "string" ? Buffer.byteLength(provider) : undefined;
          registrations.push({ ...r, inputs, declared: [], ...(providerBytes === undefined ? {} : { providerBytes }) });
        },
        stackOutputs: (outputs) => void (stackOutputs = outputs),
      },
    });
    if (!run.plan) throw new Error(`the plan of ${stack} failed: ${run.failure?.message}`);
  } finally {
    watch.stop();
  }
  const resources = registrations.filter((r) => r.type !== "pulumi:pulumi:Stack");
  for (const r of resources) r.declared = watch.declared.get(`resource:${r.name}[${r.type}]`) ?? Object.keys(r.inputs);
  return { project: project.name, stack, config, secretKeys: [...secretKeys], registrations: resources, stackOutputs };
}

if (require.main === module) {
  const [root, stack, out] = process.argv.slice(2);
  capture(path.resolve(root), stack).then(
    (c) => fs.writeFileSync(out, JSON.stringify(c)),
    (e: unknown) => {
      process.stderr.write(`capture: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
