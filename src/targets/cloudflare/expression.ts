/**
 * Cloudflare's Rules language, as far as this project writes or embeds it
 * (developers.cloudflare.com/ruleset-engine/rules-language/):
 *
 * - a value the project puts into an expression is always a quoted string literal, escaped by
 *   construction: "Values" says a quoted string is delimited by `"` and that `"` and `\` inside it
 *   are written `\"` and `\\`;
 * - an `expression` a team writes is Cloudflare's language, which only Cloudflare parses in full.
 *   What is checked here is what keeps it one self-contained expression once this project wraps
 *   it in `( ... ) and (method ...)`: string literals (quoted, or raw `r"..."` / `r#"..."#`) are
 *   closed, parentheses, braces and brackets are balanced outside them, and there are no control
 *   characters. Field names and functions are left to Cloudflare (pulumi preview reports them).
 * - "The maximum length of a rule expression is 4,096 characters" (ruleset-engine "Expressions").
 */

import type { ResolvedRateLimit } from "../../resolve";

/** Cloudflare's limit on one rule's expression, in characters. */
export const MAX_EXPRESSION_LENGTH = 4096;

/** `text` as a quoted string literal of the Rules language. */
export function quoted(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const CLOSERS: Record<string, string> = { "(": ")", "{": "}", "[": "]" };

/** What keeps `expression` from being one self-contained expression, or undefined. */
export function expressionProblem(expression: string): string | undefined {
  if (expression.trim() === "") return "is empty (expected a Cloudflare rules-language expression)";
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(expression);
  if (control) return `has a control character at position ${control.index + 1} (expected printable text)`;
  const open: { char: string; at: number }[] = [];
  let i = 0;
  while (i < expression.length) {
    const ch = expression[i];
    const raw = /^r(#*)"/.exec(expression.slice(i, i + 260));
    if (raw && (i === 0 || !/[A-Za-z0-9_.]/.test(expression[i - 1]))) {
      const end = expression.indexOf(`"${raw[1]}`, i + raw[0].length);
      if (end < 0) return `has a raw string opened at position ${i + 1} that is never closed (expected "${raw[1]} to end it)`;
      i = end + 1 + raw[1].length;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < expression.length && expression[j] !== '"') j += expression[j] === "\\" ? 2 : 1;
      if (j >= expression.length) return `has a string opened at position ${i + 1} that is never closed (expected a closing ", with " inside written \\")`;
      i = j + 1;
      continue;
    }
    if (ch in CLOSERS) open.push({ char: ch, at: i });
    else if (ch === ")" || ch === "}" || ch === "]") {
      const last = open.pop();
      if (!last || CLOSERS[last.char] !== ch) {
        return `has a "${ch}" at position ${i + 1} that closes nothing ${last ? `opened by "${last.char}" at position ${last.at + 1}` : "opened before it"} (expected balanced ( ), { } and [ ])`;
      }
    }
    i++;
  }
  const unclosed = open.pop();
  if (unclosed) return `has a "${unclosed.char}" at position ${unclosed.at + 1} that is never closed (expected balanced ( ), { } and [ ])`;
  return undefined;
}

/**
 * The rules-language expression of a rate limit. Every value the project puts in is a quoted
 * string escaped by construction; a written `expression` is wrapped in parentheses, and
 * cloudflareProblems has checked that it stays one self-contained expression inside them.
 */
export function ruleExpression(rule: ResolvedRateLimit): string {
  const parts: string[] = [];
  if (rule.path !== undefined) {
    parts.push(rule.path.endsWith("*") ? `(http.request.uri.path wildcard ${quoted(rule.path)})` : `(http.request.uri.path eq ${quoted(rule.path)})`);
  } else {
    parts.push(`(${rule.expression})`);
  }
  if (rule.methods && rule.methods.length > 0) parts.push(`(http.request.method in {${rule.methods.map(quoted).join(" ")}})`);
  return parts.join(" and ");
}
