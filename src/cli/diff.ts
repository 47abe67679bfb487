/**
 * `monitoring diff`: compares two plans of the same stacks resource by resource (matched by URN)
 * and reports what `pulumi up` would do to the vendors: create, delete, replace, or update some
 * fields in place. Secrets are compared by fingerprint (see `secretFingerprints` in ./plan) and
 * only ever named, never shown.
 *
 * Pure functions over plans; building the plans at git refs lives in ./plan-at-ref.
 */
import * as fs from "node:fs";
import { z } from "zod";
import { UsageError } from "./project";
import type { Plan, PlannedResource } from "./plan";
import { SECRET_MARK } from "./plan";
import { escapeHtml, escapeMd, shortType, vendorOf } from "./render";
import { alertContactKind, integrationKind, maintenanceWindowKind, monitorKind, statusPageKind } from "../targets/uptimerobot/kinds";

export const DIFF_FORMATS = ["markdown", "table", "json"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
export const FAIL_ON = ["delete", "replace", "any"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The hidden marker the workflow uses to find and update its one comment. */
export const COMMENT_MARKER = "<!-- monitoring-diff -->";
/** GitHub rejects comments over 65,536 characters; keep a margin for the workflow's own lines. */
export const COMMENT_LIMIT = 65_536;
const COMMENT_BUDGET = 60_000;

/** The dynamic resource types of this project's own providers, with the kinds that declare what they replace. */
const DYNAMIC_KINDS = {
  "pulumi-nodejs:dynamic/uptimerobot:Monitor": monitorKind,
  "pulumi-nodejs:dynamic/uptimerobot:Integration": integrationKind,
  "pulumi-nodejs:dynamic/uptimerobot:AlertContact": alertContactKind,
  "pulumi-nodejs:dynamic/uptimerobot:MaintenanceWindow": maintenanceWindowKind,
  "pulumi-nodejs:dynamic/uptimerobot:StatusPage": statusPageKind,
} as const;

/**
 * Inputs whose change makes the provider delete the vendor object and create a new one, per
 * resource type. Native providers declare these in their schemas (Terraform ForceNew /
 * RequiresReplace); dynamic providers say so at run time from `diff()`, which an offline plan
 * cannot call, so their entries are read from the same declarations their `diff()` uses (the
 * UptimeRobot kinds' `replaceOnChange`). A listed field that changes turns an update into a
 * replacement; anything else is an in-place update. A change of type or parent changes the URN,
 * which shows as a deletion and a creation.
 *
 * Native entries: pulumi-cloudflare Ruleset (zone_id, account_id, kind and phase force a new
 * ruleset); pulumiverse/sentry alerts (organization and project are part of the alert's id);
 * pulumiverse/grafana (org, folder and name identify a rule group; a folder's uid is its id; a
 * dashboard's org). Our Stripe provider replaces a webhook endpoint whose api_version changes.
 */
export const REPLACE_ON: Readonly<Record<string, readonly string[]>> = {
  "cloudflare:index/ruleset:Ruleset": ["zoneId", "accountId", "kind", "phase"],
  "sentry:index/sentryIssueAlert:SentryIssueAlert": ["organization", "project"],
  "sentry:index/sentryMetricAlert:SentryMetricAlert": ["organization", "project"],
  "grafana:alerting/ruleGroup:RuleGroup": ["orgId", "folderUid", "name"],
  "grafana:oss/folder:Folder": ["uid", "orgId"],
  "grafana:oss/dashboard:Dashboard": ["orgId"],
  "pulumi-nodejs:dynamic/stripe:WebhookEndpoint": ["apiVersion"],
  ...Object.fromEntries(Object.entries(DYNAMIC_KINDS).map(([type, kind]) => [type, kind.replaceOnChange])),
};

export type Action = "create" | "delete" | "replace" | "update";

export interface FieldChange {
  path: string;
  /** Rendered values; absent on the side where the field does not exist. Never set for secrets. */
  before?: string;
  after?: string;
  /** The field is a secret on either side: only its name is reported. */
  secret: boolean;
  /** The field forces replacement of the resource. */
  forcesReplacement: boolean;
  /** For secrets: what it is, e.g. "Slack webhook URL". */
  label?: string;
}

export interface ResourceChange {
  action: Action;
  urn: string;
  type: string;
  name: string;
  vendor: string;
  /** Changed fields (updates and replacements); for creates and deletes, empty. */
  fields: FieldChange[];
}

export interface StackDiff {
  stack: string;
  project: string;
  changes: ResourceChange[];
  /** Things the reader should know (e.g. a stack that exists on one side only). */
  notes: string[];
  /**
   * Encrypted stack settings (`secure:` in Pulumi.<stack>.yaml) that were set, re-set or removed.
   * Offline their values cannot be decrypted, so the plans cannot see them change; the ciphertext
   * changes whenever one is set again (even to the same value), which is what is reported.
   */
  encryptedSettings?: EncryptedSettingChange[];
}

export interface EncryptedSettingChange {
  /** e.g. `monitoring:contacts.team-slack.webhookUrl` */
  path: string;
  change: "set again" | "added" | "removed";
}

/** Compares the `secure:` settings of a stack file at two sides (path → hash of the ciphertext). */
export function compareEncryptedSettings(base: Record<string, string>, head: Record<string, string>): EncryptedSettingChange[] {
  const out: EncryptedSettingChange[] = [];
  for (const path of [...new Set([...Object.keys(base), ...Object.keys(head)])].sort()) {
    if (!(path in base)) out.push({ path, change: "added" });
    else if (!(path in head)) out.push({ path, change: "removed" });
    else if (base[path] !== head[path]) out.push({ path, change: "set again" });
  }
  return out;
}

export interface DiffReport {
  stacks: StackDiff[];
}

// ---------------------------------------------------------------------------------------------
// Reading saved plans

const PlannedResourceSchema = z.object({
  urn: z.string().min(1),
  type: z.string().min(1),
  name: z.string(),
  parent: z.string().nullable().optional(),
  custom: z.boolean(),
  inputs: z.record(z.string(), z.unknown()),
  secretInputs: z.array(z.string()).default([]),
  secretFingerprints: z.record(z.string(), z.string()).optional(),
});
const PlanSchema = z.object({
  project: z.string().min(1),
  stack: z.string().min(1),
  resources: z.array(PlannedResourceSchema),
  warnings: z.array(z.string()).default([]),
});

/** Parses a plan written by `monitoring plan --format json`; `label` names it in errors. */
export function parsePlan(text: string, label: string): Plan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${label}: not JSON (${(e as Error).message}; expected the output of \`monitoring plan --format json\`)`);
  }
  const parsed = PlanSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${label}: ${issue.path.join(".") || "(top level)"}: ${issue.message} (expected the output of \`monitoring plan --format json\`)`);
  }
  return {
    ...parsed.data,
    resources: parsed.data.resources.map((r) => ({ ...r, parent: r.parent ?? undefined })),
  };
}

