/**
 * What every concern's resolver is handed: the service's definition, the stack's settings and
 * contacts, and the shared ways to route an alert, build a URL and report a problem.
 */
import type { ParsedService, Severity } from "../model";
import { dotted, type Settings } from "../settings";
import type { ResolvedContact, Routed } from "./types";

export type Path = readonly (string | number)[];

export interface ServiceContext {
  def: ParsedService;
  settings: Settings;
  environment: string;
  contacts: Readonly<Record<string, ResolvedContact>>;
  /** The service's base URL on this stack, when one is set. */
  baseUrl?: string;
  /** Checks set aside as malformed (already reported): references to them are not errors again. */
  droppedChecks: ReadonlySet<string>;
  /** Paths of entries that need the base URL (reported once, at the stack setting). */
  needsBase: string[];
  /** Who hears of each severity for this service: `monitoring:services.<key>.routing`, else `monitoring:routing`. */
  routing: Readonly<Record<Severity, readonly string[]>>;
  error(where: string, message: string): void;
  /** `Pulumi.<stack>.yaml <path>` */
  settingsWhere(path: string): string;
  /** `<service>.<path>` */
  at(...path: Path): string;
  /** Display name, severity, contacts and runbook of an alert, its `notify` checked. */
  routed(path: Path, key: string, alert: { name?: string; severity: Severity; notify?: string[]; runbook?: Routed["runbook"] }): Routed;
  /** The URL of an entry on this stack: its own absolute URL, or the base URL and its path. */
  fullUrl(path: Path, rel: string | undefined, absolute: string | undefined): string;
}

export function joinWhere(label: string, path: Path): string {
  return path.length === 0 ? label : `${label}.${dotted(path)}`;
}

/** "error-rate" → "Error Rate", "api-p95" → "API P95". */
export function titleCase(key: string): string {
  return key
    .split("-")
    .map((w) => (w.length <= 3 && /^(api|cpu|db|slo|p\d+|url)$/.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(" ");
}

/** Reports each reference to a contact key that the stack does not define. */
export function checkContactRefs(
  refs: readonly string[],
  where: string,
  contacts: Readonly<Record<string, ResolvedContact>>,
  error: (where: string, message: string) => void,
): void {
  refs.forEach((ref, i) => {
    if (!Object.hasOwn(contacts, ref)) {
      const known = Object.keys(contacts);
      error(`${where}[${i}]`, `no contact has the key "${ref}" (expected one of monitoring:contacts: ${known.join(", ") || "none defined"})`);
    }
  });
}

export function serviceContext(base: {
  def: ParsedService;
  settings: Settings;
  environment: string;
  contacts: Readonly<Record<string, ResolvedContact>>;
  droppedChecks: ReadonlySet<string>;
  error(where: string, message: string): void;
  settingsWhere(path: string): string;
}): ServiceContext {
  const { def, settings, contacts, error } = base;
  const own = Object.hasOwn(settings.services, def.key) ? settings.services[def.key] : undefined;
  const baseUrl = own?.baseUrl ?? def.baseUrl;
  const routing = { critical: own?.routing?.critical ?? settings.routing.critical, warning: own?.routing?.warning ?? settings.routing.warning };
  const needsBase: string[] = [];
  const at = (...path: Path) => joinWhere(def.key, path);
  return {
    ...base,
    baseUrl,
    needsBase,
    routing,
    at,
    routed(path, key, alert) {
      if (alert.notify) checkContactRefs(alert.notify, at(...path, "notify"), contacts, error);
      return {
        key,
        name: alert.name ?? `${def.name} - ${titleCase(key)}`,
        severity: alert.severity,
        contacts: alert.notify ?? [...routing[alert.severity]],
        runbook: alert.runbook,
      };
    },
    fullUrl(path, rel, absolute) {
      if (absolute !== undefined) return absolute;
      if (baseUrl === undefined) {
        needsBase.push(dotted(path));
        return `${rel}`;
      }
      return `${baseUrl.replace(/\/+$/, "")}${rel ?? ""}`;
    },
  };
}
