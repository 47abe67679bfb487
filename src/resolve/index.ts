/**
 * resolve: definitions + stack settings → one validated model per stack.
 *
 * Everything the user can get wrong is found here, before any resource is registered, and all of
 * it is reported at once. One resolver per concern (./checks, ./alerts, ./slos) takes one
 * context (./context); the policy rules (./policy) cover the concerns of the enabled vendors.
 * Vendor plan limits live with their vendor and are run by the pipeline over the model this returns.
 */
import { KEY_PATTERN, PAGING_CONTACT_TYPES, PARSE_ONCE, Service, type ParsedService } from "../model";
import { related, snapshot } from "../model/snapshot";
import { issuesOf } from "../model/issues";
import { parseSettings, type RawConfig, type Settings, type VendorSettingsSpec } from "../settings";
import { resolveDatabase, resolveDigest, resolveErrors, resolveMetricAlerts, resolvePerformance, resolveRateLimits, resolveStripeAlerts } from "./alerts";
import { resolveChecks, resolveMaintenance, resolveStackStatusPage, resolveStatusPage } from "./checks";
import type { Concern } from "./concerns";
import { checkContactRefs, joinWhere, serviceContext } from "./context";
import { resolveLogs } from "./logs";
import { policyProblems } from "./policy";
import { salvage } from "./salvage";
import { resolveSlos } from "./slos";
import type { Problem, ResolvedContact, ResolvedModel, ResolvedService } from "./types";

export * from "./types";
export * from "./burn-rate";
export { CONCERNS, routedEntries, type Concern, type RoutedEntry } from "./concerns";

/** What resolve needs of a vendor module: its settings block and the concerns it provisions. */
export interface VendorSpec extends VendorSettingsSpec {
  concerns: readonly Concern[];
}

export interface ResolveInput {
  stack: string;
  /** The team's service definitions (monitors/), unvalidated. */
  services: readonly unknown[];
  /** The stack's config as the Pulumi CLI hands it to a program. */
  config: RawConfig;
  /** The vendor modules (src/targets), whose settings and concerns the stack has. */
  vendors: readonly VendorSpec[];
}

export interface Resolution {
  /**
   * Present when the settings are well-formed; services with malformed entries are in it
   * without those entries, for checking the rest in the same run.
   */
  model?: ResolvedModel;
  /** Errors and warnings, in definition order. */
  problems: Problem[];
}

export function resolve(input: ResolveInput): Resolution {
  const problems: Problem[] = [];
  const configFile = `Pulumi.${input.stack}.yaml`;
  const settingsWhere = (path: string) => `${configFile} ${path}`;
  const error = (where: string, message: string) => problems.push({ level: "error", where, message });

  const { settings, issues } = parseSettings(input.config, input.vendors);
  for (const issue of issues) error(settingsWhere(issue.path), issue.message);
  const { parsed, keys } = parseServices(input.services, error);
  if (!settings) return { problems };

  const environment = settings.environment ?? input.stack;
  const contacts = resolveContacts(settings);
  checkContactRefs(settings.routing.critical, "monitoring:routing.critical", contacts, (w, m) => error(settingsWhere(w), m));
  checkContactRefs(settings.routing.warning, "monitoring:routing.warning", contacts, (w, m) => error(settingsWhere(w), m));
  for (const [key, service] of Object.entries(settings.services)) {
    for (const severity of ["critical", "warning"] as const) {
      const refs = service.routing?.[severity];
      if (refs) checkContactRefs(refs, `monitoring:services.${key}.routing.${severity}`, contacts, (w, m) => error(settingsWhere(w), m));
    }
  }
  for (const key of Object.keys(settings.services)) {
    if (!keys.has(key)) {
      error(settingsWhere(`monitoring:services.${key}`), `no service has the key "${key}" (expected one of: ${[...keys].join(", ") || "none defined"})`);
    }
  }

  const services = parsed.map(({ service, dropped }) =>
    resolveService(serviceContext({ def: service, settings, environment, contacts, droppedChecks: dropped, error, settingsWhere })),
  );
  const statusPage = resolveStackStatusPage(settings, services, error, settingsWhere);
  const active = new Set(input.vendors.filter((v) => settings.vendors[v.name]?.enabled).flatMap((v) => v.concerns));
  problems.push(...policyProblems(services, settings, contacts, active));

  // The model is returned even with errors, so that the vendor limits can be checked over it in
  // the same run.
  return { model: { stack: input.stack, environment, settings, contacts, services, statusPage, warnings: problems.filter((p) => p.level === "warning") }, problems };
}

