/**
 * resolve: definitions + stack settings → one validated model per stack.
 *
 * Everything the user can get wrong is found here, before any resource is registered, and all of
 * it is reported at once. Vendor plan limits live with their vendor (src/targets/<vendor>/limits.ts)
 * and are run by the pipeline over the model this returns.
 */
import {
  CONTACT_SECRET_FIELD,
  PAGING_CONTACT_TYPES,
  Service,
  durationMs,
  durationSeconds,
  type ParsedService,
  type Severity,
} from "../model";
import { issuesOf, type PathIssue } from "../model/issues";
import { dotted, parseSettings, type RawConfig, type Settings, type Vendor } from "../settings";
import { burnRateAlerts } from "./burn-rate";
import type {
  DistributiveOmit,
  Problem,
  ResolvedCheck,
  ResolvedContact,
  ResolvedModel,
  ResolvedService,
  ResolvedSlo,
  Routed,
} from "./types";

export * from "./types";
export * from "./burn-rate";

export interface ResolveInput {
  stack: string;
  /** The team's service definitions (monitors/), unvalidated. */
  services: readonly unknown[];
  /** The stack's config as the Pulumi CLI hands it to a program. */
  config: RawConfig;
}

export interface Resolution {
  /**
   * Present when the settings are well-formed; services with malformed entries are in it
   * without those entries. Only for further checking unless `valid`.
   */
  model?: ResolvedModel;
  /** True when the model has no errors at all and may be provisioned. */
  valid?: boolean;
  /** Errors and warnings, in definition order. */
  problems: Problem[];
}

/** Which vendor provisions each concern; a disabled vendor's concerns are not checked by policy. */
export const CONCERN_VENDOR = {
  checks: "uptimerobot",
  statusPage: "uptimerobot",
  maintenance: "uptimerobot",
  errors: "sentry",
  performance: "sentry",
  metricAlerts: "grafana",
  database: "grafana",
  dashboards: "grafana",
  slos: "grafana",
  rateLimits: "cloudflare",
  stripeAlerts: "stripe",
} as const satisfies Record<string, Vendor>;

export function resolve(input: ResolveInput): Resolution {
  const problems: Problem[] = [];
  const configFile = `Pulumi.${input.stack}.yaml`;
  const settingsWhere = (path: string) => `${configFile} ${path}`;
  const error = (where: string, message: string) => problems.push({ level: "error", where, message });

  const { settings, issues } = parseSettings(input.config);
  for (const issue of issues) error(settingsWhere(issue.path), issue.message);

  const parsed: { service: ParsedService; dropped: Set<string> }[] = [];
  const seen = new Set<string>();
  input.services.forEach((raw, index) => {
    const label = serviceLabel(raw, index);
    if (seen.has(label)) error(`${label}.key`, `two services share the key "${label}" (expected each service key once)`);
    seen.add(label);
    const result = Service.safeParse(raw);
    if (result.success) {
      parsed.push({ service: result.data, dropped: new Set() });
      return;
    }
    const issues = issuesOf(result.error, Service);
    for (const issue of issues) error(joinWhere(label, issue.path), issue.message);
    // Check the rest of the service too, so one run reports everything.
    const salvaged = salvage(raw, issues);
    if (salvaged) parsed.push(salvaged);
  });
  if (!settings) return { problems };

  const environment = settings.environment ?? input.stack;
  const contacts = resolveContacts(settings);
  checkContactRefs(settings.routing.critical, "monitoring:routing.critical", contacts, (w, m) => error(settingsWhere(w), m));
  checkContactRefs(settings.routing.warning, "monitoring:routing.warning", contacts, (w, m) => error(settingsWhere(w), m));
  for (const key of Object.keys(settings.services)) {
    if (!seen.has(key)) {
      error(settingsWhere(`monitoring:services.${key}`), `no service has the key "${key}" (expected one of: ${[...seen].join(", ") || "none defined"})`);
    }
  }

  const services = parsed.map(({ service, dropped }) => resolveService(service, settings, environment, contacts, error, settingsWhere, dropped));
  applyPolicy(services, settings, contacts, problems);

  // The model is returned even with errors, so that the vendor limits can be checked over it in
  // the same run; `valid` says whether it may be provisioned.
  const valid = !problems.some((p) => p.level === "error");
  return {
    model: { stack: input.stack, environment, settings, contacts, services, warnings: problems.filter((p) => p.level === "warning") },
    problems,
    valid,
  };
}

