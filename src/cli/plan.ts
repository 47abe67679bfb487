/**
 * `monitoring plan`: runs the real program under Pulumi's mock monitor with the stack's config
 * handed over exactly as the Pulumi CLI would, and records every resource it registers.
 *
 * The program is loaded the way the Pulumi Node.js host loads it (cmd/run/run.js): `main` from
 * Pulumi.yaml is `require`d inside `runInPulumiStack`, and an exported function is called.
 * Secrets are recorded from the wire format, where Pulumi marks them, so a secret is never
 * rendered, whatever the target did with it.
 */
import { createHmac } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import * as runtimeStack from "@pulumi/pulumi/runtime/stack";
import { takeLoadedModel } from "../pipeline";
import { readProject, readStackConfig, type Project } from "./project";
import { PLAN_MOCKS } from "./plan-mocks";
import { visibleSettings } from "./stack-settings";
import { costOfStack, planCost } from "./cost";

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
  /**
   * Per secret path, a fingerprint of its value so that `monitoring diff` can tell a rotated
   * secret from an unchanged one without seeing either: the first 8 hex digits of
   * HMAC-SHA256(key = project name + "\0" + path, message = the value as JSON).
   * `monitoring diff` keys it with a random key used for its two plans only, so nothing can be
   * learnt from a fingerprint. A plan saved with `plan --format json` is keyed by the project name
   * (so saved plans compare across machines): there a low-entropy secret such as a phone number
   * could be narrowed down by trying candidates (32 bits leave ~20 candidates among all 11-digit
   * numbers), so keep saved plan files out of public artifacts. Diff output never shows
   * fingerprints, only that a secret changed.
   * Absent when a secret's value is unknown at plan time.
   */
  secretFingerprints?: Record<string, string>;
}

export interface Plan {
  project: string;
  stack: string;
  resources: PlannedResource[];
  warnings: string[];
  /** The stack's settings as a reviewer may see them (secrets masked, encrypted values left out); absent in plans made by older versions. */
  settings?: Record<string, string>;
  /** What the stack costs a month, per vendor (the billed tier); absent in plans made by older versions. */
  cost?: PlanCost;
}

export interface PlanCost {
  /** Null for contract pricing. */
  totalUsdPerMonth: number | null;
  vendors: { vendor: string; tier: string; usdPerMonth: number | null }[];
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> };
}

/**
 * Sees what the program registers as the monitor receives it: each resource with its inputs in
 * Pulumi's wire format (secrets marked, values unmasked, a dynamic resource's `__provider`
 * included), and the stack's outputs. For measuring (bench/capture.ts); a plan needs none.
 */
export interface PlanObserver {
  registered(r: { type: string; name: string; parent: string; custom: boolean; urn: string; id: string; inputs: Record<string, unknown> }): void;
  stackOutputs(outputs: Record<string, unknown>): void;
}

interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/** A mock monitor that also records what was registered, from the serialized (secret-marked) inputs. */
class RecordingMonitor extends MockMonitor {
  readonly recorded: PlannedResource[] = [];

  constructor(
    private readonly project: string,
    private readonly observer: PlanObserver | undefined,
    ...args: ConstructorParameters<typeof MockMonitor>
  ) {
    super(...args);
  }

  override registerResourceOutputs(req: OutputsRequest, callback: (err: unknown, response: unknown) => void): void {
    if (this.observer && req.getUrn().includes(`::${runtimeStack.rootPulumiStackTypeName}::`)) this.observer.stackOutputs(req.getOutputs()?.toJavaScript() ?? {});
    super.registerResourceOutputs(req, callback);
  }

  override async registerResource(req: RegisterRequest, callback: (err: unknown, response: unknown) => void): Promise<void> {
    // The request's inputs as JavaScript, converted once: the mock monitor reads them from the same
    // conversion (its deserializeProperties only calls toJavaScript and builds new values), instead
    // of converting the protobuf Struct a second time for every registration.
    const raw = req.getObject().toJavaScript();
    const once = Object.assign(Object.create(req) as RegisterRequest, { getObject: () => ({ toJavaScript: () => raw }) });
    return super.registerResource(once, (err: unknown, response: unknown) => {
      if (!err && response) {
        if (this.observer) {
          const r = response as { getUrn(): string; getId(): string };
          this.observer.registered({ type: req.getType(), name: req.getName(), parent: req.getParent(), custom: req.getCustom(), urn: r.getUrn(), id: r.getId(), inputs: raw });
        }
        const secretInputs: string[] = [];
        const fingerprints: Record<string, string> = {};
        const inputs: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(raw)) {
          if (key === "__provider") continue;
          inputs[key] = present(value, key, secretInputs, (path, secret) => {
            fingerprints[path] = secretFingerprint(this.project, path, secret);
          });
        }
        this.recorded.push({
          urn: (response as { getUrn(): string }).getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || undefined,
          custom: req.getCustom(),
          inputs,
          secretInputs,
          ...(Object.keys(fingerprints).length > 0 ? { secretFingerprints: fingerprints } : {}),
        });
      }
      callback(err, response);
    });
  }
}