/** `<stack> <where>: <message>`, one line per problem. */
export function formatProblem(stack: string, problem: Problem): string {
  return `${stack} ${problem.where}: ${problem.message}`;
}

/** Every service that parses, or whose malformed entries can be set aside (each reported). */
function parseServices(raw: readonly unknown[], error: (where: string, message: string) => void) {
  const parsed: { service: ParsedService; dropped: Set<string> }[] = [];
  const keys = new Set<string>();
  // Plain data, read once: getters, proxies, functions and prototype tricks are reported, not run again.
  const copied = snapshot(raw);
  const definitions = Array.isArray(copied.value) ? copied.value : [];
  definitions.forEach((definition, index) => {
    const label = serviceLabel(definition, index);
    if (keys.has(label)) error(`${label}.key`, `two services share the key "${label}" (expected each service key once)`);
    keys.add(label);
    const unreadable = copied.issues.filter((i) => i.path[0] === index).map((i) => ({ ...i, path: i.path.slice(1) }));
    const result = Service.safeParse(definition, PARSE_ONCE);
    if (result.success && unreadable.length === 0) {
      parsed.push({ service: result.data, dropped: new Set() });
      return;
    }
    // What could not be read is reported once, at its own path, not again as a schema mismatch there.
    const under = (path: readonly (string | number)[]) => path.length > 0 && unreadable.some((u) => related(u.path, path));
    const issues = [...unreadable, ...(result.success ? [] : issuesOf(result.error, Service, definition).filter((i) => !under(i.path)))];
    for (const issue of issues) error(joinWhere(label, issue.path), issue.message);
    // Check the rest of the service too, so one run reports everything.
    const salvaged = salvage(definition, issues);
    if (salvaged) parsed.push(salvaged);
  });
  return { parsed, keys };
}

function serviceLabel(raw: unknown, index: number): string {
  const key = raw && typeof raw === "object" ? (raw as Record<string, unknown>).key : undefined;
  return typeof key === "string" && KEY_PATTERN.test(key) ? key : `services[${index}]`;
}

function resolveContacts(settings: Settings): Record<string, ResolvedContact> {
  // Without a prototype: a reference to "constructor" or "toString" finds no contact.
  const out = Object.create(null) as Record<string, ResolvedContact>;
  for (const [key, contact] of Object.entries(settings.contacts)) {
    out[key] = { key, contact, paging: PAGING_CONTACT_TYPES.includes(contact.type) };
  }
  return out;
}

/** One service: each concern's resolver in definition order, then the base URL they needed. */
function resolveService(ctx: ReturnType<typeof serviceContext>): ResolvedService {
  const { def } = ctx;
  const checks = resolveChecks(ctx);
  const checkKeys = new Set(checks.map((c) => c.key));
  const service: ResolvedService = {
    key: def.key,
    name: def.name,
    description: def.description,
    baseUrl: ctx.baseUrl,
    sentryProject: def.sentryProject,
    checks,
    errors: resolveErrors(ctx),
    performance: resolvePerformance(ctx),
    metrics: def.metrics,
    metricAlerts: resolveMetricAlerts(ctx),
    database: resolveDatabase(ctx),
    dashboards: Object.entries(def.dashboards).map(([key, d]) => ({ ...d, key })),
    slos: resolveSlos(ctx),
    rateLimits: resolveRateLimits(ctx),
    stripeAlerts: resolveStripeAlerts(ctx),
    digest: resolveDigest(ctx),
    statusPage: resolveStatusPage(ctx, checkKeys),
    maintenance: resolveMaintenance(ctx, checkKeys),
    logs: resolveLogs(ctx),
  };
  if (ctx.needsBase.length > 0) {
    ctx.error(
      ctx.settingsWhere(`monitoring:services.${def.key}.baseUrl`),
      `missing (expected the base URL of ${def.key} on this stack, used by ${ctx.needsBase.join(", ")}; or set baseUrl in its definition)`,
    );
  }
  return service;
}
