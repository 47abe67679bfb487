/**
 * The resolved model of a stack for the commands that need no Pulumi runtime (`check`, `cost`,
 * `import`): the compiled definitions and the stack's config through the same resolve step as
 * the program (src/pipeline.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { validateStack } from "../pipeline";
import type { Problem, ResolvedModel } from "../resolve";
import type { RawConfig } from "../settings";
import { readProject, readStackConfig, UsageError } from "./project";

/** The services of the compiled definitions (dist/monitors/index.js), as the program loads them. */
export function loadServices(root: string): readonly unknown[] {
  const file = path.join(root, "dist", "monitors", "index.js");
  if (!fs.existsSync(file)) throw new UsageError(`${path.relative(root, file)}: not built (expected the compiled definitions; run \`npm run build\`)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { services?: unknown };
  if (!Array.isArray(mod.services)) throw new UsageError("monitors/index.ts: expected it to export `services`, an array of service definitions");
  return mod.services;
}

export interface StackModel {
  model?: ResolvedModel;
  problems: Problem[];
  services: readonly unknown[];
  config: RawConfig;
}

/** Resolves a stack; `adjust` may change the config first (e.g. `check --base-url`). */
export function stackModel(root: string, stack: string, adjust?: (config: RawConfig, services: readonly unknown[]) => RawConfig): StackModel {
  const project = readProject(root);
  const { config: raw } = readStackConfig(project, stack);
  const services = loadServices(root);
  const config = adjust ? adjust(raw, services) : raw;
  const { model, problems } = validateStack({ stack, services, config });
  return { model, problems, services, config };
}
