/**
 * The tables of `monitoring drill`: one per contact (its key and channel, then a row per path),
 * and a one-line summary first. Texts come from the routes and results, which hold no secret; the
 * caller still passes everything through the drill's redaction.
 */
import type { ResolvedModel } from "../resolve";
import type { DrillResult, DrillRoute } from "../targets/types";

function pad(rows: string[][], indent: string): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}

/** Routes by contact, contacts in the stack's order of keys. */
function byContact(routes: readonly DrillRoute[]): Map<string, DrillRoute[]> {
  const out = new Map<string, DrillRoute[]>();
  for (const r of [...routes].sort((a, b) => a.contact.localeCompare(b.contact))) out.set(r.contact, [...(out.get(r.contact) ?? []), r]);
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `--dry-run`: what each route would send, or why it would not be tried. */
export function renderPlan(stack: string, model: ResolvedModel, routes: readonly DrillRoute[]): string {
  const sending = routes.filter((r) => !r.notDrillable && !r.blocked).length;
  const blocked = routes.filter((r) => r.blocked && !r.notDrillable).length;
  const never = routes.filter((r) => r.notDrillable).length;
  const parts = [`${plural(sending, "test notification")} would be sent`, ...(blocked ? [`${blocked} blocked`] : []), ...(never ? [`${never} not drillable`] : [])];
  const blocks = [...byContact(routes)].map(([contact, rs]) => {
    const rows = [["path", "status", "what"]];
    for (const r of rs) rows.push([r.path, r.notDrillable ? "not drillable" : r.blocked ? "BLOCKED" : "would send", r.notDrillable ?? r.blocked ?? r.sends]);
    return `${contact} (${model.contacts[contact]?.contact.type ?? rs[0].channel})\n${pad(rows, "  ")}`;
  });
  return `Dry run of stack ${stack}, nothing sent: ${parts.join(", ")}\n\n${blocks.join("\n\n")}\n`;
}

/** After the drill: per contact, each path delivered or failed, and why. */
export function renderDrill(stack: string, runId: string, model: ResolvedModel, routes: readonly DrillRoute[], results: readonly DrillResult[]): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  const delivered = results.filter((r) => r.delivered).length;
  const failed = results.filter((r) => !r.delivered).length;
  const never = routes.filter((r) => r.notDrillable).length;
  const blocks = [...byContact(routes)].map(([contact, rs]) => {
    const rows = [["path", "result", "why"]];
    for (const r of rs) {
      const res = byId.get(r.id);
      rows.push([r.path, r.notDrillable ? "not drillable" : res?.delivered ? "delivered" : "FAILED", r.notDrillable ?? res?.why ?? "not sent"]);
    }
    return `${contact} (${model.contacts[contact]?.contact.type ?? rs[0].channel})\n${pad(rows, "  ")}`;
  });
  const summary = `Drill ${runId} of stack ${stack}: ${delivered} delivered, ${failed} failed${never ? `, ${never} not drillable` : ""}`;
  return `${summary}\n\n${blocks.join("\n\n")}\n`;
}
