/**
 * The runtime entry the serialized stubs (./stub) load from the project's build: maps a kind id to
 * the real provider, with no registry to edit when a vendor is added. By convention a kind
 * "<vendor>:<Type>" is exported, under that id, in the `dynamicKinds` of
 * src/targets/<vendor>/provider.ts.
 *
 * STABILITY: this file's compiled path (ENTRY in ./stub) and `providerFor` are called by provider
 * text stored in state; keep both.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AnyKind } from "./kind";
import { KindProvider } from "./kind-provider";

/** `<vendor>:<Type>`: a vendor folder name (lower case, digits, inner dashes) and a type name. Nothing else can reach a path. */
const KIND_ID = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*):([A-Z][A-Za-z0-9]*)$/;

/** The kinds a vendor's provider module declares, keyed by kind id. */
export function vendorKinds(vendor: string): Readonly<Record<string, AnyKind>> {
  const file = path.join(__dirname, "..", vendor, "provider.js");
  if (!fs.existsSync(file)) throw new Error(`no vendor "${vendor}" in this build (expected src/targets/${vendor}/provider.ts; run \`npm run build\`)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { dynamicKinds?: Readonly<Record<string, AnyKind>> };
  return mod.dynamicKinds ?? {};
}

/** The kind with this id; throws a clear error for an id that is malformed or unknown to this build. */
export function kindFor(id: string): AnyKind {
  const m = KIND_ID.exec(id);
  if (!m) throw new Error(`"${id}" is not a dynamic kind id (expected <vendor>:<Type>, e.g. uptimerobot:Monitor)`);
  const kinds = vendorKinds(m[1]);
  const kind = Object.prototype.hasOwnProperty.call(kinds, id) ? kinds[id] : undefined;
  if (!kind || kind.id !== id) {
    throw new Error(`no dynamic kind "${id}" in src/targets/${m[1]}/provider.ts (expected one of ${Object.keys(kinds).join(", ") || "none"}; kinds in state must never be removed)`);
  }
  return kind;
}

/** A new, unconfigured provider for the kind (the stub configures it). */
export function providerFor(id: string): dynamic.ResourceProvider {
  return new KindProvider(kindFor(id));
}
