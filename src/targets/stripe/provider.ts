/**
 * Stripe webhook endpoint as a Pulumi dynamic resource. The provider serialized into state is a
 * thin stub (../dynamic/stub) that runs the kind (./webhook-endpoint) from the project's build,
 * over the official `stripe` SDK. Credentials come from `configure()` (stack config
 * `stripe:apiKey`, a secret) or STRIPE_API_KEY, never from the program's closure.
 *
 * `dynamicKinds` is what the runtime entry (../dynamic/entry) looks kinds up in: a kind once
 * registered here stays, under the same id, for as long as any state may hold it.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, kindTable, moduleAndType, replaceOnChangeTable, stubFor, withSecretOutputs } from "../dynamic/resources";
import { webhookEndpointKind, type WebhookEndpointInputs } from "./webhook-endpoint";

export { knownStripeEvents } from "./events";
export type { WebhookEndpointInputs } from "./webhook-endpoint";

/** The kinds by id, for the runtime entry. */
export const dynamicKinds = kindTable([webhookEndpointKind]);

/** Input fields whose change forces replacement, by resource type token (read by `monitoring diff`). */
export const replaceOnChange: Readonly<Record<string, readonly string[]>> = replaceOnChangeTable([webhookEndpointKind]);

/** The provider object that gets serialized (a thin stub). */
export const webhookEndpointProvider = stubFor(webhookEndpointKind);

export type WebhookEndpointArgs = { [K in keyof WebhookEndpointInputs]: pulumi.Input<WebhookEndpointInputs[K]> };

/** A Stripe webhook endpoint. `secret` (the signing secret) is a secret output. */
export class WebhookEndpoint extends DynamicResource {
  declare readonly endpointId: pulumi.Output<string>;
  declare readonly secret: pulumi.Output<string | undefined>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: WebhookEndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      webhookEndpointProvider,
      name,
      { ...args, endpointId: undefined, secret: undefined, status: undefined },
      withSecretOutputs(opts, webhookEndpointKind),
      ...moduleAndType(webhookEndpointKind),
    );
  }
}
