/**
 * What Pulumi's mock monitor answers `monitoring plan` with: a custom resource's id is
 * `<name>-id`, and its state is its inputs. The benchmark's engine floor (bench/engine-floor.ts)
 * registers under the very same answers; this module loads nothing, so the floor loads no project code.
 */
import type * as pulumi from "@pulumi/pulumi";

export const PLAN_MOCKS: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: args.custom ? `${args.name}-id` : undefined, state: args.inputs }),
  call: () => ({}),
};
