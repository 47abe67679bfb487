/**
 * Multi-window, multi-burn-rate alerting (Google SRE workbook, chapter 5), kept as data.
 *
 * Each row says: alert when this share of the whole error budget is spent within the long
 * window, confirmed by the short window. For a 30-day SLO the rows give the workbook's table:
 * page on 14.4× over 1h (5m), 6× over 6h (30m); ticket on 3× over 1d (2h), 1× over 3d (6h).
 * Burn-rate factors for other SLO windows follow from the same budget shares.
 */
import { type Duration, durationMs } from "../model";

export interface BurnRateWindow {
  severity: "critical" | "warning";
  /** Share of the SLO window's error budget spent in `long`. */
  budgetSpent: number;
  long: Duration;
  short: Duration;
}

export const GOOGLE_WORKBOOK_WINDOWS: readonly BurnRateWindow[] = [
  { severity: "critical", budgetSpent: 0.02, long: "1h", short: "5m" },
  { severity: "critical", budgetSpent: 0.05, long: "6h", short: "30m" },
  { severity: "warning", budgetSpent: 0.1, long: "1d", short: "2h" },
  { severity: "warning", budgetSpent: 0.1, long: "3d", short: "6h" },
];

export interface BurnRateAlert extends BurnRateWindow {
  /** How many times faster than "exactly on budget" errors arrive, e.g. 14.4. */
  factor: number;
}

/** The burn-rate alerts of an SLO over `sloWindow`, factors rounded to 0.1 as the workbook does. */
export function burnRateAlerts(sloWindow: Duration, windows: readonly BurnRateWindow[] = GOOGLE_WORKBOOK_WINDOWS): BurnRateAlert[] {
  const total = durationMs(sloWindow);
  return windows.map((w) => ({ ...w, factor: Math.round(((w.budgetSpent * total) / durationMs(w.long)) * 10) / 10 }));
}
