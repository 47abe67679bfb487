/**
 * SLO rules (`slo: "rules"`), Sloth's way: recording rules compute each SLI window once per
 * evaluation, SLO metadata series say where the SLO stands, and one page and one ticket alert
 * per SLO read the recorded series. Pure: no Pulumi.
 *
 * - SLI per window: `slo:sli_error:ratio_rate<window>` (bad share of events over the window);
 *   the 5-minute bad and total event rates `slo:sli_error:rate5m`, `slo:sli_events:rate5m`.
 * - Metadata: `slo:objective:ratio`, `slo:error_budget:ratio`, `slo:time_period:days`,
 *   `slo:current_burn_rate:ratio` (5 minutes), `slo:period_error:ratio`,
 *   `slo:period_burn_rate:ratio` and `slo:period_error_budget_remaining:ratio` over the SLO
 *   window, weighted by events (bad events over all events, not an average of ratios).
 * - Page: `(1h ∧ 5m) ∨ (6h ∧ 30m)`, ticket: `(1d ∧ 2h) ∨ (3d ∧ 6h)` for 30 days (the SLO's
 *   table, ../../resolve/burn-rate.ts); each burning pair is an instance labelled `burn_window`.
 *   Both pairs are always evaluated, so a pair resolves the evaluation its windows cool down.
 *
 * Every series carries the labels `service` and `slo`.
 */
import { durationMs, formatSeconds, type Duration } from "../../model";
import type { ResolvedModel, ResolvedService, ResolvedSlo, SloBurnAlert } from "../../resolve";
import * as q from "./promql";
import { routeLabels } from "./routing";
import { ruleSpec, type AlertRuleSpec, type RecordingRuleSpec } from "./rules";

/** The window of the current burn rate and of the event rates the period is summed from. */
export const SLI_RATE_WINDOW: Duration = "5m";

const windowName = (window: Duration) => formatSeconds(durationMs(window) / 1000);

/** The recorded bad ratio of an SLO over a window. */
export const SLI_RATIO = (window: Duration) => `slo:sli_error:ratio_rate${windowName(window)}`;
export const SLI_BAD_RATE = `slo:sli_error:rate${SLI_RATE_WINDOW}`;
export const SLI_EVENTS_RATE = `slo:sli_events:rate${SLI_RATE_WINDOW}`;
export const SLO_METADATA = {
  objective: "slo:objective:ratio",
  errorBudget: "slo:error_budget:ratio",
  periodDays: "slo:time_period:days",
  currentBurnRate: "slo:current_burn_rate:ratio",
  periodError: "slo:period_error:ratio",
  periodBurnRate: "slo:period_burn_rate:ratio",
  budgetRemaining: "slo:period_error_budget_remaining:ratio",
} as const;

const sloLabels = (service: ResolvedService, slo: ResolvedSlo) => ({ service: service.key, slo: slo.key });

/** A recorded series of one SLO: `name{service="…",slo="…"}`. */
export function sloSeries(service: ResolvedService, slo: ResolvedSlo, name: string): string {
  return `${name}{service=${q.quote(service.key)},slo=${q.quote(slo.key)}}`;
}

/** Share (0..1) of bad events of an SLO over `window`, from the raw counters: failed requests, or requests slower than the threshold. */
export function sloBadRatio(service: ResolvedService, slo: ResolvedSlo, window: string): string {
  return slo.kind === "latency" ? q.slowRatio(service.metrics, slo.thresholdMs / 1000, window) : q.errorRatio(service.metrics, window);
}

/** Bad events per second over `window`, from the raw counters (0 while nothing is bad). */
function sloBadRate(service: ResolvedService, slo: ResolvedSlo, window: string): string {
  return slo.kind === "latency" ? q.slowRate(service.metrics, slo.thresholdMs / 1000, window) : q.errorRate(service.metrics, window);
}

/** Every window an SLO's alerts read, shortest first, with the current-burn window. */
export function sloWindows(slo: ResolvedSlo): Duration[] {
  const pairs = [...(slo.page?.pairs ?? []), ...(slo.ticket?.pairs ?? [])];
  const all = new Set<number>([durationMs(SLI_RATE_WINDOW), ...pairs.flatMap((p) => [durationMs(p.long), durationMs(p.short)])]);
  return [...all].sort((a, b) => a - b).map((ms) => formatSeconds(ms / 1000));
}

function recording(service: ResolvedService, slo: ResolvedSlo, record: string, expr: string): RecordingRuleSpec {
  return { record, expr, labels: sloLabels(service, slo), title: `${slo.name}: ${record}`, source: `${service.key}.slos.${slo.key}`, uidParts: [service.key, "slo", slo.key, record.replace(/^slo:/, "").replace(/[^a-z0-9]+/g, "-")] };
}

