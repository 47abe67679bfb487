/**
 * Helpers for importers, which turn a vendor account into definitions: reading an account is code
 * generation, checked like any hand-written definition (round-trip tested per vendor).
 */
import { KEY_PATTERN } from "../model";

/** Turns a display name into a definition key: lowercase letters, digits and dashes, unique in `taken`. */
export function keyOf(name: string, taken: Set<string>, fallback: string): string {
  let base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 55)
    .replace(/-+$/, "");
  if (!base || !KEY_PATTERN.test(base)) base = fallback;
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A TypeScript literal of plain data, indented, with identifier keys unquoted. */
export function literal(value: unknown, indent = ""): string {
  const next = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return `[${value.map((v) => literal(v)).join(", ")}]`;
    return `[\n${value.map((v) => `${next}${literal(v, next)},`).join("\n")}\n${indent}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${next}${IDENT.test(k) ? k : JSON.stringify(k)}: ${literal(v, next)},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}
