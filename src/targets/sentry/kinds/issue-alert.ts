/**
 * A Sentry issue alert rule of one project (`/projects/{org}/{project}/rules/`).
 *
 * Fields and the checks Sentry makes on them (getsentry/sentry):
 * - `name`, `environment`, `actionMatch`, `filterMatch`, `frequency`, `conditions`, `filters`,
 *   `actions`: `src/sentry/api/serializers/rest_framework/rule.py` `RuleSerializer`. `frequency` is
 *   `IntegerField(min_value=5, max_value=60 * 24 * 30)` (minutes); `environment` must exist
 *   ("This environment has not been created."); the name is `CharField(max_length=256)`
 *   (`ProjectRulesPostSerializer` in `api/endpoints/project_rules.py`; 64 in older releases).
 * - "You must add an action for this alert to fire.": `api/endpoints/project_rules.py` (POST) and
 *   `project_rule_details.py` (PUT) refuse a rule without actions.
 * - What comes back (`api/serializers/models/rule.py`): every condition, filter and action gains a
 *   `name` (its label), actions a `uuid`, Slack actions a looked-up `channel_id`; form fields are
 *   cleaned, so `value: "10"` reads back as `10` (`rules/conditions/event_frequency.py`
 *   `EventFrequencyForm.value` is an IntegerField). None of that is a change.
 */
import type { Checker } from "../../dynamic/checker";
import type { Props } from "../../dynamic/values";
import { pathOf, splitId } from "../client";
import { envOf, ruleChecker, ruleScope, sentNode, sentryKind } from "./common";

export type RuleNode = Record<string, string | number | boolean>;
export type Match = "all" | "any" | "none";
const MATCHES: readonly Match[] = ["all", "any", "none"];

export interface IssueAlertInputs {
  organization: string;
  project: string;
  name: string;
  /** Only events of this environment; it must exist in Sentry first. */
  environment?: string;
  actionMatch: Match;
  filterMatch?: Match;
  /** At most one notification per issue in this many minutes (5-43200). */
  frequency: number;
  conditions: RuleNode[];
  filters?: RuleNode[];
  actions: RuleNode[];
  /** Take over an existing rule with the same name and environment. */
  adopt?: boolean;
}

export interface VendorIssueAlert {
  id: string | number;
  name?: string;
  environment?: string | null;
  actionMatch?: string | null;
  filterMatch?: string | null;
  frequency?: number | null;
  conditions?: unknown[] | null;
  filters?: unknown[] | null;
  actions?: unknown[] | null;
  projects?: string[];
}

/** Keys Sentry adds to each node on save or read. */
const ADDED = ["name", "uuid", "channel_id", "_with_labels"];
export const FREQUENCY_MINUTES = { min: 5, max: 60 * 24 * 30 } as const;
export const ISSUE_ALERT_NAME_MAX = 256;

const nodes = (list: unknown): Props[] => (Array.isArray(list) ? list.map((n) => sentNode(n, ADDED)) : []);

/** Each node as sent is in what Sentry holds, field for field (Sentry adds, never drops). */
function sameNodes(observed: unknown, stored: unknown): boolean {
  const o = Array.isArray(observed) ? (observed as Props[]) : [];
  const s = Array.isArray(stored) ? (stored as Props[]) : [];
  return o.length === s.length && s.every((node, n) => Object.entries(node).every(([k, v]) => JSON.stringify(o[n]?.[k]) === JSON.stringify(v)));
}

function validateNodes(c: Checker, raw: Props, key: string, required: string | undefined): void {
  const list = raw[key];
  if (list === undefined && !required) return;
  if (!Array.isArray(list) || (required && list.length === 0)) return c.fail(key, `missing (expected ${required ?? "a list"})`);
  list.forEach((n: unknown, i) => {
    if (!n || typeof n !== "object" || typeof (n as Props).id !== "string") c.fail(`${key}[${i}]`, `is not a rule node (expected an object with the id of a Sentry ${key.replace(/s$/, "")})`);
  });
}

export const issueAlertKind = sentryKind<IssueAlertInputs, VendorIssueAlert>({
  id: "sentry:IssueAlert",
  label: "Sentry issue alert",
  secrets: [],
  scopeLength: 2,
  collection: {
    collectionOf: ([org, project]) => pathOf("projects", org, project, "rules"),
    scopeOf: (i) => [String((i as IssueAlertInputs).organization), String((i as IssueAlertInputs).project)],
    task: { path: ([org, project], uuid) => pathOf("projects", org, project, "rule-task", uuid), field: "rule" },
  },
  replaceOnChange: ["organization", "project"],
  reportsAbsence: true,
  nameOf: (i) => String(i.name ?? ""),
  validate(raw) {
    const c = ruleChecker(raw, ISSUE_ALERT_NAME_MAX);
    c.oneOf("actionMatch", MATCHES, { required: true });
    c.oneOf("filterMatch", MATCHES);
    c.number("frequency", { required: true, integer: true, ...FREQUENCY_MINUTES, unit: "minutes" });
    validateNodes(c, raw, "conditions", "at least one condition");
    validateNodes(c, raw, "filters", undefined);
    // Sentry: "You must add an action for this alert to fire."
    validateNodes(c, raw, "actions", "at least one action (Sentry: You must add an action for this alert to fire)");
    c.boolean("adopt");
    return c.failures;
  },
  canonical: (i) => ({
    ...ruleScope(i),
    actionMatch: i.actionMatch,
    filterMatch: i.filterMatch ?? "all",
    frequency: i.frequency === undefined ? undefined : Number(i.frequency),
    conditions: nodes(i.conditions),
    filters: nodes(i.filters),
    actions: nodes(i.actions),
  }),
  readTolerates: (key, observed, stored) => ["conditions", "filters", "actions"].includes(key) && sameNodes(observed, stored),
  identifies: (v, i) => String(v.name ?? "").trim() === String(i.name).trim() && envOf(v.environment) === envOf(i.environment),
  createBody: (i) => ({ scope: [i.organization, i.project], body: body(i) }),
  updateBody: (i) => ({ scope: [i.organization, i.project], body: body(i) }),
  fromVendor(v) {
    const { scope } = splitId(v.id, 2);
    return {
      organization: scope[0],
      project: scope[1],
      name: v.name ?? undefined,
      environment: envOf(v.environment),
      actionMatch: (v.actionMatch ?? undefined) as Match | undefined,
      filterMatch: (v.filterMatch ?? undefined) as Match | undefined,
      frequency: v.frequency ?? undefined,
      conditions: (v.conditions ?? []) as RuleNode[],
      filters: (v.filters ?? []) as RuleNode[],
      actions: (v.actions ?? []) as RuleNode[],
    };
  },
  extraOuts: (v) => ({ ruleId: v.sentryId }),
});

function body(i: IssueAlertInputs): Record<string, unknown> {
  return {
    name: i.name,
    environment: envOf(i.environment) ?? null,
    actionMatch: i.actionMatch,
    filterMatch: i.filterMatch ?? "all",
    frequency: i.frequency,
    conditions: i.conditions,
    filters: i.filters ?? [],
    actions: i.actions,
    // Sentry returns it, and older servers take it: the project the rule belongs to.
    projects: [i.project],
  };
}

