/**
 * The Pulumi program (Pulumi.yaml `main: dist/src/program.js`): load → resolve → targets.
 *
 * `pulumi up` runs it with real providers; `monitoring plan` runs the very same module under
 * Pulumi's mocks. It exports a function, which the Pulumi Node.js host calls inside the stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { assertBuildFresh } from "./build-state";
import { loadServices } from "./definitions";
import { formatProblem } from "./resolve";
import { provision } from "./provision";
import { load } from "./pipeline";

async function main(): Promise<Record<string, unknown>> {
  assertBuildFresh();
  const stack = pulumi.getStack();
  const services = loadServices(stack);
  const model = load({ stack, services, config: pulumi.runtime.allConfig() });
  for (const warning of model.warnings) pulumi.log.warn(formatProblem(stack, warning));
  return provision(model);
}

export = main;