export function readPlanFile(file: string, label: string): Plan {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${label} ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parsePlan(text, `${label} ${file}`);
}

// ---------------------------------------------------------------------------------------------
// Comparing

/**
 * Leaves of a value as path → rendered value. Arrays of scalars stay one leaf (`["a","b"]`), so
 * that removing one entry reads as one change rather than a shifted list.
 */
export function leaves(value: unknown, path = "", out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) out.set(path, JSON.stringify(value));
    else value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) out.set(path, "{}");
    for (const k of keys) leaves((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(path, typeof value === "string" ? value : JSON.stringify(value));
  }
  return out;
}

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

function isSecretPath(path: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => under(path, s));
}

function forcesReplacement(type: string, path: string): boolean {
  return (REPLACE_ON[type] ?? []).some((key) => under(path, key));
}

/** The changed fields of a resource present on both sides, in path order. */
export function compareResource(base: PlannedResource, head: PlannedResource): FieldChange[] {
  const a = leaves(base.inputs);
  const b = leaves(head.inputs);
  const secrets = [...base.secretInputs, ...head.secretInputs];
  const changes: FieldChange[] = [];
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const reportedSecrets = new Set<string>();
  for (const path of paths) {
    const secretRoot = [...base.secretInputs, ...head.secretInputs].find((s) => under(path, s));
    if (secretRoot !== undefined) {
      if (reportedSecrets.has(secretRoot)) continue;
      const wasSecret = base.secretInputs.includes(secretRoot);
      const isSecret = head.secretInputs.includes(secretRoot);
      let changed: boolean;
      if (wasSecret && isSecret) {
        const before = base.secretFingerprints?.[secretRoot];
        const after = head.secretFingerprints?.[secretRoot];
        // Without a fingerprint on both sides (an older plan, or a value unknown at plan time)
        // a change cannot be seen; saying nothing is the honest answer for an unchanged secret.
        changed = before !== undefined && after !== undefined && before !== after;
      } else {
        // Became a secret, or stopped being one: that is a change either way.
        changed = true;
      }
      if (changed) {
        reportedSecrets.add(secretRoot);
        const context = `${head.type} ${head.name} ${typeof head.inputs.type === "string" ? head.inputs.type : ""}`;
        changes.push({ path: secretRoot, secret: true, forcesReplacement: forcesReplacement(head.type, secretRoot), label: secretLabel(secretRoot, context) });
      }
      continue;
    }
    const before = a.get(path);
    const after = b.get(path);
    if (before === after) continue;
    changes.push({
      path,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
      secret: isSecretPath(path, secrets),
      forcesReplacement: forcesReplacement(head.type, path),
    });
  }
  return changes;
}