/** `<stack> <where>: <message>`, one line per problem. */
export function formatProblem(stack: string, problem: Problem): string {
  return `${stack} ${problem.where}: ${problem.message}`;
}

/** Record-keyed collections of a service: a malformed entry can be set aside without the rest. */
const ENTRY_COLLECTIONS: readonly (readonly string[])[] = [
  ["checks"],
  ["errors"],
  ["performance"],
  ["metricAlerts"],
  ["dashboards"],
  ["slos"],
  ["rateLimits"],
  ["maintenance"],
  ["database", "alerts"],
  ["business", "stripe"],
];

/**
 * A service with its malformed parts set aside (entries dropped, other fields back to their
 * defaults), for checking what remains. Undefined when the key or name itself is wrong.
 * `dropped` holds the check keys set aside, so references to them are not reported twice.
 */
function salvage(raw: unknown, issues: PathIssue[]): { service: ParsedService; dropped: Set<string> } | undefined {
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
  const again = Service.safeParse(copy);
  return again.success ? { service: again.data, dropped } : undefined;
}

function serviceLabel(raw: unknown, index: number): string {
  if (raw && typeof raw === "object" && "key" in raw && typeof raw.key === "string" && raw.key !== "") return raw.key;
  return `services[${index}]`;
}

function joinWhere(label: string, path: readonly (string | number)[]): string {
  return path.length === 0 ? label : `${label}.${dotted(path)}`;
}

function resolveContacts(settings: Settings): Record<string, ResolvedContact> {
  const out: Record<string, ResolvedContact> = {};
  for (const [key, contact] of Object.entries(settings.contacts)) {
    out[key] = { key, contact, paging: PAGING_CONTACT_TYPES.includes(contact.type) };
  }
  return out;
}

function checkContactRefs(
  refs: readonly string[],
  where: string,
  contacts: Record<string, ResolvedContact>,
  error: (where: string, message: string) => void,
): void {
  refs.forEach((ref, i) => {
    if (!contacts[ref]) {
      const known = Object.keys(contacts);
      error(`${where}[${i}]`, `no contact has the key "${ref}" (expected one of monitoring:contacts: ${known.join(", ") || "none defined"})`);
    }
  });
}

