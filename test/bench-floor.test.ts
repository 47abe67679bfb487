/**
 * The benchmark's engine floor (bench/engine-floor.ts) is only a floor while it registers what the
 * program registers: for the example service, the same resources, by type and name, as the real
 * program's plan. (Benchmarks measure; this only keeps the floor honest, it times nothing.)
 */
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { capture } from "../bench/capture";
import { runFloor } from "../bench/engine-floor";
import { runPlan } from "../src/cli/plan";
import { PLAN_MOCKS } from "../src/cli/plan-mocks";
import { ROOT } from "./helpers";

describe("the engine floor of npm run bench", () => {
  it("registers exactly the resources, by type and name, that the program's plan of one service registers", async () => {
    const planned = await runPlan({ root: ROOT, stack: "prod" });
    expect(planned.failure).toBeUndefined();
    const program = planned.plan!.resources.map((r) => `${r.type} ${r.name}`).sort();

    const captured = await capture(ROOT, "prod");
    const floor: string[] = [];
    const watching: pulumi.runtime.Mocks = {
      ...PLAN_MOCKS,
      newResource: (args) => {
        if (args.type !== "pulumi:pulumi:Stack") floor.push(`${args.type} ${args.name}`); // the plan leaves the stack out
        return PLAN_MOCKS.newResource(args);
      },
    };
    await runFloor(captured, watching);

    expect(program.length).toBeGreaterThan(30);
    expect(floor.sort()).toEqual(program);
  });
});
