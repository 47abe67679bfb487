import type { z } from "zod";

export interface PathIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Flattens zod's issues into `path: message` pairs a person can act on: an unknown field is
 * reported at its own path, with the fields that are allowed there.
 */
export function issuesOf(error: z.ZodError, schema?: z.ZodType): PathIssue[] {
  const allowedKeys = (path: (string | number)[]) => (schema ? keysAt(schema, path) : undefined);
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
  if (missing) return `missing (expected ${missing[1]})`;
  const m = /^Invalid input: expected (.*)$/.exec(message);
  if (m) return `expected ${m[1]}`;
  if (/^Too small: expected (.*)$/.test(message)) return message.replace(/^Too small: /, "too small: ");
  if (/^Too big: expected (.*)$/.test(message)) return message.replace(/^Too big: /, "too big: ");
  return message.charAt(0).toLowerCase() + message.slice(1);
}

type Def = { type: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The field names an object schema allows at a path, for "unknown field (expected one of ...)". */
export function keysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] | undefined {
  let cur: z.ZodType | undefined = schema;
  let i = 0;
  while (cur) {
    const def = defOf(cur);
    if (def.type === "default" || def.type === "optional" || def.type === "nullable" || def.type === "prefault") {
      cur = def.innerType;
      continue;
    }
    if (def.type === "pipe") {
      cur = def.in;
      continue;
    }
    if (i === path.length) return def.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
    const step = path[i++];
    if (def.type === "object" && def.shape) cur = def.shape[String(step)];
    else if (def.type === "record") cur = def.valueType;
    else if (def.type === "array") cur = def.element;
    else return undefined;
  }
  return undefined;
}
