/**
 * load → resolve → vendor limits: the one path from definitions and stack config to a model that
 * targets can provision. The Pulumi program and every CLI command go through it.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatProblem, resolve, type Problem, type ResolvedModel } from "./resolve";
import type { RawConfig } from "./settings";
import { TARGETS } from "./targets";

/** Thrown when definitions or settings are wrong; Pulumi prints a RunError without a stack trace. */
export class ValidationFailed extends pulumi.RunError {
  readonly problems: Problem[];
  readonly stackName: string;
  constructor(stack: string, problems: Problem[]) {
    const errors = problems.filter((p) => p.level === "error");
    super(
      `${errors.length} problem${errors.length === 1 ? "" : "s"} in the monitoring definitions for stack ${stack}; nothing was provisioned:\n` +
        problems.map((p) => `  ${p.level === "warning" ? "warning: " : ""}${formatProblem(stack, p)}`).join("\n"),
    );
    this.name = "ValidationFailed";
    this.problems = problems;
    this.stackName = stack;
  }
  static isValidationFailed(e: unknown): e is ValidationFailed {
    return e instanceof Error && e.name === "ValidationFailed" && Array.isArray((e as ValidationFailed).problems);
  }
}

export interface LoadInput {
  stack: string;
  services: readonly unknown[];
  config: RawConfig;
}

/** Every problem (errors and warnings) of a stack, and the model when there are no errors. */
export function check(input: LoadInput): { model?: ResolvedModel; problems: Problem[] } {
  const resolution = resolve(input);
  if (!resolution.model) return { problems: resolution.problems };
  const model = resolution.model;
  const problems = [...resolution.problems];
  for (const target of TARGETS) {
    if (model.settings.vendors[target.vendor].enabled) problems.push(...target.limits(model));
  }
  const warnings = problems.filter((p) => p.level === "warning");
  if (problems.some((p) => p.level === "error")) return { problems };
  return { model: { ...model, warnings }, problems };
}

/** The model, or a ValidationFailed listing every problem. */
export function load(input: LoadInput): ResolvedModel {
  const { model, problems } = check(input);
  if (!model) throw new ValidationFailed(input.stack, problems);
  return model;
}