const ACTION_ORDER: Record<Action, number> = { delete: 0, replace: 1, create: 2, update: 3 };

function byStableOrder(x: ResourceChange, y: ResourceChange): number {
  return ACTION_ORDER[x.action] - ACTION_ORDER[y.action] || x.vendor.localeCompare(y.vendor) || x.type.localeCompare(y.type) || x.name.localeCompare(y.name) || x.urn.localeCompare(y.urn);
}

/** Compares one stack's plans; a missing side means the stack does not exist there. */
export function diffPlans(base: Plan | undefined, head: Plan | undefined): StackDiff {
  const stack = head?.stack ?? base?.stack ?? "?";
  const project = head?.project ?? base?.project ?? "?";
  const notes: string[] = [];
  if (!base) notes.push(`stack ${stack} is new: it does not exist at the base`);
  if (!head) notes.push(`stack ${stack} is removed: Pulumi.${stack}.yaml no longer exists`);
  const custom = (p: Plan | undefined) => new Map((p?.resources ?? []).filter((r) => r.custom).map((r) => [r.urn, r]));
  const before = custom(base);
  const after = custom(head);
  const changes: ResourceChange[] = [];
  const entry = (action: Action, r: PlannedResource, fields: FieldChange[] = []): ResourceChange => ({
    action,
    urn: r.urn,
    type: r.type,
    name: r.name,
    vendor: vendorOf(r.type),
    fields,
  });
  for (const [urn, r] of before) if (!after.has(urn)) changes.push(entry("delete", r));
  for (const [urn, r] of after) {
    const old = before.get(urn);
    if (!old) {
      changes.push(entry("create", r));
      continue;
    }
    const fields = compareResource(old, r);
    if (fields.length === 0) continue;
    changes.push(entry(fields.some((f) => f.forcesReplacement) ? "replace" : "update", r, fields));
  }
  changes.sort(byStableOrder);
  const missingFingerprints =
    base && head && base.resources.some((r) => r.secretInputs.length > 0 && !r.secretFingerprints) && head.resources.some((r) => r.secretInputs.length > 0);
  if (missingFingerprints) notes.push("the base plan carries no secret fingerprints (made by an older version), so changed secrets cannot be seen in this diff");
  return { stack, project, changes, notes };
}

export function counts(diff: StackDiff): Record<Action, number> & { secrets: number } {
  const c = { create: 0, delete: 0, replace: 0, update: 0, secrets: 0 };
  for (const ch of diff.changes) {
    c[ch.action] += 1;
    c.secrets += ch.fields.filter((f) => f.secret).length;
  }
  c.secrets += diff.encryptedSettings?.length ?? 0;
  return c;
}

