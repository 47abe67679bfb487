/**
 * The concerns of a resolved service (its collections), and the alerts each one sends to
 * people. A vendor module declares the concerns it provisions; the policy rules run over the
 * alerts of concerns whose vendor is enabled on the stack.
 */
import type { ResolvedService, Routed } from "./types";

export const CONCERNS = [
  "checks",
  "statusPage",
  "maintenance",
  "errors",
  "performance",
  "metricAlerts",
  "database",
  "dashboards",
  "rateLimits",
  "stripeAlerts",
  "digest",
  "slos",
  "logs",
] as const satisfies readonly (keyof ResolvedService)[];
export type Concern = (typeof CONCERNS)[number];

/** An alert that reaches people, with where it is defined. Checks are held to `checkHasContact` too. */
export interface RoutedEntry {
  where: string;
  alert: Routed;
  kind: "check" | "alert";
}

const at = (service: ResolvedService, ...path: string[]) => [service.key, ...path].join(".");
const alerts = (service: ResolvedService, list: readonly Routed[], ...path: string[]): RoutedEntry[] =>
  list.map((alert) => ({ where: at(service, ...path, alert.key), alert, kind: "alert" }));

/** The routed alerts of each concern (none for concerns that notify nobody themselves). */
const ROUTED: { readonly [C in Concern]: (service: ResolvedService) => RoutedEntry[] } = {
  checks: (s) => s.checks.map((c) => ({ where: at(s, "checks", c.key), alert: c, kind: "check" })),
  statusPage: () => [],
  maintenance: () => [],
  errors: (s) => alerts(s, s.errors, "errors"),
  performance: (s) => alerts(s, s.performance, "performance"),
  metricAlerts: (s) => alerts(s, s.metricAlerts, "metricAlerts"),
  database: (s) => alerts(s, s.database?.alerts ?? [], "database", "alerts"),
  dashboards: () => [],
  // An SLO reaches people through its page, else its ticket, else its budget-exhausted alert.
  slos: (s) =>
    s.slos.flatMap((slo) => {
      const route = slo.page ? { severity: "critical" as const, contacts: slo.page.contacts } : (slo.ticket ?? slo.budgetExhausted) && { severity: "warning" as const, contacts: (slo.ticket ?? slo.budgetExhausted)!.contacts };
      return route ? [{ where: at(s, "slos", slo.key), alert: { key: slo.key, name: slo.name, ...route, runbook: slo.runbook }, kind: "alert" as const }] : [];
    }),
  rateLimits: () => [],
  stripeAlerts: (s) => alerts(s, s.stripeAlerts, "business", "stripe"),
  // A report, not an alert: no severity to page on, no runbook to follow.
  digest: () => [],
  logs: () => [],
};

export function routedEntries(service: ResolvedService, concern: Concern): RoutedEntry[] {
  return ROUTED[concern](service);
}
