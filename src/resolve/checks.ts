/** Uptime checks, the status page and maintenance windows of a service (they refer to checks by key). */
import type { ServiceContext } from "./context";
import { titleCase } from "./context";
import type { ResolvedCheck, ResolvedMaintenanceWindow, ResolvedService } from "./types";

export function resolveChecks(ctx: ServiceContext): ResolvedCheck[] {
  return Object.entries(ctx.def.checks).map(([key, check]) => {
    const { name: _n, notify: _no, ...rest } = check;
    const route = ctx.routed(["checks", key], key, check);
    if (check.kind === "http") {
      const { interval: _i, ...http } = rest as typeof check;
      return { ...http, ...route, url: ctx.fullUrl(["checks", key], check.path, check.url), interval: check.interval ?? ctx.settings.checks.interval };
    }
    return { ...(rest as typeof check), ...route };
  });
}

/** Reports a reference to a check key the service does not have (unless it was set aside as malformed). */
function checkRef(ctx: ServiceContext, checkKeys: ReadonlySet<string>) {
  return (path: (string | number)[], key: string) => {
    if (!checkKeys.has(key) && !ctx.droppedChecks.has(key)) {
      ctx.error(ctx.at(...path), `no check has the key "${key}" (expected one of: ${[...checkKeys].join(", ") || "none defined"})`);
    }
  };
}

export function resolveStatusPage(ctx: ServiceContext, checkKeys: ReadonlySet<string>): ResolvedService["statusPage"] {
  const page = ctx.def.statusPage;
  if (!page) return undefined;
  const ref = checkRef(ctx, checkKeys);
  page.checks.forEach((k, i) => ref(["statusPage", "checks", i], k));
  if (!ctx.settings.statusPage.enabled) return undefined;
  return { title: page.title, checks: page.checks, customDomain: ctx.settings.statusPage.customDomain ?? page.customDomain };
}

export function resolveMaintenance(ctx: ServiceContext, checkKeys: ReadonlySet<string>): ResolvedMaintenanceWindow[] {
  const ref = checkRef(ctx, checkKeys);
  return Object.entries(ctx.def.maintenance).map(([key, w]) => {
    w.checks?.forEach((k, i) => ref(["maintenance", key, "checks", i], k));
    const { checks: selected, name, ...rest } = w;
    return { ...rest, key, name: name ?? `${ctx.def.name} - ${titleCase(key)}`, checks: selected ?? [...checkKeys] };
  });
}
