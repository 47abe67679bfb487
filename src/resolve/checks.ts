/** Uptime checks, the status page and maintenance windows of a service (they refer to checks by key). */
import type { ServiceContext } from "./context";
import { titleCase } from "./context";
import type { Settings } from "../settings";
import type { ResolvedCheck, ResolvedMaintenanceWindow, ResolvedService, ResolvedStackStatusPage } from "./types";

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

/**
 * A status page lists each check once: a second mention would be a second monitor id in the page's
 * list, which the vendor may store once and so read back different from what was sent.
 */
function repeated(list: readonly string[], i: number, where: (index: number) => string): string | undefined {
  const first = list.indexOf(list[i]);
  return first < i ? `lists "${list[i]}" again (it is ${where(first)} already; expected each check once)` : undefined;
}

export function resolveStatusPage(ctx: ServiceContext, checkKeys: ReadonlySet<string>): ResolvedService["statusPage"] {
  const page = ctx.def.statusPage;
  if (!page) return undefined;
  const ref = checkRef(ctx, checkKeys);
  page.checks.forEach((k, i) => {
    const again = repeated(page.checks, i, (n) => `statusPage.checks[${n}]`);
    if (again) ctx.error(ctx.at("statusPage", "checks", i), again);
    else ref(["statusPage", "checks", i], k);
  });
  if (!ctx.settings.statusPage.enabled) return undefined;
  // With a stack-level page, the stack's customDomain is that page's.
  const override = ctx.settings.statusPage.checks ? undefined : ctx.settings.statusPage.customDomain;
  return { title: page.title, checks: page.checks, customDomain: override ?? page.customDomain };
}

/**
 * The stack's own status page (`monitoring:statusPage`): each "service/check" it lists must name a
 * check of a service of the stack. Undefined when it lists none, or the stack publishes no page.
 */
export function resolveStackStatusPage(
  settings: Settings,
  services: readonly ResolvedService[],
  error: (where: string, message: string) => void,
  settingsWhere: (path: string) => string,
): ResolvedStackStatusPage | undefined {
  const page = settings.statusPage;
  if (!page.checks || !page.title) return undefined;
  const checks = page.checks.flatMap((ref, i) => {
    const [service, check] = ref.split("/");
    const svc = services.find((s) => s.key === service);
    const where = settingsWhere(`monitoring:statusPage.checks[${i}]`);
    const again = repeated(page.checks!, i, (n) => `monitoring:statusPage.checks[${n}]`);
    if (again) error(where, again);
    else if (!svc) error(where, `no service has the key "${service}" (expected one of: ${services.map((s) => s.key).join(", ") || "none defined"})`);
    else if (!svc.checks.some((c) => c.key === check)) error(where, `${service} has no check with the key "${check}" (expected one of: ${svc.checks.map((c) => c.key).join(", ") || "none defined"})`);
    else return [{ service, check }];
    return [];
  });
  return page.enabled ? { title: page.title, checks, customDomain: page.customDomain } : undefined;
}

export function resolveMaintenance(ctx: ServiceContext, checkKeys: ReadonlySet<string>): ResolvedMaintenanceWindow[] {
  const ref = checkRef(ctx, checkKeys);
  return Object.entries(ctx.def.maintenance).map(([key, w]) => {
    w.checks?.forEach((k, i) => ref(["maintenance", key, "checks", i], k));
    const { checks: selected, name, ...rest } = w;
    return { ...rest, key, name: name ?? `${ctx.def.name} - ${titleCase(key)}`, checks: selected ?? [...checkKeys] };
  });
}
