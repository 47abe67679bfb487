/**
 * What the Sentry kinds share: `sentryKind` completes a kind's semantics with its transport (a
 * collection scoped by organization and project, ids `org/project/123`), its config keys and the
 * duplicate message; and the normalisation of what Sentry rewrites on read.
 */
import { Checker } from "../../dynamic/checker";
import type { Kind } from "../../dynamic/kind";
import type { Props } from "../../dynamic/values";
import { CONFIG_KEYS, sentryTransport, settingsFrom, sharedClient, type Scoped, type ScopedBody, type SentryCollection } from "../client";

export type SentryKind<I extends object, V extends { id: string | number }> = Kind<I, V & Scoped, ScopedBody, ScopedBody>;

export type SentrySemantics<I extends object, V extends { id: string | number }> = Omit<SentryKind<I, V>, "vendor" | "configKeys" | "connect" | "duplicate" | "adoptable"> & {
  collection: SentryCollection<V>;
  /** 2 for `org/project/id`, 1 for `org/id`. */
  scopeLength: number;
};

export function sentryKind<I extends object, V extends { id: string | number }>(semantics: SentrySemantics<I, V>): SentryKind<I, V> & SentrySemantics<I, V> {
  return Object.assign(semantics, {
    vendor: "Sentry",
    configKeys: CONFIG_KEYS,
    adoptable: true,
    connect: (get: (key: string) => string | undefined) => sentryTransport<V>(sharedClient(settingsFrom(get, process.env)), semantics.collection, semantics.scopeLength),
    duplicate: (id: string) =>
      `one already exists with this name and environment (id ${id}) (expected a name not used in the project; set adopt: true on the definition to take over the existing one instead of creating a duplicate)`,
  });
}

export function checker(raw: Props): Checker {
  return new Checker(raw, "Sentry");
}

/** Sentry slugs: lower-case letters, digits, `_` and `-` (`src/sentry/slug/patterns.py` MIXED_SLUG_PATTERN allows no more). */
export const SLUG = /^[a-z0-9_-]+$/;

/**
 * The checks every Sentry alert rule starts with: the organization and project it lives in, its
 * name within the kind's bound, and the environment it filters on.
 */
export function ruleChecker(raw: Props, nameMax: number): Checker {
  const c = checker(raw);
  c.string("organization", { required: true, pattern: SLUG, expected: "a Sentry organization slug" });
  c.string("project", { required: true, pattern: SLUG, expected: "a Sentry project slug" });
  c.string("name", { required: true, max: nameMax, expected: `a name of 1-${nameMax} characters` });
  c.string("environment", { max: 64 });
  return c;
}

/** The fields every alert rule is compared by first, as Sentry stores them (names trimmed, "all environments" as null). */
export function ruleScope(i: Props): Props {
  return {
    organization: i.organization,
    project: i.project,
    name: i.name === undefined ? undefined : String(i.name).trim(),
    environment: envOf(i.environment) ?? null,
  };
}

/** The environment Sentry reads back: a name, or null for "all environments". */
export const envOf = (e: unknown): string | undefined => (typeof e === "string" && e !== "" ? e : undefined);

/** A JSON value with every number written as a string, for comparing what Sentry stores as either. */
export function numbersAsText(v: unknown): unknown {
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return v.map(numbersAsText);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as Props).map(([k, x]) => [k, numbersAsText(x)]));
  return v;
}

/** Keys of a node as sent, without what Sentry adds on save (labels, uuids, looked-up channel ids). */
export function sentNode(node: unknown, added: readonly string[]): Props {
  const out: Props = {};
  if (!node || typeof node !== "object") return out;
  for (const [k, x] of Object.entries(node as Props)) if (!added.includes(k) && x !== undefined && x !== null) out[k] = numbersAsText(x);
  return out;
}
