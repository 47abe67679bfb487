/**
 * Multi-window, multi-burn-rate alerting (Google SRE workbook, chapter 5), kept as data per SLO
 * window, the way Sloth keeps its `google-30d.yaml` and `google-28d.yaml`.
 *
 * An SLO pages when any page pair burns (`(1h ∧ 5m) ∨ (6h ∧ 30m)` for 30 days) and tickets when
 * any ticket pair does (`(1d ∧ 2h) ∨ (3d ∧ 6h)`). A pair burns when the bad-event ratio over both
 * of its windows is above `factor` × the error budget.
 *
 * Tables are written as burn-rate factors, not as budget shares: a factor says how fast the
 * budget goes, whatever the window. Scaling budget shares to another window (Sloth's 28-day table
 * keeps the workbook's 10% in 3 days, a 0.93× ticket) gives tickets below 1×, which fire while
 * the service is on track to meet its objective; a 7-day window scaled that way got a 0.2× ticket.
 */
import { type BurnRatePair, type BurnRateTable, type Duration, durationMs } from "../model";

export type { BurnRatePair, BurnRateTable };

/** Where an SLO's table comes from. */
export type BurnRateSource = "workbook-30d" | "workbook-28d" | "definition";

/** The SRE workbook's table for a 30-day SLO ("Recommended parameters for an SLO-based alert"). */
export const WORKBOOK_30D: BurnRateTable = {
  page: [
    { long: "1h", short: "5m", factor: 14.4 },
    { long: "6h", short: "30m", factor: 6 },
  ],
  ticket: [
    { long: "1d", short: "2h", factor: 3 },
    { long: "3d", short: "6h", factor: 1 },
  ],
};

/**
 * The same factors for a 28-day (4-week) SLO: 14.4× over an hour spends 2.1% of a 28-day budget
 * (2% of a 30-day one), and the slow ticket stays at 1×, the rate that spends the budget exactly.
 */
export const WORKBOOK_28D: BurnRateTable = WORKBOOK_30D;

/** The built-in tables by SLO window; any other window needs its own `burnRates`. */
export const BUILT_IN_TABLES: readonly { window: Duration; source: BurnRateSource; table: BurnRateTable }[] = [
  { window: "30d", source: "workbook-30d", table: WORKBOOK_30D },
  { window: "28d", source: "workbook-28d", table: WORKBOOK_28D },
];

/** A pair with the share of the SLO window's budget it has spent when it starts burning. */
export interface ResolvedBurnRatePair extends BurnRatePair {
  /** factor × long / SLO window, e.g. 0.02 for 14.4× over 1h of 30 days. */
  budgetSpent: number;
}

/** The table of an SLO: its own `burnRates`, else the built-in one for its window (undefined when none). */
export function burnRateTable(sloWindow: Duration, own: BurnRateTable | undefined): { table: BurnRateTable; source: BurnRateSource } | undefined {
  if (own) return { table: own, source: "definition" };
  const builtIn = BUILT_IN_TABLES.find((t) => durationMs(t.window) === durationMs(sloWindow));
  return builtIn && { table: builtIn.table, source: builtIn.source };
}

export function withBudgetSpent(pairs: readonly BurnRatePair[], sloWindow: Duration): ResolvedBurnRatePair[] {
  const total = durationMs(sloWindow);
  return pairs.map((p) => ({ ...p, budgetSpent: Math.round(((p.factor * durationMs(p.long)) / total) * 1e6) / 1e6 }));
}

export interface TableProblem {
  /** Path below the SLO: `["burnRates", "ticket", 1, "factor"]`. */
  path: (string | number)[];
  message: string;
}

/**
 * What makes a table unusable for an SLO: a ticket below 1× (it fires while the SLO is met), a
 * short window not shorter than its long one, a long window longer than the SLO window, and a
 * threshold (factor × budget) of 1 or more, which no bad ratio can exceed.
 */
export function tableProblems(table: BurnRateTable, sloWindow: Duration, errorBudget: number): TableProblem[] {
  const problems: TableProblem[] = [];
  for (const severity of ["page", "ticket"] as const) {
    table[severity].forEach((pair, i) => {
      const at = (field: string) => ["burnRates", severity, i, field];
      if (severity === "ticket" && pair.factor < 1) {
        problems.push({ path: at("factor"), message: `a ${pair.factor}x ticket fires while the SLO is being met (expected a factor of 1 or more: 1x spends the budget exactly by the end of the window)` });
      }
      if (durationMs(pair.short) >= durationMs(pair.long)) {
        problems.push({ path: at("short"), message: `the short window ${pair.short} is not shorter than the long window ${pair.long} (expected a short window of about 1/12 of the long one)` });
      }
      if (durationMs(pair.long) > durationMs(sloWindow)) {
        problems.push({ path: at("long"), message: `the long window ${pair.long} is longer than the SLO window ${sloWindow} (expected ${sloWindow} or shorter)` });
      }
      if (pair.factor * errorBudget >= 1) {
        problems.push({
          path: at("factor"),
          message: `${pair.factor}x an error budget of ${Math.round(errorBudget * 1e6) / 1e4}% is a bad ratio of ${Math.round(pair.factor * errorBudget * 1e4) / 1e4}, which can never be exceeded (expected a factor below ${Math.floor((1 / errorBudget) * 10) / 10})`,
        });
      }
    });
  }
  return problems;
}