/** Whether `--fail-on` matches: "delete" matches deletions and replacements (both destroy a vendor object). */
export function failsOn(report: DiffReport, failOn: FailOn): boolean {
  const all = report.stacks.flatMap((s) => s.changes);
  if (failOn === "any") return all.length > 0 || report.stacks.some((s) => (s.encryptedSettings?.length ?? 0) > 0);
  if (failOn === "replace") return all.some((c) => c.action === "replace");
  return all.some((c) => c.action === "delete" || c.action === "replace");
}

// ---------------------------------------------------------------------------------------------
// Naming secrets

const SECRET_NAMES: Record<string, string> = {
  phone: "phone number",
  webhookUrl: "webhook URL",
  url: "URL",
  integrationKey: "integration key",
  heartbeatUrl: "heartbeat URL",
  apiKey: "API key",
  secret: "signing secret",
  password: "password",
  token: "token",
  value: "value",
};

/** "phone number", "Slack webhook URL", or the path itself when the last segment is not known. */
export function secretLabel(path: string, context = ""): string {
  const last = path.split(/[.[\]]/).filter(Boolean).pop() ?? path;
  const name = SECRET_NAMES[last];
  if (name === undefined) return path;
  const lower = `${context} ${path}`.toLowerCase();
  if (/url$/i.test(last) && lower.includes("slack")) return "Slack webhook URL";
  if (/url$/i.test(last) && lower.includes("webhook")) return "webhook URL";
  if (last === "integrationKey" && lower.includes("pagerdut")) return "PagerDuty integration key";
  return name;
}

function labelOf(field: FieldChange): string {
  return field.label ?? secretLabel(field.path);
}

