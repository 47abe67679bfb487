/**
 * The Worker's CONFIG binding for one service (pure: the same function the tests hand workerd),
 * and the secrets it needs bound. Contacts the relay cannot reach (SMS, voice; e-mail without a
 * mail API) are left out here and reported by ./problems through the shared delivery check.
 */
import type { Contact } from "../../model";
import { durationMs, durationSeconds } from "../../model";
import type { ResolvedModel, ResolvedService } from "../../resolve";
import { vendorName } from "../uptimerobot/mapping";
import { contactSecret, VENDOR_APIS, type Channel, type DigestConfig, type RelayConfig, type RelayContact } from "./worker/config";
import { relayedAlerts, type RelaySettings } from "./settings";

/** Why the relay cannot deliver to a contact, or undefined when it can. */
export function unreachable(contact: Contact, settings: RelaySettings): string | undefined {
  if (contact.type === "sms" || contact.type === "voice") return `the relay has no ${contact.type === "sms" ? "SMS" : "voice"} channel (expected PagerDuty, Slack, e-mail or webhook contacts to reach through it)`;
  if (contact.type === "email" && !settings.mail) return "the relay sends e-mail only with a mail API (expected monitoring:vendors.relay.mail: { from, apiKey })";
  return undefined;
}

function relayContact(key: string, contact: Contact): RelayContact {
  if (contact.type === "email") return { type: "email", address: contact.address };
  return { type: contact.type as Channel, secret: contactSecret(key) };
}

/** The contacts the service's relayed alerts and digest reach, each once. */
export function usedContacts(model: ResolvedModel, service: ResolvedService, settings: RelaySettings): string[] {
  const keys = [...relayedAlerts(service).flatMap((a) => a.contacts), ...(service.digest?.contacts ?? [])];
  return [...new Set(keys)].filter((k) => model.contacts[k] !== undefined && unreachable(model.contacts[k].contact, settings) === undefined).sort();
}

function digestConfig(model: ResolvedModel, service: ResolvedService, settings: RelaySettings, reachable: ReadonlySet<string>): DigestConfig | undefined {
  const d = service.digest;
  if (!d) return undefined;
  const organization = (model.settings.vendors.sentry as { organization?: string } | undefined)?.organization;
  const uptimeOn = model.settings.vendors.uptimerobot?.enabled === true && d.uptime && service.checks.length > 0;
  const sentryOn = model.settings.vendors.sentry?.enabled === true && d.newIssues && service.sentryProject !== undefined && organization !== undefined;
  return {
    name: d.name,
    at: settings.digest.at ?? d.at,
    timeZone: settings.digest.timeZone ?? d.timeZone,
    contacts: d.contacts.filter((k) => reachable.has(k) && model.contacts[k].contact.type !== "pagerduty"),
    goals: d.goals,
    ...(d.freeUsers ? { freeUsers: d.freeUsers } : {}),
    ...(uptimeOn ? { uptime: service.checks.map((c) => ({ key: c.key, name: vendorName(model, c.name) })) } : {}),
    ...(sentryOn ? { sentry: { url: settings.sentryUrl, organization: organization!, project: service.sentryProject! } } : {}),
  };
}

export function relayConfig(model: ResolvedModel, service: ResolvedService, settings: RelaySettings, api: RelayConfig["api"] = VENDOR_APIS): RelayConfig {
  const used = usedContacts(model, service, settings);
  const reachable = new Set(used);
  const digest = digestConfig(model, service, settings, reachable);
  return {
    service: { key: service.key, name: service.name },
    environment: model.environment,
    // By key, so reordering definitions changes nothing.
    entries: [...relayedAlerts(service)].sort((a, b) => (a.key < b.key ? -1 : 1)).map((a) => ({
      key: a.key,
      name: a.name,
      severity: a.severity,
      events: [...a.events].sort(),
      ...(a.runbook !== undefined ? { runbook: typeof a.runbook === "string" ? { url: a.runbook } : a.runbook } : {}),
      contacts: a.contacts.filter((k) => reachable.has(k)),
    })),
    contacts: Object.fromEntries(used.map((k) => [k, relayContact(k, model.contacts[k].contact)])),
    ...(settings.mail ? { mail: { from: settings.mail.from } } : {}),
    ...(digest ? { digest } : {}),
    replayTtlSeconds: durationSeconds(settings.replayTtl),
    delivery: { attempts: settings.attempts, budgetMs: durationMs(settings.deliveryBudget), baseDelayMs: 250 },
    api,
  };
}

/** A contact's secret value: the Slack or webhook URL, the PagerDuty routing key. */
export function contactSecretValue(contact: Contact): string | undefined {
  if (contact.type === "slack") return contact.webhookUrl;
  if (contact.type === "webhook") return contact.url;
  if (contact.type === "pagerduty") return contact.integrationKey;
  return undefined;
}
