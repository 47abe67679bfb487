/**
 * `monitoring plan`: runs the real program under Pulumi's mock monitor with the stack's config
 * handed over exactly as the Pulumi CLI would, and records every resource it registers.
 *
 * The program is loaded the way the Pulumi Node.js host loads it (cmd/run/run.js): `main` from
 * Pulumi.yaml is `require`d inside `runInPulumiStack`, and an exported function is called.
 * Secrets are recorded from the wire format, where Pulumi marks them, so a secret is never
 * rendered, whatever the target did with it.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import * as runtimeStack from "@pulumi/pulumi/runtime/stack";
import { readProject, readStackConfig, type Project } from "./project";

export const SECRET_MARK = "[secret]";
export const UNKNOWN_MARK = "[computed]";

export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  /** URN of the parent resource (the stack for top-level components). */
  parent?: string;
  custom: boolean;
  /** Inputs with secrets replaced by "[secret]"; dynamic providers' code left out. */
  inputs: Record<string, unknown>;
  /** Paths of the inputs that are secrets, e.g. `settings.phone`. */
  secretInputs: string[];
}

export interface Plan {
  project: string;
  stack: string;
  resources: PlannedResource[];
  warnings: string[];
}

export interface PlanFailure {
  /** The program's own error text (for a ValidationFailed, the list of problems). */
  message: string;
  validation: boolean;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> };
}

/** A mock monitor that also records what was registered, from the serialized (secret-marked) inputs. */
class RecordingMonitor extends MockMonitor {
  readonly recorded: PlannedResource[] = [];
  /** Serialized text of every dynamic provider, for secret canaries. */
  readonly providerTexts: string[] = [];

  override async registerResource(req: RegisterRequest, callback: (err: unknown, response: unknown) => void): Promise<void> {
    const raw = req.getObject().toJavaScript();
    return super.registerResource(req, (err: unknown, response: unknown) => {
      if (!err && response) {
        const secretInputs: string[] = [];
        const inputs: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(raw)) {
          if (key === "__provider") {
            if (typeof value === "string") this.providerTexts.push(value);
            continue;
          }
          inputs[key] = present(value, key, secretInputs);
        }
        this.recorded.push({
          urn: (response as { getUrn(): string }).getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || undefined,
          custom: req.getCustom(),
          inputs,
          secretInputs,
        });
      }
      callback(err, response);
    });
  }
}

/** Turns Pulumi's wire format into plain values, masking secrets and naming unknowns. */
function present(value: unknown, path: string, secrets: string[]): unknown {
  if (value === rpc.unknownValue) return UNKNOWN_MARK;
  if (Array.isArray(value)) return value.map((v, i) => present(v, `${path}[${i}]`, secrets));
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[rpc.specialSigKey];
    if (sig === rpc.specialSecretSig) {
      secrets.push(path);
      return SECRET_MARK;
    }
    if (sig === rpc.specialResourceSig) return obj.urn;
    if (sig === rpc.specialAssetSig || sig === rpc.specialArchiveSig) return "[asset]";
    if (sig === rpc.specialOutputValueSig) {
      if (obj.secret) {
        secrets.push(path);
        return SECRET_MARK;
      }
      return "value" in obj ? present(obj.value, path, secrets) : UNKNOWN_MARK;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = present(v, path ? `${path}.${k}` : k, secrets);
    return out;
  }
  return value;
}

export interface RunOptions {
  root: string;
  stack: string;
}

export interface PlanRun {
  plan?: Plan;
  failure?: PlanFailure;
  /** Serialized dynamic providers (for tests that look for leaked secrets). */
  providerTexts: string[];
}

/**
 * Runs the program once. Pulumi's runtime is process-global: call this once per process
 * (the CLI does; tests run it in a subprocess).
 */
export async function runPlan({ root, stack }: RunOptions): Promise<PlanRun> {
  const project: Project = readProject(root);
  const { config, secretKeys } = readStackConfig(project, stack);

  const monitor = new RecordingMonitor({
    newResource: (args) => ({ id: args.custom ? `${args.name}-id` : undefined, state: args.inputs }),
    call: () => ({}),
  });
  // setMocks turns on the features the mock monitor supports (secrets, resource references);
  // then the recording monitor takes its place.
  await pulumi.runtime.setMocks({ newResource: () => ({ id: undefined, state: {} }), call: () => ({}) }, project.name, stack, true);
  runtimeSettings.setMockOptions(monitor, project.name, stack, true);
  pulumi.runtime.setAllConfig(config, secretKeys);

  const warnings: string[] = [];
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    const m = /^warning: \[runtime\] (.*)$/s.exec(text);
    if (m) warnings.push(m[1]);
    else originalWarn(...args);
  };
  try {
    await runtimeStack.runInPulumiStack(async () => {
      // Exactly what the Pulumi Node.js host does with a CommonJS `main`.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const programExport: unknown = require(project.main);
      const invoked = programExport instanceof Function ? programExport() : programExport;
      return await invoked;
    });
    // Internal to @pulumi/pulumi (not in its typings): wait until every registration has been answered.
    await (runtimeSettings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  } catch (e) {
    const err = e as Error;
    const validation = err?.name === "ValidationFailed" || err?.name === "RunError";
    return { failure: { message: err?.message ?? String(e), validation }, providerTexts: monitor.providerTexts };
  } finally {
    console.warn = originalWarn;
  }
  const resources = monitor.recorded.filter((r) => r.type !== runtimeStack.rootPulumiStackTypeName);
  return { plan: { project: project.name, stack, resources, warnings }, providerTexts: monitor.providerTexts };
}
