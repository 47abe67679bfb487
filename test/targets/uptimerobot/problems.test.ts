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

  it("two contacts with one Slack webhook URL are an error naming both contacts, never the URL", () => {
    const config = stackConfig("prod");
    const contacts = JSON.parse(config["monitoring:contacts"]);
    contacts["ops-slack"] = { ...contacts["team-slack"] };
    const withOps = withSetting(withSetting(config, "contacts", contacts), "routing", { critical: ["oncall-sms", "oncall-pagerduty", "oncall-email"], warning: ["oncall-email", "team-slack", "ops-slack"] });
    const found = lines(problems("prod", undefined, withOps));
    expect(found).toEqual([
      'error Pulumi.prod.yaml monitoring:contacts.ops-slack: has the same URL as contact "team-slack", and UptimeRobot allows one integration per URL (expected a URL of its own, e.g. another incoming webhook for the channel, or one contact for both)',
    ]);
    expect(found.join("\n")).not.toContain(contacts["team-slack"].webhookUrl);
  });
});
