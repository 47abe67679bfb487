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
    // A burn-rate alert fires when the error ratio exceeds factor × budget. At 100% or more it can
    // never fire (a ratio cannot pass 1): the window is too long for the budget (SRE workbook, ch. 5).
    const budget = 1 - objective;
    const silent = alerts.find((a) => a.factor * budget >= 1);
    if (budget > 0 && silent) {
      ctx.error(
        ctx.at("slos", key, "window"),
        `with a ${slo.window} window and ${Math.round(budget * 1e6) / 1e4}% error budget, the ${silent.long} burn-rate alert would need an error ratio of ${Math.round(silent.factor * budget * 100)}% and can never fire (expected a window under ${Math.floor(durationMs(silent.long) / 86_400_000 / (silent.budgetSpent * budget))}d, or a higher objective)`,
      );
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
