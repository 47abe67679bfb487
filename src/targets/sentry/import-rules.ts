/**
 * One Sentry rule → one definition (for ./import): the inverse of ./mapping, checked by running the
 * mapping again (the actions a severity's routing or a `notify` list makes must be the rule's).
 */
import { formatSeconds, type Duration } from "../../model";
import type { ResolvedModel, Routed } from "../../resolve";
import { stable } from "../dynamic/values";
import { issueActions, metricActions, PERFORMANCE_DATASETS } from "./mapping";
import type { VendorIssueAlert, VendorMetricAlert } from "./kinds";
import { ISSUE_ALERT_INTERVALS } from "./problems";
import { sentrySettings, type PerformanceDataset } from "./settings";

export interface Definitions {
  errors: Record<string, Record<string, unknown>>;
  performance: Record<string, Record<string, unknown>>;
  notes: string[];
  next: string[];
}

type Rule = { kind: "issue"; rule: VendorIssueAlert } | { kind: "metric"; rule: VendorMetricAlert };
type Json = Record<string, unknown>;

/** What an action is, as the mapping writes it (Sentry's labels, uuids and looked-up ids left out; ids as text). */
function comparable(action: unknown, kind: "issue" | "metric"): string {
  const a = (action ?? {}) as Json;
  const keep = kind === "issue" ? Object.keys(a).filter((k) => !["name", "uuid", "channel_id"].includes(k)) : ["type", "targetType", "targetIdentifier", "integrationId"];
  return stable(Object.fromEntries(keep.filter((k) => a[k] !== undefined && a[k] !== null).map((k) => [k, String(a[k])])));
}

function actionsOf(model: ResolvedModel, kind: "issue" | "metric", contacts: string[], severity: Routed["severity"]): string[] {
  const alert: Routed = { key: "import", name: "import", severity, contacts };
  const made = kind === "issue" ? issueActions(model, alert) : metricActions(model, contacts);
  return made.map((a) => comparable(a, kind)).sort();
}

/**
 * The severity and, where the stack's routing does not make exactly these actions, the contacts
 * that do; undefined when no contacts of the stack make them.
 */
export function routeOf(model: ResolvedModel, kind: "issue" | "metric", actions: unknown[], known?: Routed["severity"]): { severity: Routed["severity"]; notify?: string[] } | undefined {
  const wanted = actions.map((a) => comparable(a, kind)).sort();
  const pages = actions.some((a) => {
    const x = a as Json;
    return String(x.id ?? "").includes("PagerDuty") || x.type === "pagerduty";
  });
  const severity: Routed["severity"] = known ?? (pages ? "critical" : "warning");
  if (stable(actionsOf(model, kind, model.settings.routing[severity], severity)) === stable(wanted)) return { severity };
  const notify = Object.keys(model.contacts).filter((key) => actionsOf(model, kind, [key], severity).some((a) => wanted.includes(a)));
  return stable(actionsOf(model, kind, notify, severity)) === stable(wanted) && notify.length > 0 ? { severity, notify } : undefined;
}

const minutes = (m: number): Duration => formatSeconds(m * 60);

/** The severity and runbook a metric alert's description holds when this project wrote it (./mapping severityNote). */
export function fromDescription(description: unknown): { severity?: Routed["severity"]; runbook?: string } {
  const text = typeof description === "string" ? description : "";
  const severity = /^Severity: (critical|warning)\./.exec(text)?.[1] as Routed["severity"] | undefined;
  const runbook = /Runbook: (https?:\/\/\S+)$/.exec(text)?.[1];
  return { severity, runbook };
}

function common(model: ResolvedModel, name: string, environment: string | null | undefined, defs: Definitions, runbook?: string): Json {
  const env = environment ?? undefined;
  if (!env) defs.notes.push(`"${name}" applies to every environment: imported with this stack's environment filter ("${model.environment}")`);
  return {
    name,
    ...(env && env !== model.environment ? { environment: env } : {}),
    runbook: runbook ?? { steps: [`Imported from Sentry: write the first steps to take when "${name}" fires.`] },
    adopt: true,
  };
}

