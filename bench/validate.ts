/**
 * Group 2: validation, pure model work, at the sizes of group 1 (the same scratch projects): the
 * whole `validateStack` (schemas, defaults, stack settings, policy and every vendor's limits)
 * against its floor, the definition schema alone (`Service.safeParse` of each service). Both run
 * in this process, in turns, on the definitions and config the program would get; CPU from
 * process.cpuUsage.
 */
import { readProject, readStackConfig } from "../src/cli/project";
import { loadDefinitions } from "../src/definitions";
import { Service } from "../src/model";
import { validateStack } from "../src/pipeline";
import { median, table } from "./measure";
import type { Sized } from "./plan-floor";

function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

interface ValidateFigures {
  services: number;
  fullMs: number;
  schemaMs: number;
  runs: number;
}

function measureValidate(s: Sized, budgetMs: number): ValidateFigures {
  const { services, problems } = loadDefinitions(s.dir);
  if (problems.length > 0) throw new Error(`definitions of ${s.dir}: ${problems.map((p) => p.message).join("; ")}`);
  const { config } = readStackConfig(readProject(s.dir), "prod");
  const input = { stack: "prod", services, config };
  const full = () => {
    if (!validateStack(input).model) throw new Error(`${s.services} services do not validate`);
  };
  const schema = () => {
    for (const def of services) if (!Service.safeParse(def).success) throw new Error("a definition does not parse");
  };
  full(); // warm up
  schema();
  const fulls: number[] = [];
  const schemas: number[] = [];
  const started = Date.now();
  for (let i = 0; i < 25 && (i < 3 || Date.now() - started < budgetMs); i++) {
    if (i % 2 === 0) {
      fulls.push(cpuMs(full));
      schemas.push(cpuMs(schema));
    } else {
      schemas.push(cpuMs(schema));
      fulls.push(cpuMs(full));
    }
  }
  return { services: s.services, fullMs: median(fulls), schemaMs: median(schemas), runs: fulls.length };
}

export function printValidate(sizes: readonly Sized[], budgetMs: number): void {
  console.log("\n2. validate (validateStack: schemas, defaults, settings, policy, every vendor's limits) against its floor,");
  console.log("   the definition schema alone (Service.safeParse of each service); CPU per service, in this process.");
  const rows = [["services", "validate", "per service", "schema alone", "per service", "ratio", "runs"]];
  for (const s of sizes) {
    const f = measureValidate(s, budgetMs);
    rows.push([
      String(f.services),
      `${f.fullMs.toFixed(1)} ms`,
      `${(f.fullMs / f.services).toFixed(2)} ms`,
      `${f.schemaMs.toFixed(1)} ms`,
      `${(f.schemaMs / f.services).toFixed(2)} ms`,
      `${(f.fullMs / f.schemaMs).toFixed(2)}×`,
      String(f.runs),
    ]);
  }
  console.log(table(rows));
}
