/**
 * What a vendor's provider module (src/targets/<vendor>/provider.ts) builds from its kinds: the
 * `dynamicKinds` table the entry reads, the serializable stubs, the resource type tokens, the
 * replace-on-change table `monitoring diff` reads, and the options that keep secret outputs secret.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AnyKind } from "./kind";
import { DynamicProviderStub, ENTRY, serializedStub } from "./stub";

/** The kinds keyed by id, as the entry looks them up. */
export function kindTable(kinds: readonly AnyKind[]): Readonly<Record<string, AnyKind>> {
  return Object.freeze(Object.fromEntries(kinds.map((k) => [k.id, k])));
}

/** The provider object of a kind's resources (serialized into each one's `__provider`). */
export function stubFor(kind: Pick<AnyKind, "id">): DynamicProviderStub {
  return new DynamicProviderStub(kind.id, ENTRY);
}

/**
 * `pulumi.dynamic.Resource`, taking the same arguments, with the stub's text written by
 * `serializedStub` instead of Pulumi's closure serializer (see there why). The engine sees the same
 * thing: type `pulumi-nodejs:dynamic/<module>:<type>` and the provider's text in `__provider`.
 */
export class DynamicResource extends pulumi.CustomResource {
  constructor(provider: DynamicProviderStub, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions, module?: string, type = "Resource") {
    super(`pulumi-nodejs:dynamic${module ? `/${module}` : ""}:${type}`, name, { ...props, __provider: serializedStub(provider) }, opts);
  }
}

/** The `module` and `type` arguments of `pulumi.dynamic.Resource`: the token is `pulumi-nodejs:dynamic/<module>:<type>`. */
export function moduleAndType(kind: Pick<AnyKind, "id">): [string, string] {
  const [module, type] = kind.id.split(":");
  return [module, type];
}

function typeToken(kind: Pick<AnyKind, "id">): string {
  return `pulumi-nodejs:dynamic/${kind.id}`;
}

/** Input fields whose change forces replacement, keyed by resource type token (from the kinds' own declarations). */
export function replaceOnChangeTable(kinds: readonly Pick<AnyKind, "id" | "replaceOnChange">[]): Readonly<Record<string, readonly string[]>> {
  return Object.freeze(Object.fromEntries(kinds.map((k) => [typeToken(k), Object.freeze([...k.replaceOnChange])])));
}

/** Resource options with the kind's secrets added to the secret outputs. */
export function withSecretOutputs(opts: pulumi.CustomResourceOptions | undefined, kind: Pick<AnyKind, "secrets">): pulumi.CustomResourceOptions {
  if (kind.secrets.length === 0) return { ...opts };
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...kind.secrets] };
}

/** A secret input when set (undefined stays undefined, so the input is left out). */
export function secretIfSet(v: pulumi.Input<string | undefined> | undefined): pulumi.Input<string | undefined> | undefined {
  return v === undefined ? undefined : pulumi.secret(v);
}
