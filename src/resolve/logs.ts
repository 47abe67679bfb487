/** Log sources of a service (Better Stack): names defaulted, keyed by their stable key. */
import type { ServiceContext } from "./context";
import { titleCase } from "./context";
import type { ResolvedLogSource } from "./types";

export function resolveLogs(ctx: ServiceContext): ResolvedLogSource[] {
  return Object.entries(ctx.def.logs).map(([key, source]) => ({ ...source, key, name: source.name ?? `${ctx.def.name} - ${titleCase(key)}` }));
}
