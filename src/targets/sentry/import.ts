/**
 * `monitoring import sentry`: reads a project's issue alert rules and the organization's metric
 * alert rules watching it (through the provider's own client and settings) and writes one service
 * whose `errors` and `performance` are those rules, each marked `adopt: true` so that the first
 * `pulumi up` takes the existing rules over instead of creating duplicates.
 *
 * Who a rule notifies is written the way the definition language says it: the stack's routing for
 * the rule's severity when its actions are exactly what that routing makes, else `notify` with the
 * stack's contacts that make them (the same mapping functions as provisioning, ./mapping). What the
 * language cannot say (filters, other conditions, "below" thresholds, other actions) is a note.
 *
 * Reading is code generation: the file is checked by `validate` and `plan` like any hand-written
 * definition (round-trip tested against the fake Sentry).
 */
import { OFFLINE_SECRET } from "../../model";
import { validateStack } from "../../pipeline";
import type { ResolvedModel } from "../../resolve";
import { isApiError } from "../dynamic/errors";
import { HttpClient } from "../dynamic/http-client";
import { linkHeaderPagination } from "../dynamic/pagination";
import { keyOf, literal } from "../codegen";
import { ImportFailed, type ImportContext, type ImportResult } from "../types";
import { pathOf, settingsFrom } from "./client";
import { type VendorIssueAlert, type VendorMetricAlert } from "./kinds";
import { ruleToDefinition, type Definitions } from "./import-rules";
import { sentrySettings } from "./settings";

export interface SentryAccount {
  organization: string;
  project: string;
  issueRules: VendorIssueAlert[];
  metricRules: VendorMetricAlert[];
}

/** The definitions file for what was read. Pure: same rules and stack, same file. */
export function generateSentryDefinitions(account: SentryAccount, model: ResolvedModel, opts: { serviceKey: string; date: string }): { source: string; defs: Definitions } {
  const defs: Definitions = { errors: {}, performance: {}, notes: [], next: [] };
  const taken = new Set<string>();
  // Two rules of one name and environment would be adopted by one definition: the second is an
  // orphan (the bridged provider's failed reads left one per retry) and is named, not imported.
  const seen = new Set<string>();
  const first = (kind: string, rule: { id: string | number; name?: string; environment?: string | null }) => {
    const id = `${kind}\0${rule.name}\0${rule.environment ?? ""}`;
    if (!seen.has(id)) return seen.add(id);
    defs.notes.push(`${kind} alert "${rule.name}" (id ${rule.id}): another rule has this name and environment, probably an orphan of an earlier create; not imported (delete it in Sentry)`);
    return false;
  };
  for (const rule of account.issueRules) if (first("issue", rule)) ruleToDefinition(model, { kind: "issue", rule }, keyOf(String(rule.name ?? ""), taken, `rule-${rule.id}`), defs);
  for (const rule of account.metricRules) if (first("metric", rule)) ruleToDefinition(model, { kind: "metric", rule }, keyOf(String(rule.name ?? ""), taken, `metric-${rule.id}`), defs);
  const service = {
    key: opts.serviceKey,
    name: `Imported from Sentry (${account.project})`,
    description: `Alert rules read from Sentry project ${account.organization}/${account.project} on ${opts.date}`,
    sentryProject: account.project,
    ...(Object.keys(defs.errors).length ? { errors: defs.errors } : {}),
    ...(Object.keys(defs.performance).length ? { performance: defs.performance } : {}),
  };
  const header = [
    "/**",
    ` * Imported from Sentry (${account.organization}/${account.project}) by \`monitoring import sentry\` on ${opts.date}.`,
    " * Every alert is marked adopt: true: the first `pulumi up` takes the existing rule over (same name and",
    " * environment) instead of creating a second one. Who it notifies follows this stack's routing and contacts.",
    ...(defs.notes.length ? [" *", " * Not imported as is:", ...defs.notes.map((n) => ` * - ${n}`)] : []),
    " */",
  ];
  return { source: `${header.join("\n")}\nimport { defineService } from "../src/model";\n\nexport default defineService(${literal(service)});\n`, defs };
}

