/**
 * What the relay needs before anything is registered: where it runs, that every relayed alert
 * reaches someone through a channel the relay has (the shared delivery check: SMS and voice
 * contacts are skipped, e-mail needs the mail API), and what the digest reads with.
 */
import type { Problem, ResolvedModel } from "../../resolve";
import { deliveryProblems } from "../delivery";
import { digestCrons } from "./mapping";
import { needsRelay, relayedAlerts, relaySettings, type RelaySettings } from "./settings";
import { unreachable } from "./worker-config";

/** Cron Triggers per account on Workers Free (https://developers.cloudflare.com/workers/platform/limits/). */
export const FREE_CRON_TRIGGERS = 5;

function digestProblems(model: ResolvedModel, settings: RelaySettings, at: (path: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const service of model.services) {
    const d = service.digest;
    if (!d) continue;
    const where = `${service.key}.business.digest`;
    const reachable = d.contacts.filter((k) => model.contacts[k] && !unreachable(model.contacts[k].contact, settings) && model.contacts[k].contact.type !== "pagerduty");
    for (const k of d.contacts.filter((c) => !reachable.includes(c) && model.contacts[c])) {
      problems.push({ level: "warning", where: `${where}.notify`, message: `the digest skips ${k}: ${model.contacts[k].contact.type === "pagerduty" ? "a report does not page" : unreachable(model.contacts[k].contact, settings)}` });
    }
    if (reachable.length === 0) problems.push({ level: "error", where, message: "no recipient of the digest can be reached (expected an e-mail, Slack or webhook contact in notify or monitoring:routing.warning)" });
    if (!settings.keys.stripe) problems.push({ level: "error", where: at("keys.stripe"), message: `missing: ${where} reads Stripe (expected a restricted key with read access to subscriptions, customers and events)` });
    const uptime = d.uptime && service.checks.length > 0 && model.settings.vendors.uptimerobot?.enabled === true;
    if (uptime && !settings.keys.uptimerobot) problems.push({ level: "error", where: at("keys.uptimerobot"), message: `missing: ${where} reports uptime (expected UptimeRobot's read-only API key, or uptime: false in the digest)` });
    const issues = d.newIssues && service.sentryProject !== undefined && model.settings.vendors.sentry?.enabled === true;
    if (issues && !settings.keys.sentry) problems.push({ level: "error", where: at("keys.sentry"), message: `missing: ${where} reports new Sentry issues (expected a Sentry token with event:read, or newIssues: false in the digest)` });
  }
  return problems;
}

export function relayProblems(model: ResolvedModel, settings: RelaySettings = relaySettings(model)): Problem[] {
  const at = (path: string) => `Pulumi.${model.stack}.yaml monitoring:vendors.relay.${path}`;
  const problems: Problem[] = [];
  const served = model.services.filter(needsRelay);
  if (served.length === 0) return problems;
  const users = served.map((s) => s.key).join(", ");
  if (!settings.accountId) problems.push({ level: "error", where: at("accountId"), message: `missing (expected the Cloudflare account the relay Worker of ${users} runs in)` });
  if (!settings.workersDevSubdomain) problems.push({ level: "error", where: at("workersDevSubdomain"), message: `missing (expected the account's workers.dev subdomain, where Stripe reaches the relay of ${users})` });
  if (model.settings.vendors.stripe?.enabled !== true && served.some((s) => relayedAlerts(s).length > 0)) {
    problems.push({ level: "warning", where: at("enabled"), message: "the Stripe vendor is disabled, so no webhook endpoint points at the relay (expected monitoring:vendors.stripe.enabled: true)" });
  }
  const alerts = served.flatMap((s) => relayedAlerts(s).map((alert) => ({ where: `${s.key}.business.stripe.${alert.key}`, alert })));
  problems.push(
    ...deliveryProblems(model, alerts, {
      vendor: "Relay",
      undeliverable: (key) => (model.contacts[key] ? unreachable(model.contacts[key].contact, settings) : undefined),
      expectedReachable: "(expected a PagerDuty, Slack, webhook or e-mail contact, e-mail with monitoring:vendors.relay.mail)",
      expectedPager: "(expected a PagerDuty contact: the relay pages through PagerDuty only)",
    }),
  );
  problems.push(...digestProblems(model, settings, at));
  const crons = served.reduce((n, s) => n + (s.digest ? digestCrons(settings.digest.at ?? s.digest.at, settings.digest.timeZone ?? s.digest.timeZone).length : 0), 0);
  if (settings.plan === "free" && crons > FREE_CRON_TRIGGERS) {
    problems.push({ level: "error", where: at("plan"), message: `the digests need ${crons} Cron Triggers and Workers Free allows ${FREE_CRON_TRIGGERS} per account (expected plan: paid)` });
  }
  return problems;
}
