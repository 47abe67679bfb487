/**
 * Better Stack log sources as a Pulumi dynamic resource. The provider serialized into state is a
 * thin stub (../dynamic/stub) that runs the kind (./source) from the project's build. Credentials
 * come from `configure()` (stack config `betterstack:apiToken`, a secret) or BETTERSTACK_API_TOKEN,
 * never from the program's closure.
 *
 * `dynamicKinds` is what the runtime entry (../dynamic/entry) looks kinds up in: a kind once
 * registered here stays, under the same id, for as long as any state may hold it.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, kindTable, moduleAndType, replaceOnChangeTable, stubFor, withSecretOutputs } from "../dynamic/resources";
import { sourceKind, type SourceInputs } from "./source";

export type { SourceInputs, VendorSource } from "./source";

/** The kinds by id, for the runtime entry. */
export const dynamicKinds = kindTable([sourceKind]);

/** Input fields whose change forces replacement, by resource type token (read by `monitoring diff`). */
export const replaceOnChange: Readonly<Record<string, readonly string[]>> = replaceOnChangeTable([sourceKind]);

/** The provider object that gets serialized (a thin stub). */
export const sourceProvider = stubFor(sourceKind);

export type SourceArgs = { [K in keyof SourceInputs]: pulumi.Input<SourceInputs[K]> };

/** A Better Stack log source. `token` (the ingest token the app sends logs with) is a secret output. */
export class Source extends DynamicResource {
  declare readonly sourceId: pulumi.Output<string>;
  declare readonly token: pulumi.Output<string | undefined>;
  declare readonly ingestingHost: pulumi.Output<string | undefined>;
  declare readonly tableName: pulumi.Output<string | undefined>;

  constructor(name: string, args: SourceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      sourceProvider,
      name,
      { ...args, sourceId: undefined, token: undefined, ingestingHost: undefined, tableName: undefined },
      withSecretOutputs(opts, sourceKind),
      ...moduleAndType(sourceKind),
    );
  }
}
