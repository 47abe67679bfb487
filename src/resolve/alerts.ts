/** Error, performance, metric and database alerts, rate limits and business alerts of a service. */
import type { ServiceContext } from "./context";
import { titleCase } from "./context";
import type { DistributiveOmit, ResolvedDatabase, ResolvedDigest, ResolvedErrorAlert, ResolvedLatencyAlert, ResolvedMetricAlert, ResolvedRateLimit, ResolvedStripeAlert } from "./types";
import { durationSeconds } from "../model";

/** An alert's definition without the fields routing replaces. */
function strip<T extends { name?: string; notify?: string[] }>(a: T): DistributiveOmit<T, "name" | "notify"> {
  const { name: _n, notify: _no, ...rest } = a;
  return rest as DistributiveOmit<T, "name" | "notify">;
}

const withEnv = <T extends { environment?: string }>(ctx: ServiceContext, a: T) => ({ ...a, environment: a.environment ?? ctx.environment });

export function resolveErrors(ctx: ServiceContext): ResolvedErrorAlert[] {
  return Object.entries(ctx.def.errors).map(([key, a]) => ({ ...withEnv(ctx, strip(a)), ...ctx.routed(["errors", key], key, a) }));
}

export function resolvePerformance(ctx: ServiceContext): ResolvedLatencyAlert[] {
  return Object.entries(ctx.def.performance).map(([key, a]) => ({ ...withEnv(ctx, strip(a)), ...ctx.routed(["performance", key], key, a) }));
}

export function resolveMetricAlerts(ctx: ServiceContext): ResolvedMetricAlert[] {
  return Object.entries(ctx.def.metricAlerts).map(([key, a]) => ({ ...strip(a), ...ctx.routed(["metricAlerts", key], key, a) }));
}

export function resolveDatabase(ctx: ServiceContext): ResolvedDatabase | undefined {
  const db = ctx.def.database;
  if (!db) return undefined;
  return {
    name: db.name,
    poolSize: db.poolSize,
    slowQueryMs: db.slowQueryMs,
    alerts: Object.entries(db.alerts).map(([key, a]) => ({
      ...strip(a),
      // "FinSight API - PostgreSQL CPU" rather than "FinSight API - CPU"
      ...ctx.routed(["database", "alerts", key], key, { ...a, name: a.name ?? `${ctx.def.name} - ${db.name} ${titleCase(key)}` }),
    })),
  };
}

export function resolveRateLimits(ctx: ServiceContext): ResolvedRateLimit[] {
  return Object.entries(ctx.def.rateLimits).map(([key, r]) => ({
    ...r,
    key,
    periodSeconds: durationSeconds(r.period),
    mitigationTimeoutSeconds: durationSeconds(r.mitigationTimeout),
  }));
}

export function resolveStripeAlerts(ctx: ServiceContext): ResolvedStripeAlert[] {
  return Object.entries(ctx.def.business.stripe).map(([key, a]) => {
    const { path, url, ...rest } = strip(a);
    // Neither path nor url: the stack's relay receives the events (its URL is the relay's to give).
    const at = path === undefined && url === undefined ? undefined : ctx.fullUrl(["business", "stripe", key], path, url);
    return { ...rest, ...ctx.routed(["business", "stripe", key], key, a), url: at };
  });
}

/** The daily digest and who receives it (the vendor that sends it applies a stack's own time and zone). */
export function resolveDigest(ctx: ServiceContext): ResolvedDigest | undefined {
  const d = ctx.def.business.digest;
  if (!d) return undefined;
  const { notify, ...rest } = d;
  const route = ctx.routed(["business", "digest"], "digest", { name: `${ctx.def.name} - Daily digest`, severity: "warning", notify });
  return { ...rest, name: route.name, contacts: route.contacts };
}
