/**
 * What `monitoring validate` says about UptimeRobot before anything is registered: what UptimeRobot
 * would store differently from the definition, and what the configured plan cannot do.
 */
import { describe, expect, it } from "vitest";
import { validateStack } from "../../../src/pipeline";
import type { Problem } from "../../../src/resolve";
import { finsightCopy, stackConfig, withSetting } from "../../helpers";

type Edit = (service: Record<string, any>) => void;

function problems(stack: "dev" | "prod", edit?: Edit, config = stackConfig(stack)): Problem[] {
  const service = finsightCopy();
  edit?.(service);
  return validateStack({ stack, services: [service], config }).problems;
}
const lines = (ps: Problem[]) => ps.map((p) => `${p.level} ${p.where}: ${p.message}`);

describe("UptimeRobot problems", () => {
  it("an upper-case tag is an error at its path, naming the lower-case tag UptimeRobot would store", () => {
    const found = lines(problems("prod", (s) => (s.checks.health.tags = ["api", "Critical"])));
    expect(found).toEqual(['error finsight-api.checks.health.tags[1]: "Critical" has upper-case letters, which UptimeRobot stores in lower case (expected "critical")']);
  });
});