/** The recording rules of one SLO: its SLI windows, the 5-minute event rates and its metadata series. */
export function sloRecordingRules(service: ResolvedService, slo: ResolvedSlo): RecordingRuleSpec[] {
  const budget = q.num(slo.errorBudget);
  const s = (name: string) => sloSeries(service, slo, name);
  const windowDays = q.num(durationMs(slo.window) / 86_400_000);
  return [
    ...sloWindows(slo).map((w) => recording(service, slo, SLI_RATIO(w), sloBadRatio(service, slo, w))),
    recording(service, slo, SLI_BAD_RATE, sloBadRate(service, slo, SLI_RATE_WINDOW)),
    recording(service, slo, SLI_EVENTS_RATE, q.eventRate(service.metrics, slo.kind === "latency", SLI_RATE_WINDOW)),
    recording(service, slo, SLO_METADATA.objective, `vector(${q.num(slo.objective)})`),
    recording(service, slo, SLO_METADATA.errorBudget, `vector(${budget})`),
    recording(service, slo, SLO_METADATA.periodDays, `vector(${windowDays})`),
    recording(service, slo, SLO_METADATA.currentBurnRate, `${s(SLI_RATIO(SLI_RATE_WINDOW))} / ${budget}`),
    recording(service, slo, SLO_METADATA.periodError, `sum_over_time(${s(SLI_BAD_RATE)}[${slo.window}]) / sum_over_time(${s(SLI_EVENTS_RATE)}[${slo.window}])`),
    recording(service, slo, SLO_METADATA.periodBurnRate, `${s(SLO_METADATA.periodError)} / ${budget}`),
    recording(service, slo, SLO_METADATA.budgetRemaining, `1 - ${s(SLO_METADATA.periodBurnRate)}`),
  ];
}

/**
 * One pair as a series that is always there while the SLO has traffic: the long window's burn
 * rate while both windows are above `factor` × the budget, 0 otherwise; labelled with the pair.
 */
function pairExpr(service: ResolvedService, slo: ResolvedSlo, pair: SloBurnAlert["pairs"][number]): string {
  const threshold = q.num(pair.factor * slo.errorBudget);
  const long = sloSeries(service, slo, SLI_RATIO(pair.long));
  const short = sloSeries(service, slo, SLI_RATIO(pair.short));
  const burning = `(${long} / ${q.num(slo.errorBudget)}) * (${long} > bool ${threshold}) * (${short} > bool ${threshold})`;
  return `label_replace(${burning}, "burn_window", ${q.quote(`${pair.long}/${pair.short}`)}, "", "")`;
}

function objectiveText(slo: ResolvedSlo): string {
  const percent = `${q.num(slo.objective * 100)}%`;
  if (slo.kind === "latency") return `${percent} of requests within ${slo.thresholdMs} ms over ${slo.window}`;
  return `${percent} of requests succeed over ${slo.window}`;
}

const pairText = (slo: ResolvedSlo, p: SloBurnAlert["pairs"][number]) => `${q.num(p.factor)}x over ${p.long} and ${p.short} (${q.num(p.budgetSpent * 100)}% of the ${slo.window} budget in ${p.long})`;

type Kind = "page" | "ticket";
const KIND = { page: { severity: "critical", word: "page" }, ticket: { severity: "warning", word: "ticket" } } as const;

/** The page or the ticket of an SLO: fires while any of its pairs burns, one instance per burning pair. */
export function sloBurnAlertSpec(model: ResolvedModel, service: ResolvedService, slo: ResolvedSlo, kind: Kind, alert: SloBurnAlert): AlertRuleSpec {
  const { severity, word } = KIND[kind];
  return ruleSpec(model, service, {
    group: "slo",
    source: `${service.key}.slos.${slo.key}`,
    uidParts: [service.key, "slo", `${slo.key}-${word}`],
    title: `${slo.name} burn rate (${word})`,
    queries: [{ refId: "A", expr: alert.pairs.map((p) => pairExpr(service, slo, p)).join(" or ") }],
    condition: { kind: "above", value: 0 },
    for: "0s",
    labels: { ...routeLabels(model, { severity, contacts: alert.contacts }), service: service.key, slo: slo.key },
    summary: `${slo.name} (${objectiveText(slo)}) is burning its error budget too fast: ${alert.pairs.map((p) => pairText(slo, p)).join(", or ")}`,
    runbook: slo.runbook,
  });
}

/** A warning once the SLO window's whole error budget is spent (weighted by events). */
export function sloBudgetExhaustedSpec(model: ResolvedModel, service: ResolvedService, slo: ResolvedSlo, contacts: string[]): AlertRuleSpec {
  return ruleSpec(model, service, {
    group: "slo",
    source: `${service.key}.slos.${slo.key}`,
    uidParts: [service.key, "slo", `${slo.key}-exhausted`],
    title: `${slo.name} error budget exhausted`,
    queries: [{ refId: "A", expr: sloSeries(service, slo, SLO_METADATA.budgetRemaining) }],
    condition: { kind: "below", value: 0 },
    for: "0s",
    labels: { ...routeLabels(model, { severity: "warning", contacts }), service: service.key, slo: slo.key },
    summary: `${slo.name} (${objectiveText(slo)}) has spent its whole error budget over the last ${slo.window}`,
    runbook: slo.runbook,
  });
}

/** Every alert of a service's SLOs, in definition order: page, ticket, budget exhausted. */
export function sloAlertSpecs(model: ResolvedModel, service: ResolvedService): AlertRuleSpec[] {
  return service.slos.flatMap((slo) => [
    ...(slo.page ? [sloBurnAlertSpec(model, service, slo, "page", slo.page)] : []),
    ...(slo.ticket ? [sloBurnAlertSpec(model, service, slo, "ticket", slo.ticket)] : []),
    ...(slo.budgetExhausted ? [sloBudgetExhaustedSpec(model, service, slo, slo.budgetExhausted.contacts)] : []),
  ]);
}