/**
 * Set by `monitoring diff` to a random key shared by the plans it compares, so that their
 * fingerprints cannot be tried against guesses by anyone who sees them (the key is never written).
 */
export const FINGERPRINT_KEY_ENV = "MONITORING_FINGERPRINT_KEY";

/**
 * See {@link PlannedResource.secretFingerprints}: 8 hex digits, keyed by the diff's one-off key
 * when there is one, else by the project name (the same on every machine, for saved plans).
 */
export function secretFingerprint(project: string, path: string, value: unknown, key = process.env[FINGERPRINT_KEY_ENV]): string {
  return createHmac("sha256", `${key || project}\0${path}`).update(JSON.stringify(value) ?? "undefined").digest("hex").slice(0, 8);
}

type SecretSeen = (path: string, value: unknown) => void;

/** Turns Pulumi's wire format into plain values, masking secrets and naming unknowns. */
function present(value: unknown, path: string, secrets: string[], seen?: SecretSeen): unknown {
  if (value === rpc.unknownValue) return UNKNOWN_MARK;
  if (Array.isArray(value)) return value.map((v, i) => present(v, `${path}[${i}]`, secrets, seen));
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[rpc.specialSigKey];
    if (sig === rpc.specialSecretSig) {
      secrets.push(path);
      if (obj.value !== rpc.unknownValue) seen?.(path, present(obj.value, path, [], undefined));
      return SECRET_MARK;
    }
    if (sig === rpc.specialResourceSig) return obj.urn;
    if (sig === rpc.specialAssetSig || sig === rpc.specialArchiveSig) return "[asset]";
    if (sig === rpc.specialOutputValueSig) {
      if (obj.secret) {
        secrets.push(path);
        if ("value" in obj && obj.value !== rpc.unknownValue) seen?.(path, present(obj.value, path, [], undefined));
        return SECRET_MARK;
      }
      return "value" in obj ? present(obj.value, path, secrets, seen) : UNKNOWN_MARK;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = present(v, path ? `${path}.${k}` : k, secrets, seen);
    return out;
  }
  return value;
}

export interface RunOptions {
  root: string;
  stack: string;
  observer?: PlanObserver;
}

export interface PlanRun {
  plan?: Plan;
  /** Why the program failed: its own error text (for a ValidationFailed, the list of problems). */
  failure?: { message: string };
}

/**
 * Runs the program once and records what it registers, with the stack's visible settings and its
 * monthly cost. Pulumi's runtime is process-global: each call sets it up afresh and waits for every
 * registration, so plans may follow one another in one process after a success (`monitoring diff`
 * does; test/plan-at-ref.test.ts holds them equal to plans made alone), never after a failure.
 */
export async function runPlan({ root, stack, observer }: RunOptions): Promise<PlanRun> {
  const project: Project = readProject(root);
  const { config, secretKeys } = readStackConfig(project, stack);

  const monitor = new RecordingMonitor(project.name, observer, PLAN_MOCKS);
  takeLoadedModel(stack); // a model left by an earlier run of this process is not this run's
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
  // As the Pulumi host does: a failing program also rejects promises the runtime holds (the
  // stack's outputs); they are the same failure, reported once below, never as a stack trace.
  const stray: unknown[] = [];
  const onRejection = (reason: unknown) => stray.push(reason);
  process.on("unhandledRejection", onRejection);
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
    if (stray.length > 0) throw stray[0];
  } catch (e) {
    return { failure: { message: (e as Error)?.message ?? String(e) } };
  } finally {
    console.warn = originalWarn;
    // Rejections of the failed run may still arrive on later ticks; keep swallowing them.
    setImmediate(() => process.off("unhandledRejection", onRejection));
  }
  const resources = monitor.recorded.filter((r) => r.type !== runtimeStack.rootPulumiStackTypeName);
  // The model the program just provisioned, priced; resolving the stack again cost as much as the
  // program's own validation. (A program loaded from another build than this CLI leaves none here.)
  const cost = costOfStack(root, stack, takeLoadedModel(stack));
  return { plan: { project: project.name, stack, resources, warnings, settings: visibleSettings(config), ...(cost ? { cost: planCost(cost) } : {}) } };
}
