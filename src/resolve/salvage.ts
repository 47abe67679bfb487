/**
 * A malformed service is still checked: its malformed entries are set aside (and reported once),
 * so that one run reports schema, reference, policy and plan-limit problems together.
 */
import { PARSE_ONCE, Service, type ParsedService } from "../model";
import { recordPaths, type PathIssue } from "../model/issues";

/** Keyed collections of a service (`checks`, `database.alerts`, ...), read from its schema. */
const ENTRY_COLLECTIONS: readonly (readonly string[])[] = recordPaths(Service);

/**
 * A service with its malformed parts set aside (entries dropped, other fields back to their
 * defaults), for checking what remains. Undefined when the key or name itself is wrong.
 * `dropped` holds the check keys set aside, so references to them are not reported twice.
 */
export function salvage(raw: unknown, issues: readonly PathIssue[]): { service: ParsedService; dropped: Set<string> } | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  let copy: Record<string, unknown>;
  try {
    copy = structuredClone(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const dropped = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (path.length === 0 || path[0] === "key" || path[0] === "name") return undefined;
    const collection = ENTRY_COLLECTIONS.find((c) => path.length > c.length && c.every((segment, i) => path[i] === segment));
    if (collection) {
      let holder: unknown = copy;
      for (const segment of collection) holder = (holder as Record<string, unknown> | undefined)?.[segment];
      if (holder && typeof holder === "object") delete (holder as Record<string, unknown>)[path[collection.length]];
      if (collection[0] === "checks") dropped.add(path[1]);
    } else {
      delete copy[path[0]];
    }
  }
  const again = Service.safeParse(copy, PARSE_ONCE);
  return again.success ? { service: again.data, dropped } : undefined;
}
