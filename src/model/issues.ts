import type { z } from "zod";

export interface PathIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Flattens zod's issues into `path: message` pairs a person can act on: an unknown field is
 * reported at its own path, with the fields that are allowed there.
 */
export function issuesOf(error: z.ZodError, allowedKeys?: (path: (string | number)[]) => string[] | undefined): PathIssue[] {
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
