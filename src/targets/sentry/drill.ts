/**
 * `monitoring drill` through Sentry: for every contact Sentry's alerts deliver to, the alert action
 * this project provisions for it (./mapping `issueActions`: the team e-mail, the Slack channel
 * through Sentry's Slack integration, the PagerDuty service through Sentry's PagerDuty
 * integration) fired once by Sentry at a sample event, with Sentry's own test-notification API.
 *
 * Evidence (getsentry/sentry):
 * - `src/sentry/api/endpoints/project_rule_actions.py` `ProjectRuleActionsEndpoint.post` (URL name
 *   `sentry-api-0-project-rule-actions`, `POST /api/0/projects/{org}/{project}/rules/actions/`, the
 *   "Send Test Notification" button of the issue alert editor): body `{ actions: [...] }` checked by
 *   `RuleActionSerializer` (400 with the serializer's errors; 400 `["No actions to perform."]` when
 *   empty); the actions fire at a sample event (`create_sample_event`) with digests skipped; answers
 *   200 with no body, or 400 `{ "actions": [<error>] }` when an integration refused
 *   (`IntegrationFormError`) or failed ("An unexpected error occurred. Error ID: …").
 *   `tests/sentry/api/endpoints/test_project_rule_actions.py`: a `name` in the body titles the
 *   notification ("[<name>]: …" in PagerDuty's summary; "[Test Alert]" without it), and a
 *   PagerDuty action takes `severity: "info"`.
 * - Metric alerts (`/organizations/{org}/alert-rules/`) have no test-notification endpoint. The
 *   workflow engine's `POST /organizations/{org}/test-fire-actions/`
 *   (`workflow_engine/endpoints/organization_test_fire_action.py`) is marked EXPERIMENTAL, takes
 *   workflow-engine actions, and also fires at a sample error event of the organization's first
 *   project. A metric alert's action reaches the same team, Slack channel and PagerDuty service
 *   through the same integrations, so the contact's one Sentry route is drilled with the issue-alert
 *   action test and covers both kinds (the route says so).
 * - Sentry's PagerDuty action sends a trigger only; the drill cannot resolve it (the result says so).
 *
 * Credentials as the providers read them (./client): `sentry:token` / `SENTRY_AUTH_TOKEN`, and
 * `sentry:apiUrl` / `SENTRY_API_URL` (default https://sentry.io/api/0).
 */
import type { ResolvedModel, Routed } from "../../resolve";
import { afterAttempts, answerText, drillRequest } from "../drill/http";
import type { DrillContext, DrillResult, DrillRoute, VendorDrill } from "../types";
import { DEFAULT_API_URL, pathOf } from "./client";
import { issueActions } from "./mapping";
import { undeliverable } from "./problems";
import { VENDOR, warningRoute, type SentrySettings } from "./settings";

/** Where a contact's Sentry route is drilled: the first service (by key) whose alerts reach it. */
interface Target {
  project: string;
  severity: Routed["severity"];
  kinds: Set<"issue" | "metric">;
}

function targets(model: ResolvedModel): Map<string, Target> {
  const out = new Map<string, Target>();
  const add = (key: string, project: string, severity: Routed["severity"], kind: "issue" | "metric") => {
    if (!model.contacts[key] || undeliverable(model, key, kind)) return;
    const t = out.get(key) ?? { project, severity, kinds: new Set() };
    t.kinds.add(kind);
    out.set(key, t);
  };
  for (const service of [...model.services].sort((a, b) => a.key.localeCompare(b.key))) {
    const project = service.sentryProject ?? service.key;
    for (const a of service.errors) {
      const kind = a.kind === "failure-rate" ? "metric" : "issue";
      for (const key of a.contacts) add(key, project, a.severity, kind);
      if (a.kind === "failure-rate" && a.warnAbovePercent !== undefined) for (const key of warningRoute(model, service.key)) add(key, project, "warning", "metric");
    }
    for (const a of service.performance) {
      for (const key of a.contacts) add(key, project, a.severity, "metric");
      if (a.warnAboveMs !== undefined) for (const key of warningRoute(model, service.key)) add(key, project, "warning", "metric");
    }
  }
  return out;
}

