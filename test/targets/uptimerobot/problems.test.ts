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

describe("what UptimeRobot finds by a value, claimed twice in a stack: an error naming both places", () => {
  // A second service whose name makes its health check's default name the same as FinSight's.
  const billing = (extra: Record<string, unknown> = {}) => ({
    key: "billing",
    name: "FinSight API",
    baseUrl: "https://billing.finsight.example",
    checks: { health: { kind: "http", path: "/health", runbook: "https://runbooks.example/billing" } },
    ...extra,
  });
  const twoServices = (config = stackConfig("prod"), second: Record<string, unknown> = billing()) =>
    lines(validateStack({ stack: "prod", services: [finsightCopy(), second], config }).problems).filter((l) => l.startsWith("error"));
  const contactsWith = (extra: Record<string, unknown>, warning: string[]) => {
    const config = stackConfig("prod");
    const contacts = { ...JSON.parse(config["monitoring:contacts"]), ...extra };
    const routing = { critical: ["oncall-sms", "oncall-pagerduty", "oncall-email"], warning: ["oncall-email", "team-slack", ...warning] };
    return { contacts, config: withSetting(withSetting(config, "contacts", contacts), "routing", routing) };
  };

  it("two checks whose UptimeRobot names (with the environment) are one: the second's default name is the first's", () => {
    expect(twoServices()).toEqual([
      'error billing.checks.health.name: the UptimeRobot name "FinSight API - Health [production]" is also the name of finsight-api.checks.health (expected one name per monitor: UptimeRobot finds a monitor by its name)',
    ]);
    // Named apart, both are fine.
    expect(twoServices(undefined, billing({ name: "Billing" }))).toEqual([]);
  });

  it("two maintenance windows with one name", () => {
    const windows = { maintenance: { "weekly-deploy": { name: "FinSight weekly deploy", repeat: "weekly", days: ["sun"], at: "23:00", duration: "30m", timeZone: "Europe/Berlin" } } };
    expect(twoServices(undefined, billing({ name: "Billing", ...windows }))).toEqual([
      'error billing.maintenance.weekly-deploy.name: the UptimeRobot name "FinSight weekly deploy [production]" is also the name of finsight-api.maintenance.weekly-deploy (expected one name per maintenance window: UptimeRobot finds a maintenance window by its name)',
    ]);
  });

  it("a service's own status page with the stack page's title", () => {
    const page = { statusPage: { title: "FinSight Status", checks: ["health"], customDomain: "billing-status.finsight.example" } };
    expect(twoServices(undefined, billing({ name: "Billing", ...page }))).toEqual([
      'error Pulumi.prod.yaml monitoring:statusPage.title: the status page title "FinSight Status" is also the title of billing.statusPage (expected one title per page: UptimeRobot finds a status page by its title)',
    ]);
  });

  it("two e-mail contacts with one address, whatever its case", () => {
    const { config } = contactsWith({ "ops-email": { type: "email", address: "OnCall@finsight.example" } }, ["ops-email"]);
    expect(lines(problems("prod", undefined, config)).filter((l) => l.startsWith("error"))).toEqual([
      "error Pulumi.prod.yaml monitoring:contacts.ops-email.address: has the same e-mail address as Pulumi.prod.yaml monitoring:contacts.oncall-email.address, and UptimeRobot finds an alert contact by it: both would be one contact (expected one contact for both, or another e-mail address)",
    ]);
  });

  it("two SMS contacts with one phone number, never showing the number", () => {
    const { contacts, config } = contactsWith({ "backup-sms": { type: "sms", phone: "+15555550100", uptimerobotId: "7000002" } }, ["backup-sms"]);
    const found = lines(problems("prod", undefined, config)).filter((l) => l.startsWith("error"));
    expect(found).toEqual([expect.stringMatching(/^error Pulumi\.prod\.yaml monitoring:contacts\.backup-sms\.phone: has the same phone number as Pulumi\.prod\.yaml monitoring:contacts\.oncall-sms\.phone, /)]);
    expect(found.join("\n")).not.toContain(contacts["oncall-sms"].phone);
    // A voice contact on the number is another UptimeRobot contact type: no clash.
    const voice = contactsWith({ "oncall-voice": { type: "voice", phone: "+15555550100", uptimerobotId: "7000003" } }, ["oncall-voice"]).config;
    expect(lines(problems("prod", undefined, voice)).filter((l) => l.startsWith("error"))).toEqual([]);
  });

  it("two Slack contacts with one webhook URL, never showing the URL", () => {
    const { contacts, config } = contactsWith({ "ops-slack": { type: "slack", webhookUrl: "https://hooks.slack.com/services/T000/B000/placeholder", channel: "#ops" } }, ["ops-slack"]);
    const found = lines(problems("prod", undefined, config));
    expect(found).toEqual([
      "error Pulumi.prod.yaml monitoring:contacts.ops-slack.webhookUrl: has the same URL as Pulumi.prod.yaml monitoring:contacts.team-slack.webhookUrl, and UptimeRobot allows one integration per URL (expected a URL of its own, e.g. another incoming webhook for the channel, or one contact for both)",
    ]);
    expect(found.join("\n")).not.toContain(contacts["team-slack"].webhookUrl);
  });

  it("a contact no UptimeRobot check notifies is not registered there, so it claims nothing", () => {
    // Declared, but in no routing and no notify: no second integration would be made.
    const { config } = contactsWith({ "ops-slack": { type: "slack", webhookUrl: "https://hooks.slack.com/services/T000/B000/placeholder" } }, []);
    expect(lines(problems("prod", undefined, config)).filter((l) => /same URL/.test(l))).toEqual([]);
  });
});
