/**
 * Group 3: what each resource kind stores. From a capture (./capture): the serialized provider of
 * each dynamic kind (`__provider`, target ≤ 16 KB), and the bytes of state per resource: its
 * inputs and its outputs (which hold the inputs again, under the plan's mocks as after a create),
 * a dynamic resource's serialized provider in both. The floor of a resource's state is the same
 * state without the serialized provider.
 */
import * as fs from "node:fs";
import type { Capture } from "./capture";
import { median, table } from "./measure";

const PROVIDER_LIMIT = 16 * 1024;

interface KindBytes {
  type: string;
  count: number;
  provider?: number;
  state: number;
  floor: number;
}

function kinds(capture: Capture): KindBytes[] {
  const byType = new Map<string, { states: number[]; floors: number[]; provider?: number }>();
  for (const r of capture.registrations) {
    if (!r.custom) continue;
    const inputs = Buffer.byteLength(JSON.stringify(r.inputs));
    const provider = r.providerBytes ?? 0;
    const e = byType.get(r.type) ?? { states: [], floors: [] };
    e.floors.push(2 * inputs);
    e.states.push(2 * inputs + 2 * provider);
    if (r.providerBytes !== undefined) e.provider = Math.max(e.provider ?? 0, r.providerBytes);
    byType.set(r.type, e);
  }
  return [...byType]
    .map(([type, e]) => ({ type, count: e.states.length, provider: e.provider, state: median(e.states), floor: median(e.floors) }))
    .sort((a, b) => b.state * b.count - a.state * a.count);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function printStateBytes(captureFile: string, services: number): void {
  const capture = JSON.parse(fs.readFileSync(captureFile, "utf8")) as Capture;
  const ks = kinds(capture);
  console.log(`\n3. serialized provider and state bytes per resource kind (prod, ${services} service(s); state = inputs + outputs,`);
  console.log("   the outputs holding the inputs again; floor = the same state without the serialized provider)");
  const rows = [["kind", "resources", "provider", "state per resource", "floor", "ratio"]];
  for (const k of ks) {
    rows.push([
      k.type,
      String(k.count),
      k.provider === undefined ? "-" : `${kb(k.provider)} ${k.provider <= PROVIDER_LIMIT ? "met" : "MISSED"} (goal ≤ 16 KB)`,
      kb(k.state),
      kb(k.floor),
      `${(k.state / k.floor).toFixed(2)}×`,
    ]);
  }
  console.log(table(rows));
  const total = ks.reduce((t, k) => t + k.state * k.count, 0);
  const floor = ks.reduce((t, k) => t + k.floor * k.count, 0);
  console.log(`  whole stack: ${kb(total)} of resource state against ${kb(floor)} without serialized providers (${(total / floor).toFixed(2)}×)`);
}
