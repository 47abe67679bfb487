/**
 * `monitoring drill --stack <name> [--only <glob>] [--dry-run]`: one clearly marked test
 * notification through every route the stack provisions to a contact, and a table per contact of
 * what arrived. A route is a contact through one path: each enabled vendor module's `drill`
 * (src/targets/<vendor>/drill.ts: the vendor's own test API) and the contact's own endpoint
 * (src/targets/drill/direct.ts). No Pulumi runtime: definitions and stack config go through the
 * same resolve step as the program; credentials come from the same stack config and environment
 * variables `pulumi up` reads (src/targets/drill/context.ts).
 *
 * Progress goes to stderr as it happens; the tables to stdout. Nothing printed ever holds a secret:
 * every line goes through the drill's redaction of the secrets it looked up. Exit 1 when any route
 * failed or could not be tried (a credential or secret missing); `--dry-run` sends nothing and exits
 * 1 when a route would be blocked.
 */
import { formatProblem, type ResolvedModel } from "../resolve";
import { enabledVendors } from "../targets";
import { drillContext, newRunId, type Drill } from "../targets/drill/context";
import { directRoutes, sendDirect } from "../targets/drill/direct";
import type { DrillResult, DrillRoute } from "../targets/types";
import { globToRegExp } from "./check";
import { renderDrill, renderPlan } from "./drill-render";
import type { Io } from "./io";
import { findProjectRoot, UsageError } from "./project";
import { stackModel } from "./stack-model";

export interface DrillOptions {
  stack: string;
  only?: string;
  dryRun?: boolean;
}

/** Routes of one path (a vendor, or the contacts' own endpoints) and how to send through them. */
interface Group {
  routes: DrillRoute[];
  send(routes: readonly DrillRoute[]): Promise<DrillResult[]>;
}

function groups(model: ResolvedModel, drill: Drill): Group[] {
  const ctx = drill.ctx;
  const out: Group[] = [];
  for (const vendor of enabledVendors(model)) {
    const d = vendor.drill;
    if (!d) continue;
    const settings = model.settings.vendors[vendor.name];
    out.push({ routes: d.routes(model, settings, ctx), send: (r) => d.send(r, model, settings, ctx) });
  }
  out.push({ routes: directRoutes(model, ctx), send: (r) => sendDirect(r, model, ctx) });
  return out;
}

/** The routes `--only` picks (a glob over `contact/path` ids or contact keys); all without it. */
export function selectRoutes(all: readonly DrillRoute[], only?: string): Set<string> {
  if (only === undefined) return new Set(all.map((r) => r.id));
  const re = globToRegExp(only);
  const picked = all.filter((r) => re.test(r.id) || re.test(r.contact));
  if (picked.length === 0) {
    throw new UsageError(`--only ${only}: no route matches (expected a glob over contact/path ids or contact keys, e.g. "team-slack/*" or "*/direct"; routes: ${all.map((r) => r.id).join(", ") || "none"})`);
  }
  return new Set(picked.map((r) => r.id));
}

async function sendAll(list: Group[], picked: Set<string>, drill: Drill, io: Io): Promise<DrillResult[]> {
  const runnable = (g: Group) => g.routes.filter((r) => picked.has(r.id) && !r.notDrillable && !r.blocked);
  const total = list.reduce((n, g) => n + runnable(g).length, 0);
  const results: DrillResult[] = [];
  let done = 0;
  for (const g of list) {
    const routes = runnable(g);
    if (routes.length === 0) continue;
    let answered: DrillResult[];
    try {
      answered = await g.send(routes);
    } catch (e) {
      const why = `unexpected failure: ${(e as Error)?.message ?? String(e)} (this is a bug; please report it)`;
      answered = routes.map((r) => ({ id: r.id, delivered: false, why }));
    }
    for (const route of routes) {
      const r = answered.find((a) => a.id === route.id) ?? { id: route.id, delivered: false, why: "no result came back for this route (this is a bug)" };
      results.push(r);
      done += 1;
      io.err(drill.redact(`  [${done}/${total}] ${route.id}: ${r.delivered ? "delivered" : `FAILED: ${r.why}`}\n`));
    }
  }
  return results;
}

/** Runs the command; resolves to the exit code. */
export async function runDrill(opts: DrillOptions, io: Io, cwd: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const root = findProjectRoot(cwd);
  const { model, problems, config } = stackModel(root, opts.stack);
  if (!model) {
    io.err(`${problems.map((p) => formatProblem(opts.stack, p)).join("\n")}\n`);
    return 1;
  }
  const runId = newRunId();
  let drill: Drill | undefined;
  const progress = (line: string) => io.err(drill ? drill.redact(`    ${line}\n`) : `    ${line}\n`);
  drill = drillContext({ stack: opts.stack, config, env, model, runId, progress });
  const list = groups(model, drill);
  const all = list.flatMap((g) => g.routes);
  const picked = selectRoutes(all, opts.only);
  const routes = all.filter((r) => picked.has(r.id));
  if (opts.dryRun) {
    io.out(drill.redact(renderPlan(opts.stack, model, routes)));
    return routes.some((r) => r.blocked && !r.notDrillable) ? 1 : 0;
  }
  const runnable = routes.filter((r) => !r.notDrillable && !r.blocked).length;
  io.err(`drill ${runId}: sending ${runnable} test notification${runnable === 1 ? "" : "s"} through the routes of stack ${opts.stack}...\n`);
  const results = await sendAll(list, picked, drill, io);
  const blocked = routes.filter((r) => r.blocked && !r.notDrillable).map((r) => ({ id: r.id, delivered: false, why: r.blocked! }));
  const everything = [...results, ...blocked];
  io.out(drill.redact(renderDrill(opts.stack, runId, model, routes, everything)));
  return everything.some((r) => !r.delivered) ? 1 : 0;
}
