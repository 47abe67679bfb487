/**
 * The UptimeRobot mapping under Pulumi's mocks, for the FinSight service on prod: the exact
 * dynamic resources its checks, contacts, maintenance window and status page become, with stable
 * logical names and secrets kept out of the serialized providers.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import { beforeAll, describe, expect, it } from "vitest";
import { load } from "../../../src/pipeline";
import { uptimeRobot, uptimeRobotMappingProblems } from "../../../src/targets/uptimerobot";
import { finsightCopy, stackConfig } from "../../helpers";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  parent?: string;
}
const registered: Registered[] = [];
let model: ReturnType<typeof load>;

class Svc extends pulumi.ComponentResource {
  constructor(name: string) {
    super("monitoring:index:Service", name, {}, {});
  }
}

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, monitorId: 1 } };
      },
      call: () => ({}),
    },
    "finsight-monitoring",
    "prod",
  );
  model = load({ stack: "prod", services: [finsightCopy()], config: stackConfig("prod") });
  let shared: pulumi.ComponentResource | undefined;
  const settings = (vendor: string) => model.settings.vendors[vendor];
  const output = () => undefined;
  const contactIds = uptimeRobot.registerStack!({ model, settings: settings("uptimerobot"), output, parent: () => (shared ??= new pulumi.ComponentResource("monitoring:index:Shared", "shared", {}, {})) });
  for (const service of model.services) {
    const parent = new Svc(service.key);
    uptimeRobot.registerService!({ model, settings: settings("uptimerobot"), service, parent, output }, contactIds);
  }
  await (runtimeSettings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
});

const DYN = "pulumi-nodejs:dynamic/";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const find = (type: string, name: string) => {
  const r = registered.find((x) => x.type === DYN + type && x.name === name);
  if (!r) throw new Error(`${type} ${name} was not registered; registered: ${registered.map((x) => `${x.type} ${x.name}`).join(", ")}`);
  const { __provider, ...inputs } = r.inputs;
  expect(typeof __provider).toBe("string");
  return inputs;
};

describe("UptimeRobot mapping (prod)", () => {
  it("the health check reminds before its certificate (30, 14, 7 days) and its domain expire; the others say they do not", () => {
    expect(find("uptimerobot:Monitor", "finsight-api-uptime-health")).toMatchObject({ sslExpiryReminder: true, sslExpiryDays: [30, 14, 7], domainExpiryReminder: true });
    expect(find("uptimerobot:Monitor", "finsight-api-uptime-register")).toMatchObject({ sslExpiryReminder: false, domainExpiryReminder: false });
    expect(find("uptimerobot:Monitor", "finsight-api-uptime-register").sslExpiryDays).toBeUndefined();
  });

  it("the health check is a keyword monitor on the stack's URL, alerting after 5 minutes", () => {
    expect(find("uptimerobot:Monitor", "finsight-api-uptime-health")).toMatchObject({
      name: "FinSight API - Health [production]",
      type: "KEYWORD",
      url: "https://api.finsight.example/health",
      intervalSeconds: 60,
      timeoutSeconds: 30,
      method: "GET",
      keyword: "ok",
      keywordType: "ALERT_NOT_EXISTS",
      keywordCaseSensitive: false,
      successCodes: ["2xx", "3xx"],
      maintenanceWindowIds: ["finsight-api-maintenance-weekly-deploy-id"],
      adopt: false,
    });
    const contacts = find("uptimerobot:Monitor", "finsight-api-uptime-health").alertContacts as Array<{ id: string; threshold: number }>;
    // SMS cannot be created through v3: the number verified in UptimeRobot is referenced by its id.
    expect(contacts.map((c) => c.id).sort()).toEqual(["7000001", "uptimerobot-contact-oncall-email-id", "uptimerobot-contact-oncall-pagerduty-id"]);
    expect(contacts.every((c) => c.threshold === 5)).toBe(true);
  });

  it("the register endpoint POSTs its JSON body and counts 200 and 400 as up", () => {
    expect(find("uptimerobot:Monitor", "finsight-api-uptime-register")).toMatchObject({
      type: "HTTP",
      method: "POST",
      url: "https://api.finsight.example/api/v1/auth/register",
      headers: { "Content-Type": "application/json" },
      body: '{"email":"test@test.com"}',
      bodyType: "RAW_JSON",
      successCodes: ["200", "400"],
    });
  });

  it("the cron job is a heartbeat monitor; warnings go to e-mail and Slack", () => {
    const hb = find("uptimerobot:Monitor", "finsight-api-uptime-daily-report");
    expect(hb).toMatchObject({ type: "HEARTBEAT", intervalSeconds: 86400, gracePeriodSeconds: 3600 });
    expect(hb.url).toBeUndefined();
    expect((hb.alertContacts as Array<{ id: string }>).map((c) => c.id).sort()).toEqual(["uptimerobot-contact-oncall-email-id", "uptimerobot-contact-team-slack-id"]);
  });

  it("contacts are registered once per stack; the e-mail is adopted, Slack and PagerDuty are integrations", () => {
    expect(registered.filter((r) => r.name.startsWith("uptimerobot-contact-")).map((r) => r.name).sort()).toEqual([
      "uptimerobot-contact-oncall-email",
      "uptimerobot-contact-oncall-pagerduty",
      "uptimerobot-contact-team-slack",
    ]);
    expect(find("uptimerobot:AlertContact", "uptimerobot-contact-oncall-email")).toEqual({ name: "oncall@finsight.example", type: "Email", value: "oncall@finsight.example", adopt: true });
    // Token-bearing values are registered as Pulumi secrets.
    const secret = (value: string) => ({ [SECRET_SIG]: SECRET_VALUE, value });
    expect(find("uptimerobot:Integration", "uptimerobot-contact-team-slack")).toMatchObject({
      name: "team-slack [production]",
      type: "Slack",
      url: secret("https://hooks.slack.com/services/T000/B000/placeholder"),
    });
    expect(find("uptimerobot:Integration", "uptimerobot-contact-oncall-pagerduty")).toMatchObject({ type: "Pagerduty", integrationKey: secret("0123456789abcdef0123456789abcdef") });
    // The SMS contact references the verified number, so nothing is left unreachable.
    expect(uptimeRobotMappingProblems(model)).toEqual([]);
  });

  it("an SMS contact without uptimerobotId is left off the monitors, with a warning naming the setting", async () => {
    const prod = stackConfig("prod");
    const contacts = JSON.parse(prod["monitoring:contacts"]);
    delete contacts["oncall-sms"].uptimerobotId;
    const config = { ...prod, "monitoring:contacts": JSON.stringify(contacts) };
    const m = load({ stack: "prod", services: [finsightCopy()], config });
    expect(uptimeRobotMappingProblems(m).map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/contact "oncall-sms" is sms without uptimerobotId: .*monitoring:contacts\.oncall-sms\.uptimerobotId/)]),
    );
  });

  it("the weekly deploy window runs Sundays at 02:00 for 30 minutes", () => {
    expect(find("uptimerobot:MaintenanceWindow", "finsight-api-maintenance-weekly-deploy")).toEqual({
      name: "FinSight weekly deploy [production]",
      interval: "weekly",
      date: "2025-01-01",
      time: "02:00:00",
      durationMinutes: 30,
      days: [7],
    });
  });

  it("the status page shows the health and register monitors on the custom domain", () => {
    // prod's page is the stack's own (monitoring:statusPage), named from the stack, not the service.
    expect(find("uptimerobot:StatusPage", "status-page")).toEqual({
      name: "FinSight Status",
      monitorIds: ["finsight-api-uptime-health-id", "finsight-api-uptime-register-id"],
      customDomain: "status.finsight.example",
    });
  });

  it("the serialized providers carry no credentials or contact secrets", () => {
    for (const r of registered.filter((x) => x.type.startsWith(DYN))) {
      const text = String(r.inputs.__provider);
      expect(text).not.toContain("hooks.slack.com/services");
      expect(text).not.toContain("0123456789abcdef0123456789abcdef");
    }
  });
});
