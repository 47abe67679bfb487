/**
 * The resolved model of a stack for the commands that need no Pulumi runtime (`check`, `cost`,
 * `import`): the compiled definitions and the stack's config through the same resolve step as
 * the program (src/pipeline.ts).
 */
import { loadDefinitions } from "../definitions";
import { validateStack } from "../pipeline";
import type { Problem, ResolvedModel } from "../resolve";
import type { RawConfig } from "../settings";
import { readProject, readStackConfig } from "./project";

export interface StackModel {
  model?: ResolvedModel;
  /** The model when only vendors' problems (plan limits, ...) stand in the way (see validateStack). */
  resolved?: ResolvedModel;
  problems: Problem[];
  services: readonly unknown[];
  config: RawConfig;
}

/** Resolves a stack; `adjust` may change the config first (e.g. `check --base-url`). */
export function stackModel(root: string, stack: string, adjust?: (config: RawConfig, services: readonly unknown[]) => RawConfig): StackModel {
  const project = readProject(root);
  const { config: raw } = readStackConfig(project, stack);
  const { services, problems: unloadable } = loadDefinitions(root);
  if (unloadable.length > 0) return { problems: unloadable, services, config: raw };
  const config = adjust ? adjust(raw, services) : raw;
  const { model, resolved, problems } = validateStack({ stack, services, config });
  return { model, resolved, problems, services, config };
}
