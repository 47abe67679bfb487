/**
 * load → resolve → vendor problems: the one path from definitions and stack config to a model
 * that the vendor modules can provision. The Pulumi program and every CLI command go through it.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatProblem, resolve, type Problem, type ResolvedModel } from "./resolve";
import type { RawConfig } from "./settings";
import { enabledVendors, VENDORS } from "./targets";

/** Thrown when definitions or settings are wrong; Pulumi prints a RunError without a stack trace. */
export class ValidationFailed extends pulumi.RunError {
  constructor(stack: string, problems: readonly Problem[]) {
    const errors = problems.filter((p) => p.level === "error");
    super(
      `${errors.length} problem${errors.length === 1 ? "" : "s"} in the monitoring definitions for stack ${stack}; nothing was provisioned:\n` +
        problems.map((p) => `  ${p.level === "warning" ? "warning: " : ""}${formatProblem(stack, p)}`).join("\n"),
    );
    this.name = "ValidationFailed";
  }
}

export interface LoadInput {
  stack: string;
  services: readonly unknown[];
  config: RawConfig;
}

export interface Validation {
  /** The model, when there are no errors at all: what may be provisioned. */
  model?: ResolvedModel;
  /**
   * The model when the definitions and settings resolve and only vendors' problems (plan limits,
   * mapping, delivery) stand in the way: enough to say which tiers the stack needs.
   */
  resolved?: ResolvedModel;
  /** Errors and warnings, each once. */
  problems: Problem[];
}

/** Every problem (errors and warnings) of a stack, and the model when there are no errors. */
export function validateStack(input: LoadInput): Validation {
  const resolution = resolve({ ...input, vendors: VENDORS });
  if (!resolution.model) return { problems: unique(resolution.problems) };
  const resolvedCleanly = !resolution.problems.some((p) => p.level === "error");
  const model = resolution.model;
  const problems = [...resolution.problems];
  for (const vendor of enabledVendors(model)) problems.push(...vendor.problems(model, model.settings.vendors[vendor.name]));
  const once = unique(problems);
  const result = { ...model, warnings: once.filter((p) => p.level === "warning") };
  if (problems.some((p) => p.level === "error")) return { ...(resolvedCleanly ? { resolved: result } : {}), problems: once };
  return { model: result, resolved: result, problems: once };
}

/** Each problem once: the same place and words from two checks are one thing to fix. */
function unique(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.level}\0${p.where}\0${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** What the last successful `load` of this process returned (see takeLoadedModel). */
let lastLoaded: { stack: string; model: ResolvedModel } | undefined;

/** The model, or a ValidationFailed listing every problem. */
export function load(input: LoadInput): ResolvedModel {
  const { model, problems } = validateStack(input);
  if (!model) throw new ValidationFailed(input.stack, problems);
  lastLoaded = { stack: input.stack, model };
  return model;
}

/**
 * The model the program's last `load` of this stack produced in this process, once (it is
 * forgotten when taken): `monitoring plan` prices the model the program provisioned rather than
 * resolving the stack a second time.
 */
export function takeLoadedModel(stack: string): ResolvedModel | undefined {
  const taken = lastLoaded?.stack === stack ? lastLoaded.model : undefined;
  lastLoaded = undefined;
  return taken;
}