/** "oncall-sms: phone number changed" */
export function describeSecret(change: ResourceChange, field: FieldChange): string {
  return `${change.name}: ${labelOf(field)} changed`;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const SYMBOL: Record<Action, string> = { create: "+", delete: "-", replace: "-/+", update: "~" };
const VERB: Record<Action, string> = { create: "create", delete: "delete", replace: "replace", update: "update" };

export function summaryLine(diff: StackDiff): string {
  const c = counts(diff);
  if (diff.changes.length === 0 && c.secrets === 0) return "no changes";
  const parts = [`${c.create} to add`, `${c.update} to change`, `${c.replace} to replace`, `${c.delete} to delete`];
  const secrets = c.secrets > 0 ? `; ${c.secrets} secret${c.secrets === 1 ? "" : "s"} changed` : "";
  return `${parts.join(", ")}${secrets}`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, " ⏎ ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function beforeAfter(f: FieldChange, max: number): [string, string] {
  if (f.secret) return [SECRET_MARK, `${SECRET_MARK} (changed)`];
  return [f.before === undefined ? "(none)" : clip(f.before, max), f.after === undefined ? "(none)" : clip(f.after, max)];
}

export function renderDiffJson(report: DiffReport): string {
  return `${JSON.stringify(
    {
      stacks: report.stacks.map((s) => ({
        stack: s.stack,
        project: s.project,
        summary: counts(s),
        notes: s.notes,
        encryptedSettings: s.encryptedSettings ?? [],
        changes: s.changes.map((c) => ({
          action: c.action,
          urn: c.urn,
          type: c.type,
          name: c.name,
          vendor: c.vendor,
          fields: c.fields.map((f) =>
            f.secret
              ? { path: f.path, secret: true, forcesReplacement: f.forcesReplacement, description: `${labelOf(f)} changed` }
              : { path: f.path, before: f.before ?? null, after: f.after ?? null, secret: false, forcesReplacement: f.forcesReplacement },
          ),
        })),
      })),
    },
    null,
    2,
  )}\n`;
}

export function renderDiffTable(report: DiffReport): string {
  const lines: string[] = [];
  for (const s of report.stacks) lines.push(`${s.stack}: ${summaryLine(s)}`);
  const destructive = report.stacks.flatMap((s) => s.changes.filter((c) => c.action === "delete" || c.action === "replace").map((c) => ({ s, c })));
  if (destructive.length > 0) {
    lines.push("", "Deletions and replacements:");
    for (const { s, c } of destructive) lines.push(`  ${s.stack}: ${VERB[c.action]} ${c.vendor} ${shortType(c.type)} ${c.name}`);
  }
  for (const s of report.stacks) {
    const encrypted = s.encryptedSettings ?? [];
    if (s.changes.length === 0 && s.notes.length === 0 && encrypted.length === 0) continue;
    lines.push("", `Stack ${s.stack}`);
    for (const n of s.notes) lines.push(`  note: ${n}`);
    for (const e of encrypted) lines.push(`  secret setting ${e.path}: ${e.change} (encrypted, not shown)`);
    for (const c of s.changes) {
      lines.push(`  ${SYMBOL[c.action].padEnd(3)} ${c.vendor} ${shortType(c.type)} ${c.name}`);
      for (const f of c.fields) {
        if (f.secret) {
          lines.push(`        ${f.path}: ${labelOf(f)} changed (secret, not shown)${f.forcesReplacement ? " [forces replacement]" : ""}`);
          continue;
        }
        const [before, after] = beforeAfter(f, 120);
        lines.push(`        ${f.path}: ${before} → ${after}${f.forcesReplacement ? " [forces replacement]" : ""}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

function changeTitle(c: ResourceChange): string {
  return `<code>${SYMBOL[c.action]}</code> ${VERB[c.action]} <code>${escapeHtml(c.vendor)}</code> ${escapeHtml(shortType(c.type))} <b>${escapeHtml(c.name)}</b>`;
}

function changeBlock(c: ResourceChange, valueMax: number): string {
  const lines: string[] = [];
  if (c.action === "create" || c.action === "delete") {
    lines.push(`- ${changeTitle(c)}`);
    return lines.join("\n");
  }
  const n = c.fields.length;
  lines.push(`<details><summary>${changeTitle(c)} (${n} field${n === 1 ? "" : "s"})</summary>`, "");
  lines.push("| field | before | after |", "| --- | --- | --- |");
  for (const f of c.fields) {
    const mark = f.forcesReplacement ? " ⚠️ forces replacement" : "";
    if (f.secret) {
      lines.push(`| \`${f.path}\`${mark} | *secret* | *${escapeMd(labelOf(f))} changed (not shown)* |`);
      continue;
    }
    const [before, after] = beforeAfter(f, valueMax);
    lines.push(`| \`${f.path}\`${mark} | ${cell(before)} | ${cell(after)} |`);
  }
  lines.push("", "</details>");
  return lines.join("\n");
}

function cell(text: string): string {
  return `<code>${escapeMd(text).replace(/`/g, "&#96;")}</code>`;
}

/**
 * A pull-request comment in tfcmt's manner: one summary line per stack, deletions and
 * replacements called out at the top, details folded, nothing for unchanged resources. Stays
 * under GitHub's comment limit: past the budget, field tables are dropped and then whole
 * entries, with a note saying so.
 */
export function renderDiffMarkdown(report: DiffReport, opts: { title?: string; budget?: number } = {}): string {
  const budget = opts.budget ?? COMMENT_BUDGET;
  const head: string[] = [COMMENT_MARKER, `## ${opts.title ?? "Monitoring diff"}`, ""];
  for (const s of report.stacks) head.push(`- **\`${s.stack}\`**: ${summaryLine(s)}`);
  head.push("");

  const destructive = report.stacks.flatMap((s) => s.changes.filter((c) => c.action === "delete" || c.action === "replace").map((c) => ({ s, c })));
  const secrets = report.stacks.flatMap((s) => s.changes.flatMap((c) => c.fields.filter((f) => f.secret).map((f) => ({ s, c, f }))));
  const callouts: string[] = [];
  if (destructive.length > 0) {
    callouts.push("> [!WARNING]", `> **${destructive.length} resource${destructive.length === 1 ? "" : "s"} will be deleted or replaced.** Alert history and vendor-side settings of these are lost:`);
    const shown = destructive.slice(0, 50);
    for (const { s, c } of shown) {
      const why = c.action === "replace" ? ` (replaced: ${c.fields.filter((f) => f.forcesReplacement).map((f) => `\`${f.path}\``).join(", ")} changed)` : "";
      callouts.push(`> - \`${s.stack}\` **${VERB[c.action]}** ${escapeMd(c.vendor)} ${escapeMd(shortType(c.type))} \`${escapeMd(c.name)}\`${why}`);
    }
    if (destructive.length > shown.length) callouts.push(`> - …and ${destructive.length - shown.length} more (see below)`);
    callouts.push("");
  }
  const named = [
    ...secrets.map(({ s, c, f }) => `\`${s.stack}\` ${escapeMd(describeSecret(c, f))}`),
    ...report.stacks.flatMap((s) => (s.encryptedSettings ?? []).map((e) => `\`${s.stack}\` setting \`${escapeMd(e.path)}\` ${e.change} (encrypted)`)),
  ];
  if (named.length > 0) {
    callouts.push(`**Secrets changed** (values are never shown): ${named.slice(0, 30).join("; ")}${named.length > 30 ? `; …and ${named.length - 30} more` : ""}`, "");
  }

  const sections: { stack: StackDiff; blocks: { change: ResourceChange; full: string; short: string }[] }[] = report.stacks
    .filter((s) => s.changes.length > 0 || s.notes.length > 0 || (s.encryptedSettings?.length ?? 0) > 0)
    .map((s) => ({
      stack: s,
      blocks: s.changes.map((c) => ({ change: c, full: changeBlock(c, 300), short: `- ${changeTitle(c)}${c.fields.length ? ` (${c.fields.length} field${c.fields.length === 1 ? "" : "s"}, not shown: too long for one comment)` : ""}` })),
    }));

  const fixed = [...head, ...callouts].join("\n");
  let used = fixed.length + 400; // room for the closing note
  const body: string[] = [];
  let omitted = 0;
  let shortened = 0;
  for (const { stack, blocks } of sections) {
    const open = [`<details${stack.changes.length <= 30 ? " open" : ""}><summary><b>${escapeHtml(stack.stack)}</b>: ${escapeHtml(summaryLine(stack))}</summary>`, ""];
    for (const n of stack.notes) open.push(`> ${escapeMd(n)}`, "");
    const close = ["", "</details>", ""];
    const part: string[] = [];
    let partLen = open.join("\n").length + close.join("\n").length;
    if (used + partLen > budget) {
      omitted += blocks.length;
      continue;
    }
    let lastAction: Action | undefined;
    for (const b of blocks) {
      const heading = b.change.action !== lastAction ? `\n**${VERB[b.change.action][0].toUpperCase()}${VERB[b.change.action].slice(1)}**\n` : "";
      const remaining = blocks.length - part.length;
      // Keep room to shorten every remaining entry before spending it on this one in full.
      const reserve = remaining * 160;
      let text: string | undefined;
      if (used + partLen + heading.length + b.full.length + reserve <= budget) text = b.full;
      else if (used + partLen + heading.length + b.short.length <= budget) {
        text = b.short;
        if (b.short !== b.full) shortened += 1;
      }
      if (text === undefined) {
        omitted += 1;
        continue;
      }
      part.push(`${heading}${text}\n`);
      partLen += heading.length + text.length + 2;
      lastAction = b.change.action;
    }
    body.push(...open, ...part, ...close);
    used += partLen;
  }
  const tail: string[] = [];
  if (omitted > 0 || shortened > 0) {
    const bits = [];
    if (shortened > 0) bits.push(`${shortened} entr${shortened === 1 ? "y is" : "ies are"} listed without their fields`);
    if (omitted > 0) bits.push(`${omitted} more change${omitted === 1 ? " is" : "s are"} not listed`);
    tail.push(`> [!NOTE]\n> This diff is longer than one GitHub comment allows: ${bits.join(", and ")}. Run \`npx monitoring diff --format table\` locally, or \`--format json\`, for all of it.`, "");
  }
  const hasChanges = report.stacks.some((s) => s.changes.length > 0 || (s.encryptedSettings?.length ?? 0) > 0);
  if (!hasChanges) tail.push("No resource would change on any stack.", "");
  tail.push("<sub>Planned offline by `monitoring diff` (no credentials used). Secrets are compared by fingerprint and never shown.</sub>");
  return `${[fixed, ...body, ...tail].join("\n")}\n`;
}

export function renderDiff(report: DiffReport, format: DiffFormat): string {
  return format === "json" ? renderDiffJson(report) : format === "table" ? renderDiffTable(report) : renderDiffMarkdown(report);
}
