/**
 * Renders a diff for terminals (table), pull requests (markdown, in tfcmt's manner) and machines
 * (json). Secrets are only ever named.
 */
import { usd } from "./cost";
import { counts, describeSecret, labelOf, type Action, type CostChange, type DiffReport, type FieldChange, type ResourceChange, type StackDiff } from "./diff";
import { SECRET_MARK } from "./plan";
import { escapeHtml, escapeMd, shortType } from "./render";

export const DIFF_FORMATS = ["markdown", "table", "json"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
export const FAIL_ON = ["delete", "replace", "any"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The hidden marker the workflow uses to find and update its one comment. */
export const COMMENT_MARKER = "<!-- monitoring-diff -->";
/** GitHub rejects comments over 65,536 characters; keep a margin for the workflow's own lines. */
export const COMMENT_LIMIT = 65_536;
const COMMENT_BUDGET = 60_000;

const SYMBOL: Record<Action, string> = { create: "+", delete: "-", replace: "-/+", update: "~" };
const VERB: Record<Action, string> = { create: "create", delete: "delete", replace: "replace", update: "update" };

export function summaryLine(diff: StackDiff): string {
  const c = counts(diff);
  if (diff.changes.length === 0 && c.secrets === 0) return "no changes";
  const parts = [`${c.create} to add`, `${c.update} to change`, `${c.replace} to replace`, `${c.delete} to delete`];
  const secrets = c.secrets > 0 ? `; ${c.secrets} secret${c.secrets === 1 ? "" : "s"} changed` : "";
  return `${parts.join(", ")}${secrets}`;
}

/** "$227 → $407/month (cloudflare pro $20 → business $200)", or undefined when the cost did not change. */
export function costText(cost: CostChange | undefined): string | undefined {
  if (!cost) return undefined;
  const total = (n: number | null | undefined) => (n === undefined ? "?" : usd(n));
  const tier = (t: { tier: string; usdPerMonth: number | null } | undefined) => (t ? `${t.tier} ${usd(t.usdPerMonth)}` : "none");
  const why = cost.vendors.map((v) => `${v.vendor} ${tier(v.before)} → ${tier(v.after)}`).join(", ");
  return `${total(cost.before)} → ${total(cost.after)}/month${why ? ` (${why})` : ""}`;
}

/** Whether a stack's section has anything to show. */
function hasContent(s: StackDiff): boolean {
  return s.changes.length > 0 || s.notes.length > 0 || (s.encryptedSettings?.length ?? 0) > 0 || s.settings.length > 0 || s.cost !== undefined;
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
        settings: s.settings,
        cost: s.cost ?? null,
        changes: s.changes.map((c) => ({
          action: c.action,
          urn: c.urn,
          type: c.type,
          name: c.name,
          vendor: c.vendor,
          ...(c.inputs ? { inputs: c.inputs } : {}),
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
  for (const s of report.stacks) lines.push(`${s.stack}: ${summaryLine(s)}${s.cost ? `; cost ${costText(s.cost)}` : ""}`);
  const destructive = report.stacks.flatMap((s) => s.changes.filter((c) => c.action === "delete" || c.action === "replace").map((c) => ({ s, c })));
  if (destructive.length > 0) {
    lines.push("", "Deletions and replacements:");
    for (const { s, c } of destructive) lines.push(`  ${s.stack}: ${VERB[c.action]} ${c.vendor} ${shortType(c.type)} ${c.name}`);
  }
  for (const s of report.stacks) {
    if (!hasContent(s)) continue;
    lines.push("", `Stack ${s.stack}`);
    for (const n of s.notes) lines.push(`  note: ${n}`);
    for (const e of s.encryptedSettings ?? []) lines.push(`  secret setting ${e.path}: ${e.change} (encrypted, not shown)`);
    for (const c of s.settings) lines.push(`  setting ${c.path}: ${c.before ?? "(none)"} → ${c.after ?? "(none)"}`);
    if (s.cost) lines.push(`  cost: ${costText(s.cost)}`);
    for (const c of s.changes) {
      lines.push(`  ${SYMBOL[c.action].padEnd(3)} ${c.vendor} ${shortType(c.type)} ${c.name}`);
      for (const [path, value] of Object.entries(c.inputs ?? {})) lines.push(`        ${path}: ${clip(value, 120)}`);
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
    const inputs = Object.entries(c.inputs ?? {});
    if (inputs.length === 0) return `- ${changeTitle(c)}`;
    const what = c.action === "create" ? "input" : "last input";
    lines.push(`<details><summary>${changeTitle(c)} (${inputs.length} ${what}${inputs.length === 1 ? "" : "s"})</summary>`, "");
    lines.push("| input | value |", "| --- | --- |");
    for (const [path, value] of inputs) lines.push(`| \`${path}\` | ${value === SECRET_MARK ? "*secret (not shown)*" : cell(clip(value, valueMax))} |`);
    lines.push("", "</details>");
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

/** A stack's changed settings and cost, at the top of its section. */
function settingsBlock(stack: StackDiff): string[] {
  const out: string[] = [];
  if (stack.settings.length > 0) {
    out.push("**Settings**", "", "| setting | before | after |", "| --- | --- | --- |");
    for (const c of stack.settings) out.push(`| \`${escapeMd(c.path)}\` | ${cell(clip(c.before ?? "(none)", 200))} | ${cell(clip(c.after ?? "(none)", 200))} |`);
    out.push("");
  }
  if (stack.cost) out.push(`**Cost**: ${escapeMd(costText(stack.cost) ?? "")}`, "");
  return out;
}

/** Deletions and replacements, and every secret that changed (named only), above the details. */
function callouts(report: DiffReport): string[] {
  const destructive = report.stacks.flatMap((s) => s.changes.filter((c) => c.action === "delete" || c.action === "replace").map((c) => ({ s, c })));
  const secrets = report.stacks.flatMap((s) => s.changes.flatMap((c) => c.fields.filter((f) => f.secret).map((f) => ({ s, c, f }))));
  const out: string[] = [];
  if (destructive.length > 0) {
    out.push("> [!WARNING]", `> **${destructive.length} resource${destructive.length === 1 ? "" : "s"} will be deleted or replaced.** Alert history and vendor-side settings of these are lost:`);
    const shown = destructive.slice(0, 50);
    for (const { s, c } of shown) {
      const why = c.action === "replace" ? ` (replaced: ${c.fields.filter((f) => f.forcesReplacement).map((f) => `\`${f.path}\``).join(", ")} changed)` : "";
      out.push(`> - \`${s.stack}\` **${VERB[c.action]}** ${escapeMd(c.vendor)} ${escapeMd(shortType(c.type))} \`${escapeMd(c.name)}\`${why}`);
    }
    if (destructive.length > shown.length) out.push(`> - …and ${destructive.length - shown.length} more (see below)`);
    out.push("");
  }
  const named = [
    ...secrets.map(({ s, c, f }) => `\`${s.stack}\` ${escapeMd(describeSecret(c, f))}`),
    ...report.stacks.flatMap((s) => (s.encryptedSettings ?? []).map((e) => `\`${s.stack}\` setting \`${escapeMd(e.path)}\` ${e.change} (encrypted)`)),
  ];
  if (named.length > 0) {
    out.push(`**Secrets changed** (values are never shown): ${named.slice(0, 30).join("; ")}${named.length > 30 ? `; …and ${named.length - 30} more` : ""}`, "");
  }
  return out;
}

interface Block {
  change: ResourceChange;
  full: string;
  short: string;
}

/** What fit of the per-stack sections, and how many entries were shortened or left out. */
interface Packed {
  body: string[];
  used: number;
  omitted: number;
  shortened: number;
}

/** One stack's folded section, its entries in full while the budget allows, then shortened, then left out. */
function packStack(stack: StackDiff, blocks: readonly Block[], budget: number, acc: Packed): void {
  const open = [`<details${stack.changes.length <= 30 ? " open" : ""}><summary><b>${escapeHtml(stack.stack)}</b>: ${escapeHtml(summaryLine(stack))}</summary>`, ""];
  for (const n of stack.notes) open.push(`> ${escapeMd(n)}`, "");
  open.push(...settingsBlock(stack));
  const close = ["", "</details>", ""];
  const part: string[] = [];
  let partLen = open.join("\n").length + close.join("\n").length;
  if (acc.used + partLen > budget) {
    acc.omitted += blocks.length;
    return;
  }
  let lastAction: Action | undefined;
  for (const b of blocks) {
    const heading = b.change.action !== lastAction ? `\n**${VERB[b.change.action][0].toUpperCase()}${VERB[b.change.action].slice(1)}**\n` : "";
    const remaining = blocks.length - part.length;
    // Keep room to shorten every remaining entry before spending it on this one in full.
    const reserve = remaining * 160;
    let text: string | undefined;
    if (acc.used + partLen + heading.length + b.full.length + reserve <= budget) text = b.full;
    else if (acc.used + partLen + heading.length + b.short.length <= budget) {
      text = b.short;
      if (b.short !== b.full) acc.shortened += 1;
    }
    if (text === undefined) {
      acc.omitted += 1;
      continue;
    }
    part.push(`${heading}${text}\n`);
    partLen += heading.length + text.length + 2;
    lastAction = b.change.action;
  }
  acc.body.push(...open, ...part, ...close);
  acc.used += partLen;
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
  for (const s of report.stacks) head.push(`- **\`${s.stack}\`**: ${summaryLine(s)}${s.cost ? `; cost ${escapeMd(costText(s.cost) ?? "")}` : ""}`);
  head.push("");
  const fixed = [...head, ...callouts(report)].join("\n");
  const acc: Packed = { body: [], used: fixed.length + 400, omitted: 0, shortened: 0 }; // room for the closing note
  for (const stack of report.stacks) {
    if (!hasContent(stack)) continue;
    const blocks = stack.changes.map((c) => ({
      change: c,
      full: changeBlock(c, 300),
      short: `- ${changeTitle(c)}${c.fields.length ? ` (${c.fields.length} field${c.fields.length === 1 ? "" : "s"}, not shown: too long for one comment)` : ""}`,
    }));
    packStack(stack, blocks, budget, acc);
  }
  const tail: string[] = [];
  if (acc.omitted > 0 || acc.shortened > 0) {
    const bits = [];
    if (acc.shortened > 0) bits.push(`${acc.shortened} entr${acc.shortened === 1 ? "y is" : "ies are"} listed without their fields`);
    if (acc.omitted > 0) bits.push(`${acc.omitted} more change${acc.omitted === 1 ? " is" : "s are"} not listed`);
    tail.push(`> [!NOTE]\n> This diff is longer than one GitHub comment allows: ${bits.join(", and ")}. Run \`npx monitoring diff --format table\` locally, or \`--format json\`, for all of it.`, "");
  }
  const hasChanges = report.stacks.some((s) => s.changes.length > 0 || (s.encryptedSettings?.length ?? 0) > 0 || s.settings.length > 0);
  if (!hasChanges) tail.push("No resource would change on any stack.", "");
  tail.push("<sub>Planned offline by `monitoring diff` (no credentials used). Secrets are compared by fingerprint and never shown.</sub>");
  return `${[fixed, ...acc.body, ...tail].join("\n")}\n`;
}

export function renderDiff(report: DiffReport, format: DiffFormat): string {
  return format === "json" ? renderDiffJson(report) : format === "table" ? renderDiffTable(report) : renderDiffMarkdown(report);
}
