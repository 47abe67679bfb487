/**
 * Renders a plan for people (table), for pull requests (markdown) and for machines (json).
 */
import { SERVICE_TYPE } from "../provision";
import type { Plan, PlannedResource } from "./plan";

export const FORMATS = ["table", "markdown", "json"] as const;
export type Format = (typeof FORMATS)[number];


/** "sentry" for sentry:index/...; the module for dynamic resources (pulumi-nodejs:dynamic/uptimerobot:Monitor). */
export function vendorOf(type: string): string {
  const dynamic = /^pulumi-nodejs:dynamic(?:\/([^:]+))?:/.exec(type);
  if (dynamic) return dynamic[1] || "dynamic";
  return type.split(":")[0];
}

/** The short type name: SentryIssueAlert, Ruleset, Monitor. */
export function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}

/** Scalars of a nested value as `path: value` pairs, in a stable order. */
export function flatten(value: unknown, path = "", out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push([path, "[]"]);
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) out.push([path, "{}"]);
    for (const k of keys) flatten((value as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
  } else {
    out.push([path, typeof value === "string" ? value : JSON.stringify(value)]);
  }
  return out;
}

interface Group {
  title: string;
  resources: PlannedResource[];
}

/** Resources grouped by the service component they belong to (or "shared"), components left out. */
export function groupByService(plan: Plan): Group[] {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const serviceOf = (r: PlannedResource): PlannedResource | undefined => {
    let cur: PlannedResource | undefined = r;
    while (cur) {
      if (cur.type === SERVICE_TYPE) return cur;
      cur = cur.parent ? byUrn.get(cur.parent) : undefined;
    }
    return undefined;
  };
  const groups = new Map<string, Group>();
  for (const r of plan.resources) {
    if (!r.custom) continue;
    const service = serviceOf(r);
    const key = service ? service.name : "(shared)";
    const title = service ? `${String(service.inputs.description ?? service.name)} (${service.name})` : "Shared across services";
    if (!groups.has(key)) groups.set(key, { title, resources: [] });
    groups.get(key)!.resources.push(r);
  }
  for (const g of groups.values()) g.resources.sort((a, b) => vendorOf(a.type).localeCompare(vendorOf(b.type)) || a.name.localeCompare(b.name));
  return [...groups.entries()].sort(([a], [b]) => (a === "(shared)" ? 1 : b === "(shared)" ? -1 : a.localeCompare(b))).map(([, g]) => g);
}

export function countByVendor(plan: Plan): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of plan.resources) if (r.custom) counts.set(vendorOf(r.type), (counts.get(vendorOf(r.type)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(
    {
      project: plan.project,
      stack: plan.stack,
      resources: plan.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent ?? null,
        custom: r.custom,
        inputs: r.inputs,
        secretInputs: r.secretInputs,
        ...(r.secretFingerprints ? { secretFingerprints: r.secretFingerprints } : {}),
      })),
      summary: Object.fromEntries(countByVendor(plan)),
      warnings: plan.warnings,
      ...(plan.settings ? { settings: plan.settings } : {}),
      ...(plan.cost ? { cost: plan.cost } : {}),
    },
    null,
    2,
  )}\n`;
}

export function renderTable(plan: Plan): string {
  const lines: string[] = [];
  const total = plan.resources.filter((r) => r.custom).length;
  lines.push(`Plan for ${plan.project}, stack ${plan.stack}: ${total} resources would be registered`);
  for (const group of groupByService(plan)) {
    lines.push("", group.title);
    let vendor = "";
    for (const r of group.resources) {
      if (vendorOf(r.type) !== vendor) {
        vendor = vendorOf(r.type);
        lines.push(`  ${vendor}`);
      }
      lines.push(`    + ${shortType(r.type).padEnd(22)} ${r.name}`);
      for (const [path, value] of flatten(r.inputs)) lines.push(`        ${path}: ${oneLine(value, 100)}`);
    }
  }
  lines.push("", `Resources: ${countByVendor(plan).map(([v, n]) => `${v} ${n}`).join(", ")}; ${total} in all.`);
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  return `${lines.join("\n")}\n`;
}

export function renderMarkdown(plan: Plan): string {
  const total = plan.resources.filter((r) => r.custom).length;
  const lines: string[] = [];
  lines.push(`### Monitoring plan: \`${plan.stack}\``, "");
  lines.push(`**${total} resources** (${countByVendor(plan).map(([v, n]) => `${v} ${n}`).join(", ")})`, "");
  for (const group of groupByService(plan)) {
    lines.push(`#### ${escapeMd(group.title)}`, "");
    for (const r of group.resources) {
      lines.push(`<details><summary><code>${vendorOf(r.type)}</code> ${shortType(r.type)} <b>${escapeHtml(r.name)}</b></summary>`, "");
      lines.push("| input | value |", "| --- | --- |");
      for (const [path, value] of flatten(r.inputs)) lines.push(`| \`${path}\` | ${escapeMd(oneLine(value, 300))} |`);
      lines.push("", "</details>", "");
    }
  }
  if (plan.warnings.length > 0) {
    lines.push("#### Warnings", "");
    for (const w of plan.warnings) lines.push(`- ${escapeMd(w)}`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

export function render(plan: Plan, format: Format): string {
  return format === "json" ? renderJson(plan) : format === "markdown" ? renderMarkdown(plan) : renderTable(plan);
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, " ⏎ ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function escapeMd(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
