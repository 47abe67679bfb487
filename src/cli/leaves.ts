/**
 * The leaves of a nested value, for comparing plans and settings field by field. Arrays of
 * scalars stay one leaf (`["a","b"]`), so that removing one entry reads as one change rather than
 * a shifted list.
 */

export type Segment = string | number;

/** Each leaf's path segments and rendered value, keys in sorted order. */
export function leafEntries(value: unknown, path: readonly Segment[] = [], out: [Segment[], string][] = []): [Segment[], string][] {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) out.push([[...path], JSON.stringify(value)]);
    else value.forEach((v, i) => leafEntries(v, [...path, i], out));
  } else if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) out.push([[...path], "{}"]);
    for (const k of keys) leafEntries((value as Record<string, unknown>)[k], [...path, k], out);
  } else if (value !== undefined) {
    out.push([[...path], typeof value === "string" ? value : JSON.stringify(value)]);
  }
  return out;
}

/** `a.b[0].c` */
export function pathText(segments: readonly Segment[]): string {
  return segments.reduce<string>((text, s) => (typeof s === "number" ? `${text}[${s}]` : text ? `${text}.${s}` : s), "");
}

/** Leaves as path text → rendered value. */
export function leaves(value: unknown): Map<string, string> {
  return new Map(leafEntries(value).map(([segments, v]) => [pathText(segments), v]));
}

/**
 * Whether two plain JSON values are the same, object key order aside. Sound, not complete: it may
 * answer false for values that render alike (an `undefined` member, NaN, a class instance), and
 * callers then compare leaf by leaf; it answers true only when every leaf is the same. Allocates
 * nothing, unlike comparing two `JSON.stringify` texts.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.prototype.hasOwnProperty.call(b, k) || !sameJson(a[k], b[k])) return false;
  return true;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
