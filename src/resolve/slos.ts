/**
 * SLOs: objective and error budget, the burn-rate table they page and ticket with (./burn-rate),
 * and the problems of a definition that would page twice or never.
 */
import type { ParsedService } from "../model";
import { burnRateTable, tableProblems, withBudgetSpent } from "./burn-rate";
import type { ServiceContext } from "./context";
import { titleCase } from "./context";
import type { ResolvedSlo } from "./types";

type SloDefinition = ParsedService["slos"][string];

/** Target share of good events, 0..1, and the budget 1 - objective, both rounded to 1e-9. */
function objectiveOf(slo: SloDefinition): { objective: number; errorBudget: number } {
  const objective = slo.kind === "availability" ? slo.objectivePercent / 100 : slo.kind === "latency" ? slo.percentile / 100 : 1 - slo.maxErrorPercent / 100;
  return { objective: Math.round(objective * 1e9) / 1e9, errorBudget: Math.round((1 - objective) * 1e9) / 1e9 };
}

/**
 * What an SLO measures, independent of how it is written: availability and error-rate SLOs both
 * count failed requests; a latency SLO counts requests slower than its threshold.
 */
export function sloMeasure(slo: Pick<SloDefinition, "kind"> & { thresholdMs?: number }): { key: string; text: string } {
  if (slo.kind === "latency") return { key: `slower-than:${slo.thresholdMs}`, text: `the share of requests slower than ${slo.thresholdMs} ms` };
  return { key: "failed", text: "the share of failed requests" };
}

const OBJECTIVE_FIELD = { availability: "objectivePercent", latency: "percentile", "error-rate": "maxErrorPercent" } as const;

export function resolveSlos(ctx: ServiceContext): ResolvedSlo[] {
  const seen = new Map<string, string>();
  return Object.entries(ctx.def.slos).map(([key, slo]) => {
    const { objective, errorBudget } = objectiveOf(slo);
    if (slo.kind === "latency" && slo.percentile === 100) {
      ctx.error(ctx.at("slos", key, "percentile"), "a latency SLO at percentile 100 leaves no error budget (expected 50-99)");
    }
    const measure = sloMeasure(slo);
    const same = `${measure.key}@${objective}`;
    const first = seen.get(same);
    if (first !== undefined) {
      ctx.error(
        ctx.at("slos", key),
        `measures the same as slos.${first} (${measure.text}, objective ${Math.round(objective * 1e7) / 1e5}%), so one outage would page and ticket twice (expected one SLO per measure and objective: remove one, or give it another objective)`,
      );
    } else seen.set(same, key);

    const found = burnRateTable(slo.window, slo.burnRates);
    if (!found) {
      ctx.error(
        ctx.at("slos", key, "window"),
        `an SLO window of ${slo.window} has no built-in burn-rate table (expected 28d or 30d, or burnRates: { page: [{ long, short, factor }], ticket: [...] } for this window)`,
      );
    } else if (!(slo.kind === "latency" && slo.percentile === 100)) {
      for (const problem of tableProblems(found.table, slo.window, errorBudget)) {
        // A built-in table the objective cannot use is the objective's problem, not the table's.
        const path = found.source === "definition" ? problem.path : [OBJECTIVE_FIELD[slo.kind]];
        ctx.error(ctx.at("slos", key, ...path), problem.message);
      }
    }
    const table = found?.table ?? { page: [], ticket: [] };
    const routing = { critical: [...ctx.routing.critical], warning: [...ctx.routing.warning] };
    return {
      ...slo,
      key,
      name: slo.name ?? `${ctx.def.name} - ${titleCase(key)} SLO`,
      objective,
      errorBudget,
      measure: measure.key,
      burnRateSource: found?.source ?? "definition",
      page: slo.alerts.page ? { pairs: withBudgetSpent(table.page, slo.window), contacts: routing.critical } : undefined,
      ticket: slo.alerts.ticket ? { pairs: withBudgetSpent(table.ticket, slo.window), contacts: routing.warning } : undefined,
      budgetExhausted: slo.alerts.budgetExhausted ? { contacts: routing.warning } : undefined,
    };
  });
}
