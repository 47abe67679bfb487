/**
 * Value helpers every dynamic kind shares: Pulumi's "not known yet" marker, the stable form used
 * to compare values, and the copy without undefined values that the provider host can send.
 */

/** The value Pulumi uses for "not known yet" during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** Whether a value is, or holds anywhere inside, Pulumi's "not known yet" marker. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v as Props).some(containsUnknown);
  return false;
}

/** A deep copy without undefined values: the provider host's Struct.fromJavaScript rejects them. */
export function defined(value: Props): Props {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(strip);
    if (v && typeof v === "object") {
      const out: Props = {};
      for (const [k, x] of Object.entries(v as Props)) if (x !== undefined) out[k] = strip(x);
      return out;
    }
    return v;
  };
  return strip(value) as Props;
}

/** Stable JSON (sorted keys, undefined members left out) for comparisons. */
export function stable(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map(stable).join(",") + "]";
  const o = value as Record<string, unknown>;
  return (
    "{" +
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ":" + stable(o[k]))
      .join(",") +
    "}"
  );
}

/** Distinct values in ascending order (an absent list is empty). */
export function sortedUnique<T extends string | number>(xs: readonly T[] | undefined): T[] {
  return [...new Set(Array.isArray(xs) ? xs : [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Converts a Pulumi id (string) or number to a vendor's numeric id. */
export function numericId(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === "string" && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** Replaces every occurrence of the given secrets (the longer ones first) with ***. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  const list = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= 6))].sort((a, b) => b.length - a.length);
  return list.reduce((t, s) => t.split(s).join("***"), text);
}
