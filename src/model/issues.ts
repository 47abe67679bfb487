import type { z } from "zod";

export interface PathIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Flattens zod's issues into `path: message` pairs a person can act on: an unknown field is
 * reported at its own path, with the fields that are allowed there.
 */
export function issuesOf(error: z.ZodError, schema?: z.ZodType, input?: unknown): PathIssue[] {
  const allowedKeys = (path: (string | number)[]) => (schema ? keysAt(schema, path, input) : undefined);
  const out: PathIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeys?.(path);
      for (const key of issue.keys) {
        out.push({
          path: [...path, key],
          message: allowed ? `unknown field (expected one of: ${allowed.join(", ")})` : "unknown field",
        });
      }
      continue;
    }
    if (issue.code === "invalid_key" && issue.issues.length > 0) {
      out.push({ path, message: tidy(issue.issues[0].message) });
      continue;
    }
    out.push({ path, message: tidy(issue.message) });
  }
  return out;
}

/** zod's stock messages start with a capital and say "Invalid input: expected ..."; ours read as clauses. */
function tidy(message: string): string {
  const missing = /^Invalid input: expected (.*), received undefined$/.exec(message);
  if (missing) return `missing (expected ${noun(missing[1])})`;
  const type = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (type) return `is ${noun(type[2])} (expected ${noun(type[1])})`;
  const m = /^Invalid input: expected (.*)$/.exec(message);
  if (m) return `expected ${m[1]}`;
  if (/^Too small: expected (.*)$/.test(message)) return message.replace(/^Too small: /, "too small: ");
  if (/^Too big: expected (.*)$/.test(message)) return message.replace(/^Too big: /, "too big: ");
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** zod's type names in the words of YAML and JSON, which stack files and definitions are written in. */
const NOUNS: Record<string, string> = {
  string: "text",
  number: "a number",
  nan: "NaN",
  boolean: "true or false",
  object: "a mapping { key: value }",
  record: "a mapping { key: value }",
  array: "a list [ ... ]",
  null: "null",
  bigint: "a BigInt",
  function: "a function",
  symbol: "a symbol",
  date: "a date object",
};
function noun(type: string): string {
  return Object.hasOwn(NOUNS, type) ? NOUNS[type] : type;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; options?: z.ZodType[] };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The definition of a schema under its defaults, optionals and pipes. */
export function unwrapped(schema: z.ZodType): Def {
  let def = defOf(schema);
  for (;;) {
    if ((def.type === "default" || def.type === "optional" || def.type === "nullable" || def.type === "prefault") && def.innerType) def = defOf(def.innerType);
    else if (def.type === "pipe" && def.in) def = defOf(def.in);
    else return def;
  }
}

/**
 * The field names an object schema allows at a path, for "unknown field (expected one of ...)".
 * Given the input, a union (a check of kind "http" or "heartbeat") is followed into the option
 * the input chose: the one whose literal fields (its `kind`) the input's values match.
 */
export function keysAt(schema: z.ZodType, path: readonly (string | number)[], input?: unknown): string[] | undefined {
  let def = unwrapped(schema);
  let value = input;
  for (let i = 0; ; i++) {
    if (def.type === "union" && def.options) {
      const chosen = optionFor(def.options, value);
      if (!chosen) return undefined;
      def = chosen;
    }
    if (i === path.length) break;
    const step = path[i];
    let next: z.ZodType | undefined;
    if (def.type === "object" && def.shape) next = Object.hasOwn(def.shape, String(step)) ? def.shape[String(step)] : undefined;
    else if (def.type === "record") next = def.valueType;
    else if (def.type === "array") next = def.element;
    if (!next) return undefined;
    def = unwrapped(next);
    value = value !== null && typeof value === "object" && Object.hasOwn(value, step) ? (value as Record<string | number, unknown>)[step] : undefined;
  }
  return def.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}

/** The object option of a union whose literal fields the value matches (the discriminator), if exactly one does. */
function optionFor(options: readonly z.ZodType[], value: unknown): Def | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const matching = options.map(unwrapped).filter((o) => {
    if (o.type !== "object" || !o.shape) return false;
    const literals = Object.entries(o.shape).map(([k, f]) => [k, unwrapped(f) as Def & { values?: unknown[] }] as const).filter(([, f]) => f.type === "literal");
    return literals.length > 0 && literals.every(([k, f]) => (f.values ?? []).includes((value as Record<string, unknown>)[k]));
  });
  return matching.length === 1 ? matching[0] : undefined;
}

/**
 * Paths of the keyed collections (records) in an object schema, up to two levels deep:
 * `["checks"]`, `["database", "alerts"]`, ... Their entries can be set aside one by one.
 */
export function recordPaths(schema: z.ZodType): string[][] {
  const out: string[][] = [];
  const visit = (def: Def, path: string[]) => {
    if (def.type === "record" && path.length > 0) out.push(path);
    else if (def.type === "object" && def.shape && path.length < 2) {
      for (const [key, field] of Object.entries(def.shape)) visit(unwrapped(field), [...path, key]);
    }
  };
  visit(unwrapped(schema), []);
  return out;
}

/**
 * Whether the value at a path is a secret by the schema (a field made with `secret()`, marked
 * `.meta({ secret: true })`): phone numbers, webhook URLs, integration keys. Every option of a
 * union is looked at, so a contact's `phone` is secret whatever its type.
 */
export function isSecretAt(schema: z.ZodType, path: readonly (string | number)[]): boolean {
  // The mark may sit on the schema or on what an optional, default or pipe wraps.
  const secret = (s: z.ZodType): boolean => {
    if ((s.meta() as { secret?: unknown } | undefined)?.secret === true) return true;
    const def = defOf(s);
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    return inner !== undefined && secret(inner);
  };
  if (secret(schema)) return true;
  if (path.length === 0) return false;
  const def = unwrapped(schema);
  const [step, ...rest] = path;
  if (def.type === "union" && def.options) return def.options.some((o) => isSecretAt(o, path));
  let next: z.ZodType | undefined;
  if (def.type === "object" && def.shape) next = Object.hasOwn(def.shape, String(step)) ? def.shape[String(step)] : undefined;
  else if (def.type === "record") next = def.valueType;
  else if (def.type === "array") next = def.element;
  return next !== undefined && isSecretAt(next, rest);
}
