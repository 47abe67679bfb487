/**
 * Text in definitions and stack settings: what a label, a line of text and a URL may contain, and
 * how an offending value is shown in a message (escaped, so that an invisible character, a
 * trailing space or a 5 MB value reads as what it is, and shortened).
 */
import { z } from "zod";

/**
 * Characters that cannot be seen or that change how text around them is displayed: C0 and C1
 * controls, DEL, zero-width and bidirectional formatting marks, line and paragraph separators and
 * the byte-order mark. None of them belongs in a name, a key or a URL.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]/;
// eslint-disable-next-line no-control-regex
const INVISIBLE_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasInvisible(text: string, allowLineBreaks = false): boolean {
  return (allowLineBreaks ? INVISIBLE_EXCEPT_LINES : INVISIBLE).test(text) || LONE_SURROGATE.test(text);
}

const SHOWN_MAX = 60;

/**
 * A value as a message shows it: in double quotes, control and invisible characters escaped
 * (`\n`, `\u200b`), and cut after 60 characters with its length said, so that a message never
 * carries a huge value or a character the reader cannot see.
 */
export function shown(text: string): string {
  const cut = text.length > SHOWN_MAX ? text.slice(0, SHOWN_MAX) : text;
  let out = "";
  for (const ch of cut) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (hasInvisible(ch) || (code >= 0xd800 && code <= 0xdfff)) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return text.length > SHOWN_MAX ? `"${out}…" (${text.length} characters)` : `"${out}"`;
}

/** What is wrong with a one-line label, or undefined when nothing is. */
export function labelProblem(text: string, max: number, allowLineBreaks = false): string | undefined {
  if (text.length > max) return `is ${text.length} characters long (expected at most ${max})`;
  if (text.trim() === "") return "is empty (expected some text)";
  if (hasInvisible(text, allowLineBreaks)) {
    return `${shown(text)} contains a control or invisible character (expected ${allowLineBreaks ? "text with line breaks only as \\n" : "printable text on one line"})`;
  }
  if (text !== text.trim()) return `${shown(text)} starts or ends with white space (expected none: vendors trim it, so the name would change)`;
  return undefined;
}

/**
 * A name shown to people (a display name, a title): printable text on one line, no surrounding
 * white space, at most `max` characters.
 */
export function label(max: number) {
  return z.string().check((ctx) => {
    const problem = labelProblem(ctx.value, max);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  });
}

/** Free text (a description, a runbook step): line breaks allowed, other invisible characters not. */
export function text(max: number) {
  return z.string().check((ctx) => {
    const problem = labelProblem(ctx.value, max, true);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  });
}

/** One line of text that may be empty (a search query): no line breaks or invisible characters. */
export function line(max: number) {
  return z.string().check((ctx) => {
    const problem = ctx.value === "" ? undefined : labelProblem(ctx.value, max);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  });
}