function issueDefinition(model: ResolvedModel, rule: VendorIssueAlert, defs: Definitions): Json | undefined {
  const name = String(rule.name ?? "");
  const skip = (why: string) => void defs.notes.push(`issue alert "${name}": ${why}; not imported`);
  const conditions = (rule.conditions ?? []) as Json[];
  if ((rule.filters ?? []).length > 0) return skip("filters have no equivalent in the definition language");
  if (conditions.length !== 1) return skip(`${conditions.length} conditions (the definition language has one: first seen, or more than N events in an interval)`);
  if (rule.actionMatch === "none") return skip('actionMatch "none"');
  const route = routeOf(model, "issue", rule.actions ?? []);
  if (!route) return skip("its actions are not what any of this stack's contacts make (expected e-mail to the team, Slack or PagerDuty as monitoring:vendors.sentry configures them)");
  const c = conditions[0];
  const base = { ...common(model, name, rule.environment, defs), severity: route.severity, ...(route.notify ? { notify: route.notify } : {}), throttle: minutes(Number(rule.frequency ?? 30)) };
  if (String(c.id).endsWith("FirstSeenEventCondition")) return { kind: "first-seen", ...base };
  const interval = String(c.interval ?? "") as Duration;
  if (String(c.id).endsWith("EventFrequencyCondition") && (c.comparisonType ?? "count") === "count" && ISSUE_ALERT_INTERVALS.includes(interval) && /^\d+$/.test(String(c.value))) {
    return { kind: "event-frequency", moreThan: Number(c.value), interval, ...base };
  }
  return skip(`condition ${String(c.id)} has no equivalent in the definition language`);
}

/** The dataset setting a metric alert's dataset and query come from, if any. */
function datasetOf(rule: VendorMetricAlert): PerformanceDataset | undefined {
  if (rule.dataset === "transactions") return "transactions";
  if (rule.dataset === "generic_metrics") return "generic_metrics";
  if (rule.dataset === "events_analytics_platform" && /^is_transaction:true\b/.test(rule.query ?? "")) return "spans";
  return undefined;
}

function metricDefinition(model: ResolvedModel, rule: VendorMetricAlert, defs: Definitions): { concern: "errors" | "performance"; def: Json } | undefined {
  const name = String(rule.name ?? "");
  const skip = (why: string) => void defs.notes.push(`metric alert "${name}": ${why}; not imported`);
  const dataset = datasetOf(rule);
  if (!dataset) return skip(`dataset ${String(rule.dataset)} is not a performance dataset the definition language uses`), undefined;
  if (rule.thresholdType !== 0) return skip('it fires below its threshold (the definition language has "above" thresholds only)'), undefined;
  const configured = sentrySettings(model).performanceDataset;
  if (dataset !== configured) defs.next.push(`set monitoring:vendors.sentry.performanceDataset to "${dataset}" (the imported alerts use it; the stack has "${configured}")`);
  const [critical, warning] = rule.triggers ?? [];
  const described = fromDescription(rule.description);
  const route = routeOf(model, "metric", critical?.actions ?? [], described.severity);
  if (!route) return skip("its critical trigger's actions are not what any of this stack's contacts make"), undefined;
  const base = { ...common(model, name, rule.environment, defs, described.runbook), severity: route.severity, ...(route.notify ? { notify: route.notify } : {}), window: minutes(Number(rule.timeWindow)) };
  const filter = PERFORMANCE_DATASETS[dataset].filter;
  const query = (filter ? (rule.query ?? "").replace(filter, "") : (rule.query ?? "")).trim();
  const aggregate = String(rule.aggregate ?? "");
  if (aggregate === "failure_rate()" && query === "") {
    return { concern: "errors", def: { kind: "failure-rate", abovePercent: Number(critical.alertThreshold) * 100, ...(warning ? { warnAbovePercent: Number(warning.alertThreshold) * 100 } : {}), ...base } };
  }
  const latency = /^(?:p(50|75|90|95|99)|(max))\((?:transaction|span)\.duration\)$/.exec(aggregate);
  if (!latency) return skip(`aggregate ${aggregate} has no equivalent in the definition language`), undefined;
  const percentile = latency[2] ? 100 : Number(latency[1]);
  return { concern: "performance", def: { percentile, aboveMs: Number(critical.alertThreshold), ...(warning ? { warnAboveMs: Number(warning.alertThreshold) } : {}), ...(query ? { query } : {}), ...base } };
}

export function ruleToDefinition(model: ResolvedModel, r: Rule, key: string, defs: Definitions): void {
  if (r.kind === "issue") {
    const def = issueDefinition(model, r.rule, defs);
    if (def) defs.errors[key] = def;
    return;
  }
  const out = metricDefinition(model, r.rule, defs);
  if (out) defs[out.concern][key] = out.def;
}
