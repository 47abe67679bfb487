/**
 * What `monitoring validate` says about UptimeRobot before anything is registered: what UptimeRobot
 * would store differently from the definition, and what the configured plan cannot do.
 */
import { describe, expect, it } from "vitest";
import { validateStack } from "../../../src/pipeline";
import type { Problem } from "../../../src/resolve";
import { monitorArgs } from "../../../src/targets/uptimerobot";
import { finsightCopy, stackConfig, withSetting } from "../../helpers";

type Edit = (service: Record<string, any>) => void;

function problems(stack: "dev" | "prod", edit?: Edit, config = stackConfig(stack)): Problem[] {
  const service = finsightCopy();
  edit?.(service);
  return validateStack({ stack, services: [service], config }).problems;
}
const lines = (ps: Problem[]) => ps.map((p) => `${p.level} ${p.where}: ${p.message}`);

describe("UptimeRobot problems", () => {
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

  const free = (config = stackConfig("dev")) => withSetting(config, "vendors", { ...JSON.parse(config["monitoring:vendors"]), uptimerobot: { plan: "free", accountTimeZone: "Europe/Berlin" } });

  it("a heartbeat on UptimeRobot Free is an error (heartbeat monitors are a paid feature)", () => {
    expect(lines(problems("dev", undefined, free()))).toContain(
      "error finsight-api.checks.daily-report: is a heartbeat check, and UptimeRobot free has no heartbeat monitors (expected a paid monitoring:vendors.uptimerobot.plan such as solo)",
    );
  });

  it("alertAfter on Free is a warning, and the plan shows what UptimeRobot will do: alert at once (threshold 0)", () => {
    const noHeartbeat: Edit = (s) => delete s.checks["daily-report"];
    const found = problems("dev", noHeartbeat, free());
    expect(found.filter((p) => p.level === "error")).toEqual([]);
    expect(lines(found)).toContain(
      "warning finsight-api.checks.health.alertAfter: UptimeRobot free notifies at the first failed check and cannot wait 5m: on this stack the monitor alerts at once (expected a paid monitoring:vendors.uptimerobot.plan such as solo to wait)",
    );
    const service = finsightCopy();
    noHeartbeat(service);
    const onFree = validateStack({ stack: "dev", services: [service], config: free() }).model!;
    const health = onFree.services[0].checks.find((c) => c.key === "health")!;
    expect((monitorArgs(onFree, health, [], new Map([["dev-email", "1001" as never]])).alertContacts as Array<{ threshold: number }>)[0].threshold).toBe(0);
    const onSolo = validateStack({ stack: "dev", services: [finsightCopy()], config: stackConfig("dev") }).model!;
    const paidHealth = onSolo.services[0].checks.find((c) => c.key === "health")!;
    expect((monitorArgs(onSolo, paidHealth, [], new Map([["dev-email", "1001" as never]])).alertContacts as Array<{ threshold: number }>)[0].threshold).toBe(5);
  });

  it("a status page's custom domain on Free is an error where it is written", () => {
    const prodOnFree = (config = stackConfig("prod")) => withSetting(config, "vendors", { ...JSON.parse(config["monitoring:vendors"]), uptimerobot: { plan: "free", accountTimeZone: "Europe/Berlin" } });
    expect(lines(problems("prod", undefined, prodOnFree()))).toContain(
      "error Pulumi.prod.yaml monitoring:statusPage.customDomain: UptimeRobot free has no custom domains on status pages (expected no customDomain, or a paid monitoring:vendors.uptimerobot.plan such as solo)",
    );
  });

  it("HEAD on a keyword check is an error at its method", () => {
    expect(lines(problems("prod", (s) => (s.checks.health.method = "HEAD")))).toEqual([
      "error finsight-api.checks.health.method: is HEAD, which UptimeRobot refuses for keyword monitors: a HEAD response has no body to search (expected GET, or another method that returns a body)",
    ]);
  });

  it("the shipped stacks are valid with no UptimeRobot warning", () => {
    for (const stack of ["dev", "prod"] as const) expect(lines(problems(stack)).filter((l) => /UptimeRobot|uptimerobot/.test(l))).toEqual([]);
  });

  it("ssl expiry needs an https:// URL, domain expiry a domain name: in the definition an error, through a stack's base URL a warning and no reminder there", () => {
    const own = lines(problems("prod", (s) => {
      delete s.checks.health.path;
      s.checks.health.url = "http://10.0.0.5:8080/health";
    }));
    expect(own.filter((l) => /ssl|domainExpiry/.test(l))).toEqual([
      "error finsight-api.checks.health.ssl: the check's URL is not https://, and UptimeRobot watches certificates on https:// URLs only (expected an https:// URL)",
      "error finsight-api.checks.health.domainExpiry: the check's URL names no registered domain (expected a host name such as api.example.com)",
    ]);
    const http = withSetting(stackConfig("prod"), "services", { "finsight-api": { baseUrl: "http://10.0.0.5:8080" } });
    const found = problems("prod", undefined, http);
    expect(lines(found).filter((l) => /ssl|domainExpiry/.test(l))).toEqual([
      "warning finsight-api.checks.health.ssl: on this stack the check's URL (monitoring:services.finsight-api.baseUrl) is not https://, and UptimeRobot watches certificates on https:// URLs only (expected an https:// URL; until then this stack's monitor has no SSL reminder)",
      "warning finsight-api.checks.health.domainExpiry: on this stack the check's URL (monitoring:services.finsight-api.baseUrl) names no registered domain (expected a host name such as api.example.com; until then this stack's monitor has no domain reminder)",
    ]);
    // (Stripe, which delivers to https:// only, is off for this part.)
    const noStripe = withSetting(http, "vendors", { ...JSON.parse(http["monitoring:vendors"]), stripe: { enabled: false } });
    const onHttp = validateStack({ stack: "prod", services: [finsightCopy()], config: noStripe }).model!;
    const health = onHttp.services[0].checks.find((c) => c.key === "health")!;
    expect(monitorArgs(onHttp, health, [])).toMatchObject({ sslExpiryReminder: false, domainExpiryReminder: false });
    expect(monitorArgs(onHttp, health, []).sslExpiryDays).toBeUndefined();
    const days = lines(problems("prod", (s) => (s.checks.health.ssl = { expiryDaysBefore: [30, 30, 400] })));
    expect(days).toEqual(
      expect.arrayContaining([expect.stringMatching(/^error finsight-api\.checks\.health\.ssl\.expiryDaysBefore\[2\]: .*0-365/), expect.stringMatching(/^error finsight-api\.checks\.health\.ssl\.expiryDaysBefore: expected each day once/)]),
    );
  });
});
