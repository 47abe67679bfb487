/** SLOs: objective and error budget, and the multi-window burn-rate alerts they page and ticket with. */
import { durationMs } from "../model";
import { burnRateAlerts } from "./burn-rate";
import type { ServiceContext } from "./context";
import { titleCase } from "./context";
import type { ResolvedSlo } from "./types";

export function resolveSlos(ctx: ServiceContext): ResolvedSlo[] {
  return Object.entries(ctx.def.slos).map(([key, slo]) => {
    const objective =
      slo.kind === "availability" ? slo.objectivePercent / 100 : slo.kind === "latency" ? slo.percentile / 100 : 1 - slo.maxErrorPercent / 100;
    const alerts = burnRateAlerts(slo.window).map((w) => ({ ...w, contacts: ctx.settings.routing[w.severity] }));
    if (durationMs(slo.window) < durationMs("3d")) {
      ctx.error(ctx.at("slos", key, "window"), `an SLO window of ${slo.window} is shorter than the 3d burn-rate window (expected 3d or longer, usually 28d or 30d)`);
    }
    if (slo.kind === "latency" && slo.percentile === 100) {
      ctx.error(ctx.at("slos", key, "percentile"), "a latency SLO at percentile 100 leaves no error budget (expected 50-99)");
    }
    return {
      ...slo,
      key,
      name: slo.name ?? `${ctx.def.name} - ${titleCase(key)} SLO`,
      objective: Math.round(objective * 1e9) / 1e9,
      errorBudget: Math.round((1 - objective) * 1e9) / 1e9,
      burnRateAlerts: alerts,
    };
  });
}
