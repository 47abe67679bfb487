/**
 * `monitoring drill` and UptimeRobot: the contacts its checks alert (./mapping `registerStack`) are
 * listed as routes, none drillable. UptimeRobot's API v3 (../shared/specs/uptimerobot-v3.openapi.yaml:
 * `/alert-contacts`, `/alert-contacts/{id}`, `/integrations`, `/integrations/{id}`, `/user/alert-contacts`)
 * creates, reads, updates and deletes alert contacts and integrations, and has no operation that sends
 * a test notification through one. The same Slack URL, webhook URL and PagerDuty key are proven by the
 * contact's direct route; an SMS or voice contact (verified in UptimeRobot's app) has no other path.
 */
import type { ContactType } from "../../model";
import type { ResolvedModel } from "../../resolve";
import type { DrillRoute, VendorDrill } from "../types";
import { VENDOR, type UptimeRobotSettings } from "./settings";

const NONE = "UptimeRobot's API v3 has no test notification (alert contacts and integrations: create, read, update, delete only)";

function why(type: ContactType): string {
  if (type === "sms" || type === "voice") return `${NONE}; nothing else reaches this ${type === "sms" ? "SMS" : "voice"} contact`;
  if (type === "email") return `${NONE}; the other paths in this table mail the same address`;
  return `${NONE}; the direct route proves the same URL or key`;
}

function routes(model: ResolvedModel): DrillRoute[] {
  const used = [...new Set(model.services.flatMap((s) => s.checks.flatMap((c) => c.contacts)))].sort();
  return used
    .filter((key) => {
      const c = model.contacts[key]?.contact;
      return c !== undefined && !((c.type === "sms" || c.type === "voice") && c.uptimerobotId === undefined);
    })
    .map((key) => {
      const type = model.contacts[key].contact.type;
      const phone = type === "sms" || type === "voice";
      return { id: `${key}/${VENDOR}`, contact: key, channel: type, path: phone ? "UptimeRobot alert contact (verified in its app)" : "UptimeRobot alert contact", sends: "-", notDrillable: why(type) };
    });
}

export const uptimeRobotDrill: VendorDrill<UptimeRobotSettings> = {
  routes,
  // Nothing is ever drillable here, so nothing is ever handed to send.
  send: async (selected) => selected.map((r) => ({ id: r.id, delivered: false, why: why(r.channel) })),
};