function titleCase(key: string): string {
  return key
    .split("-")
    .map((w) => (w.length <= 3 && /^(api|cpu|db|slo|p\d+|url)$/.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(" ");
}

function resolveService(
  def: ParsedService,
  settings: Settings,
  environment: string,
  contacts: Record<string, ResolvedContact>,
  error: (where: string, message: string) => void,
  settingsWhere: (path: string) => string,
  /** Checks set aside as malformed (already reported): references to them are not errors again. */
  droppedChecks: ReadonlySet<string> = new Set(),
): ResolvedService {
  const at = (...path: (string | number)[]) => joinWhere(def.key, path);
  const baseUrl = settings.services[def.key]?.baseUrl ?? def.baseUrl;
  const needsBase: string[] = [];

  const routed = (
    path: (string | number)[],
    key: string,
    alert: { name?: string; severity: Severity; notify?: string[]; runbook?: Routed["runbook"] },
  ): Routed => {
    if (alert.notify) checkContactRefs(alert.notify, at(...path, "notify"), contacts, error);
    return {
      key,
      name: alert.name ?? `${def.name} - ${titleCase(key)}`,
      severity: alert.severity,
      contacts: alert.notify ?? settings.routing[alert.severity],
      runbook: alert.runbook,
    };
  };
  const fullUrl = (path: (string | number)[], rel: string | undefined, absolute: string | undefined): string => {
    if (absolute !== undefined) return absolute;
    if (baseUrl === undefined) {
      needsBase.push(dotted(path));
      return `${rel}`;
    }
    return `${baseUrl.replace(/\/+$/, "")}${rel ?? ""}`;
  };

  const checks: ResolvedCheck[] = Object.entries(def.checks).map(([key, check]) => {
    const { name: _n, notify: _no, ...rest } = check;
    const route = routed(["checks", key], key, check);
    if (check.kind === "http") {
      const { interval: _i, ...http } = rest as typeof check;
      return {
        ...http,
        ...route,
        url: fullUrl(["checks", key], check.path, check.url),
        interval: check.interval ?? settings.checks.interval,
      };
    }
    return { ...(rest as typeof check), ...route };
  });
  const checkKeys = new Set(checks.map((c) => c.key));
  const refCheck = (path: (string | number)[], key: string) => {
    if (!checkKeys.has(key) && !droppedChecks.has(key)) error(at(...path), `no check has the key "${key}" (expected one of: ${[...checkKeys].join(", ") || "none defined"})`);
  };

  const withEnv = <T extends { environment?: string }>(a: T) => ({ ...a, environment: a.environment ?? environment });
  const strip = <T extends { name?: string; notify?: string[] }>(a: T): DistributiveOmit<T, "name" | "notify"> => {
    const { name: _n, notify: _no, ...rest } = a;
    return rest as DistributiveOmit<T, "name" | "notify">;
  };

  const errors = Object.entries(def.errors).map(([key, a]) => ({ ...withEnv(strip(a)), ...routed(["errors", key], key, a) }));
  const performance = Object.entries(def.performance).map(([key, a]) => ({ ...withEnv(strip(a)), ...routed(["performance", key], key, a) }));
  const metricAlerts = Object.entries(def.metricAlerts).map(([key, a]) => ({ ...strip(a), ...routed(["metricAlerts", key], key, a) }));
  const database = def.database && {
    name: def.database.name,
    poolSize: def.database.poolSize,
    slowQueryMs: def.database.slowQueryMs,
    alerts: Object.entries(def.database.alerts).map(([key, a]) => ({
      ...strip(a),
      // "FinSight API - PostgreSQL CPU" rather than "FinSight API - CPU"
      ...routed(["database", "alerts", key], key, { ...a, name: a.name ?? `${def.name} - ${def.database!.name} ${titleCase(key)}` }),
    })),
  };

  const slos: ResolvedSlo[] = Object.entries(def.slos).map(([key, slo]) => {
    const objective =
      slo.kind === "availability" ? slo.objectivePercent / 100 : slo.kind === "latency" ? slo.percentile / 100 : 1 - slo.maxErrorPercent / 100;
    const alerts = burnRateAlerts(slo.window).map((w) => ({ ...w, contacts: settings.routing[w.severity] }));
    if (durationMs(slo.window) < durationMs("3d")) {
      error(at("slos", key, "window"), `an SLO window of ${slo.window} is shorter than the 3d burn-rate window (expected 3d or longer, usually 28d or 30d)`);
    }
    if (slo.kind === "latency" && slo.percentile === 100) {
      error(at("slos", key, "percentile"), "a latency SLO at percentile 100 leaves no error budget (expected 50-99)");
    }
    return {
      ...slo,
      key,
      name: slo.name ?? `${def.name} - ${titleCase(key)} SLO`,
      objective: Math.round(objective * 1e9) / 1e9,
      errorBudget: Math.round((1 - objective) * 1e9) / 1e9,
      burnRateAlerts: alerts,
    };
  });

  const rateLimits = Object.entries(def.rateLimits).map(([key, r]) => ({
    ...r,
    key,
    periodSeconds: durationSeconds(r.period),
    mitigationTimeoutSeconds: durationSeconds(r.mitigationTimeout),
  }));

  const stripeAlerts = Object.entries(def.business.stripe).map(([key, a]) => {
    const { path, url, ...rest } = strip(a);
    return { ...rest, ...routed(["business", "stripe", key], key, a), url: fullUrl(["business", "stripe", key], path, url) };
  });

  let statusPage: ResolvedService["statusPage"];
  if (def.statusPage) {
    def.statusPage.checks.forEach((k, i) => refCheck(["statusPage", "checks", i], k));
    if (settings.statusPage.enabled) {
      statusPage = {
        title: def.statusPage.title,
        checks: def.statusPage.checks,
        customDomain: settings.statusPage.customDomain ?? def.statusPage.customDomain,
      };
    }
  }

  const maintenance = Object.entries(def.maintenance).map(([key, w]) => {
    w.checks?.forEach((k, i) => refCheck(["maintenance", key, "checks", i], k));
    const { checks: selected, name, ...rest } = w;
    return { ...rest, key, name: name ?? `${def.name} - ${titleCase(key)}`, checks: selected ?? [...checkKeys] };
  });

  if (needsBase.length > 0) {
    error(
      settingsWhere(`monitoring:services.${def.key}.baseUrl`),
      `missing (expected the base URL of ${def.key} on this stack, used by ${needsBase.join(", ")}; or set baseUrl in its definition)`,
    );
  }
  const concerned = errors.length + performance.length;
  if (concerned > 0 && settings.vendors.sentry.enabled && !def.sentryProject) {
    error(at("sentryProject"), `missing (expected the Sentry project slug watched by ${concerned} error and performance alerts)`);
  }

  return {
    key: def.key,
    name: def.name,
    description: def.description,
    baseUrl,
    sentryProject: def.sentryProject ?? def.key,
    checks,
    errors,
    performance,
    metrics: def.metrics,
    metricAlerts,
    database,
    dashboards: Object.entries(def.dashboards).map(([key, d]) => ({ ...d, key })),
    slos,
    rateLimits,
    stripeAlerts,
    statusPage,
    maintenance,
  };
}

/** Every alert that reaches people, with where it is defined and which vendor sends it. */
function* alertsOf(service: ResolvedService): Generator<{ where: string; vendor: Vendor; alert: Routed; kind: string }> {
  const w = (...p: (string | number)[]) => joinWhere(service.key, p);
  for (const c of service.checks) yield { where: w("checks", c.key), vendor: CONCERN_VENDOR.checks, alert: c, kind: "check" };
  for (const a of service.errors) yield { where: w("errors", a.key), vendor: CONCERN_VENDOR.errors, alert: a, kind: "alert" };
  for (const a of service.performance) yield { where: w("performance", a.key), vendor: CONCERN_VENDOR.performance, alert: a, kind: "alert" };
  for (const a of service.metricAlerts) yield { where: w("metricAlerts", a.key), vendor: CONCERN_VENDOR.metricAlerts, alert: a, kind: "alert" };
  for (const a of service.database?.alerts ?? []) yield { where: w("database", "alerts", a.key), vendor: CONCERN_VENDOR.database, alert: a, kind: "alert" };
  for (const a of service.stripeAlerts) yield { where: w("business", "stripe", a.key), vendor: CONCERN_VENDOR.stripeAlerts, alert: a, kind: "alert" };
  for (const s of service.slos) {
    const page = s.burnRateAlerts.find((b) => b.severity === "critical");
    if (page) yield { where: w("slos", s.key), vendor: CONCERN_VENDOR.slos, alert: { key: s.key, name: s.name, severity: "critical", contacts: page.contacts, runbook: s.runbook }, kind: "alert" };
  }
}

function applyPolicy(services: ResolvedService[], settings: Settings, contacts: Record<string, ResolvedContact>, problems: Problem[]): void {
  const { policy } = settings;
  const report = (level: "error" | "warning" | "off", where: string, message: string) => {
    if (level !== "off") problems.push({ level, where, message });
  };
  for (const service of services) {
    for (const { where, vendor, alert, kind } of alertsOf(service)) {
      if (!settings.vendors[vendor].enabled) continue;
      if (kind === "check" && alert.contacts.length === 0) {
        report(policy.checkHasContact, where, `reaches no contact (expected notify, or contacts in monitoring:routing.${alert.severity}) [policy checkHasContact]`);
      }
      if (alert.severity === "critical") {
        const paging = alert.contacts.some((k) => contacts[k]?.paging);
        if (!paging) {
          report(
            policy.criticalReachesPager,
            where,
            `critical but reaches no paging contact (expected at least one sms, voice or pagerduty contact) [policy criticalReachesPager]`,
          );
        }
      }
      if (!alert.runbook) {
        report(policy.alertHasRunbook, `${where}.runbook`, "missing (expected a runbook URL or steps) [policy alertHasRunbook]");
      }
    }
  }
}

/** Contacts whose secret field is set, for targets that must wrap it as a Pulumi secret. */
export function contactSecret(contact: ResolvedContact["contact"]): string | undefined {
  const field = CONTACT_SECRET_FIELD[contact.type];
  return field ? (contact as Record<string, string>)[field] : undefined;
}