async function readAccount(client: HttpClient, organization: string, project: string): Promise<SentryAccount> {
  const [issueRules, metricRules] = await Promise.all([
    client.listAll<VendorIssueAlert>(pathOf("projects", organization, project, "rules"), { pageSize: 100 }),
    client.listAll<VendorMetricAlert>(pathOf("organizations", organization, "alert-rules"), { pageSize: 100 }),
  ]);
  return { organization, project, issueRules, metricRules: metricRules.filter((r) => (r.projects ?? []).includes(project)) };
}

/** Which project: the one named like the service key, or the organization's only one. */
async function projectOf(client: HttpClient, organization: string, serviceKey: string): Promise<string> {
  const projects = (await client.listAll<{ slug: string }>(pathOf("organizations", organization, "projects"), { pageSize: 100 })).map((p) => p.slug);
  if (projects.includes(serviceKey)) return serviceKey;
  if (projects.length === 1) return projects[0];
  throw new ImportFailed(`--key ${serviceKey}: no Sentry project has this slug in ${organization} (expected --key <project slug>, one of ${projects.join(", ") || "none"})`, "usage");
}

/** The stack's settings and contacts, resolved as provisioning resolves them (no services needed). */
function stackModel(ctx: ImportContext): ResolvedModel {
  // Per-service overrides and the stack's status page name the stack's services, which are not needed here.
  const { "monitoring:services": _services, "monitoring:statusPage": _page, ...config } = ctx.config;
  const { model, problems } = validateStack({ stack: ctx.stack, services: [], config });
  if (!model) throw new ImportFailed(`the stack's settings have problems (expected \`monitoring validate --stack ${ctx.stack}\` to pass first): ${problems.map((p) => p.message).join("; ")}`, "usage");
  return model;
}

export async function importSentry(ctx: ImportContext): Promise<ImportResult> {
  const model = stackModel(ctx);
  const organization = sentrySettings(model).organization;
  if (!organization) throw new ImportFailed(`Pulumi.${ctx.stack}.yaml monitoring:vendors.sentry.organization: missing (expected the organization slug to read from)`, "usage");
  const get = (k: string) => (ctx.config[k] === OFFLINE_SECRET || ctx.config[k] === "" ? undefined : ctx.config[k]);
  let settings;
  try {
    settings = settingsFrom(get, ctx.env);
  } catch (e) {
    const encrypted = ctx.config["sentry:token"] === OFFLINE_SECRET ? " (sentry:token is encrypted in the stack file and cannot be read here: set SENTRY_AUTH_TOKEN)" : "";
    throw new ImportFailed(`${(e as Error).message}${encrypted}`, "usage");
  }
  ctx.log(`reading Sentry organization ${organization} at ${settings.apiUrl}...`);
  const client = new HttpClient(settings, linkHeaderPagination({ pageSizeParam: "per_page" }));
  let account: SentryAccount;
  try {
    account = await readAccount(client, organization, await projectOf(client, organization, ctx.serviceKey));
  } catch (e) {
    if (isApiError(e)) throw new ImportFailed(`Sentry refused or failed: ${e.message}`, "vendor");
    throw e;
  }
  const { source, defs } = generateSentryDefinitions(account, model, { serviceKey: ctx.serviceKey, date: new Date().toISOString().slice(0, 10) });
  const count = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return {
    source,
    summary: `imported ${count(Object.keys(defs.errors).length, "error alert")} and ${count(Object.keys(defs.performance).length, "performance alert")} of ${organization}/${account.project}`,
    next: [...new Set(defs.next), `keep the file under monitors/ (every service there is found), then \`monitoring validate --stack ${ctx.stack}\` and \`monitoring plan --stack ${ctx.stack}\``],
    notes: defs.notes,
  };
}
