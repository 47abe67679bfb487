/**
 * What may enter a PromQL expression, checked the way Prometheus checks it: metric and label
 * names against its name grammar, label selectors parsed into matchers (and written back quoted,
 * never pasted), regular expressions compiled as RE2 (Prometheus uses Go's regexp, RE2 syntax,
 * anchored as `^(?:…)$`), and custom queries lexed so that strings, brackets and regular
 * expressions are whole. A problem names what was expected; nothing broken reaches Grafana.
 *
 * Grammar: prometheus/prometheus model/labels (`[a-zA-Z_:][a-zA-Z0-9_:]*` for metric names,
 * `[a-zA-Z_][a-zA-Z0-9_]*` for label names; the quoted UTF-8 names of Prometheus 3 are not
 * accepted, since older Prometheus, Mimir and promtool reject them) and promql/parser/lex.go
 * (strings in "…" or '…' with Go escapes, or raw in `…`; a newline ends no string).
 */
import { RE2JS } from "re2js";

/** A UTF-16 half without its other half: no UTF-8 spelling, so Prometheus cannot read it. */
const LONE_SURROGATE = /\p{Cs}/u;

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const METRIC_NAME_EXPECTED = "expected a Prometheus metric name: letters, digits, _ and :, not starting with a digit";
export const LABEL_NAME_EXPECTED = "expected a Prometheus label name: letters, digits and _, not starting with a digit";
export const SELECTOR_EXPECTED = 'expected label matchers separated by commas, like job="finsight-api" or env=~"prod|staging"';

export type MatchOp = "=" | "!=" | "=~" | "!~";
export interface LabelMatcher {
  label: string;
  op: MatchOp;
  /** The value as Prometheus reads it (escapes decoded). */
  value: string;
}

/** Why a regular expression is not one Prometheus compiles (RE2), or undefined when it is. */
export function regexProblem(pattern: string): string | undefined {
  if (LONE_SURROGATE.test(pattern)) return "it is not valid UTF-8 (a lone surrogate)";
  try {
    RE2JS.compile(`^(?:${pattern})$`);
    return undefined;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, "");
  }
}

/** A PromQL double-quoted string: backslashes, quotes and control characters escaped. */
export function quotePromString(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    const named: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return `"${escaped}"`;
}

/** `label op "value"`, the value quoted by construction. */
export function renderMatcher(m: LabelMatcher): string {
  return `${m.label}${m.op}${quotePromString(m.value)}`;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };

/** Reads a string literal at `start` (its quote); returns its value and the index after it. */
export function readString(text: string, start: number): { value: string; end: number } | { error: string } {
  const quote = text[start];
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { value, end: i + 1 };
    if (quote === "`") {
      value += c;
      continue;
    }
    if (c === "\n") break;
    if (c !== "\\") {
      value += c;
      continue;
    }
    const e = text[++i];
    const hex = (n: number) => (/^[0-9a-fA-F]+$/.test(text.slice(i + 1, i + 1 + n)) && text.slice(i + 1, i + 1 + n).length === n ? text.slice(i + 1, i + 1 + n) : undefined);
    if (e in SIMPLE_ESCAPES) value += SIMPLE_ESCAPES[e];
    else if (e === quote) value += e;
    else if ((e === "x" || e === "u" || e === "U") && hex(e === "x" ? 2 : e === "u" ? 4 : 8)) {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      value += String.fromCodePoint(parseInt(text.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else if (/^[0-7]{3}$/.test(text.slice(i, i + 3))) {
      value += String.fromCharCode(parseInt(text.slice(i, i + 3), 8));
      i += 2;
    } else return { error: `unknown escape \\${e ?? ""} at character ${i} (expected \\\\, \\${quote}, \\n, \\t or \\xHH)` };
  }
  return { error: `the string starting at character ${start + 1} is not closed (expected a closing ${quote} on the same line)` };
}

/** Parses `job="api", env=~"prod|staging"` into matchers; regexes must compile. */
export function parseSelector(text: string): { matchers: LabelMatcher[] } | { error: string } {
  const matchers: LabelMatcher[] = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  for (skip(); i < text.length; skip()) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i))?.[0];
    if (!name) return { error: `character ${i + 1} ("${text[i]}") does not start a label name` };
    i += name.length;
    skip();
    const op = (["=~", "!~", "!=", "="] as const).find((o) => text.startsWith(o, i));
    if (!op) return { error: `label ${name} is followed by no matcher (expected =, !=, =~ or !~)` };
    i += op.length;
    skip();
    if (!`"'\``.includes(text[i] ?? "")) return { error: `the value of ${name} is not a quoted string` };
    const read = readString(text, i);
    if ("error" in read) return read;
    if (LONE_SURROGATE.test(read.value)) return { error: `the value of ${name} is not valid UTF-8` };
    if (op === "=~" || op === "!~") {
      const problem = regexProblem(read.value);
      if (problem) return { error: `the regular expression of ${name} does not compile: ${problem}` };
    }
    matchers.push({ label: name, op, value: read.value });
    i = read.end;
    skip();
    if (i < text.length && text[i] !== ",") return { error: `character ${i + 1} ("${text[i]}") follows the matcher of ${name} (expected a comma)` };
    i++;
  }
  return { matchers };
}

const CLOSE: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/**
 * Why a PromQL text is not well-formed, lexically: a string left open or with a bad escape, a
 * bracket left open or closed twice, a regular expression after =~ or !~ that does not compile.
 * (The grammar beyond that is proven by promtool in the tests.)
 */
export function promqlTextProblem(expr: string): string | undefined {
  const open: { c: string; at: number }[] = [];
  let lastOp = "";
  for (let i = 0; i < expr.length; ) {
    const c = expr[i];
    if (expr.startsWith("=~", i) || expr.startsWith("!~", i)) {
      lastOp = expr.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      const read = readString(expr, i);
      if ("error" in read) return read.error;
      if (lastOp !== "") {
        const problem = regexProblem(read.value);
        if (problem) return `the regular expression ${expr.slice(i, read.end)} does not compile: ${problem}`;
      }
      i = read.end;
      lastOp = "";
      continue;
    }
    if (c === "#") {
      while (i < expr.length && expr[i] !== "\n") i++;
      continue;
    }
    if (c in CLOSE) open.push({ c, at: i });
    else if (c === ")" || c === "]" || c === "}") {
      const top = open.pop();
      if (!top || CLOSE[top.c] !== c) return `"${c}" at character ${i + 1} closes ${top ? `the "${top.c}" at character ${top.at + 1}` : "nothing"}`;
    }
    if (!/\s/.test(c)) lastOp = "";
    i++;
  }
  const left = open.pop();
  return left ? `the "${left.c}" at character ${left.at + 1} is never closed` : undefined;
}