function apiUrl(ctx: DrillContext): string {
  return (ctx.setting("sentry:apiUrl", "SENTRY_API_URL") ?? DEFAULT_API_URL).replace(/\/+$/, "");
}

/** The provisioned action for a contact, PagerDuty's severity lowered to `info` for the drill. */
function drillAction(model: ResolvedModel, key: string, t: Target): Record<string, unknown> | undefined {
  const [action] = issueActions(model, { key: "drill", name: "drill", severity: t.severity, contacts: [key] });
  if (!action) return undefined;
  return String(action.id).endsWith("PagerDutyNotifyServiceAction") ? { ...action, severity: "info" } : { ...action };
}

function routes(model: ResolvedModel, settings: SentrySettings, ctx: DrillContext): DrillRoute[] {
  if (!settings.organization) return [];
  const token = ctx.credential("sentry:token", "SENTRY_AUTH_TOKEN");
  return [...targets(model)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, t]) => ({
      id: `${key}/${VENDOR}`,
      contact: key,
      channel: model.contacts[key].contact.type,
      path: "Sentry alert action (test notification)",
      sends: `Sentry's test notification "${name(ctx)}" through ${String(drillAction(model, key, t)?.id ?? "?").split(".").pop()} in ${settings.organization}/${t.project}${t.kinds.has("metric") ? " (metric alerts have no test API; theirs reach the same integration)" : ""}`,
      ...("missing" in token ? { blocked: token.missing } : {}),
    }));
}

const name = (ctx: DrillContext) => `[DRILL] monitoring drill (${ctx.stack})`;

function refusal(status: number, json: unknown, text: string): string {
  const actions = (json as { actions?: unknown } | undefined)?.actions;
  if (status === 400 && Array.isArray(actions) && actions.every((a) => typeof a === "string")) return `Sentry could not notify: ${actions.join("; ")}`;
  const hint = status === 401 || status === 403 ? " (does the token have alerts:write on the project?)" : status === 404 ? " (does the organization and project exist?)" : "";
  return `Sentry answered ${answerText(status, text)}${hint}`;
}

async function fire(model: ResolvedModel, settings: SentrySettings, key: string, t: Target, token: string, ctx: DrillContext): Promise<[boolean, string]> {
  const action = drillAction(model, key, t);
  if (!action) return [false, "no Sentry action reaches this contact"];
  // getsentry/sentry project_rule_actions.py: POST /projects/{org}/{project}/rules/actions/ { name, actions }.
  const url = `${apiUrl(ctx)}${pathOf("projects", settings.organization!, t.project, "rules", "actions")}`;
  const body = { name: name(ctx), actions: [action] };
  // Not idempotent (each call notifies): only an answer that cannot have notified is retried.
  const r = await drillRequest(url, { method: "POST", headers: { authorization: `Bearer ${token}` }, json: body, timeoutMs: 30_000, idempotent: false });
  if (!r.ok) return [false, `${r.error}${afterAttempts(r.attempts)}`];
  if (r.status < 200 || r.status >= 300) return [false, refusal(r.status, r.json, r.text)];
  const pager = model.contacts[key].contact.type === "pagerduty" ? "; Sentry's test sends no resolve: resolve the [DRILL] incident in PagerDuty" : "";
  return [true, `Sentry fired the action at a sample event in ${settings.organization}/${t.project} (HTTP ${r.status})${pager}`];
}

async function send(selected: readonly DrillRoute[], model: ResolvedModel, settings: SentrySettings, ctx: DrillContext): Promise<DrillResult[]> {
  const token = ctx.credential("sentry:token", "SENTRY_AUTH_TOKEN");
  const all = targets(model);
  const results: DrillResult[] = [];
  for (const route of selected) {
    const t = all.get(route.contact);
    if ("missing" in token || !t) {
      results.push({ id: route.id, delivered: false, why: "missing" in token ? token.missing : "no Sentry alert reaches this contact" });
      continue;
    }
    ctx.progress(`sentry: firing the action for ${route.contact} in ${settings.organization}/${t.project}`);
    const [delivered, why] = await fire(model, settings, route.contact, t, token.value, ctx);
    results.push({ id: route.id, delivered, why });
  }
  return results;
}

export const sentryDrill: VendorDrill<SentrySettings> = { routes, send };
