/**
 * The contacts' own endpoints, drilled directly (route `<contact>/direct`): what a vendor without a
 * test API (UptimeRobot) would post to, and proof that the URL or key in the stack settings works
 * whichever vendor delivers.
 *
 * - Slack incoming webhook (https://api.slack.com/messaging/webhooks): POST JSON `{ text }`; Slack
 *   answers 200 `ok`, or 400 `invalid_payload`, 403 `action_prohibited`, 404 `no_service` /
 *   `channel_not_found`, 410 `channel_is_archived` (the webhook or its channel is gone).
 * - PagerDuty Events API v2 (./pagerduty): a trigger of severity `info` with a dedup key of this
 *   run, then at once a resolve with the same key.
 * - Generic webhook: POST JSON; any 2xx is delivered.
 * - E-mail, SMS and voice have no endpoint of this project's own to send to: not drillable here.
 */
import type { ResolvedModel } from "../../resolve";
import type { DrillContext, DrillResult, DrillRoute } from "../types";
import { afterAttempts, answerText, drillRequest } from "./http";
import { DRILL_MARKER, drillDetail } from "./message";
import { dedupKey, eventsUrl, pagerDutyEvent, resolveBody, triggerBody } from "./pagerduty";

export const DIRECT = "direct";

const PATHS = {
  slack: "Slack incoming webhook",
  webhook: "webhook POST",
  pagerduty: "PagerDuty Events API v2",
  email: "e-mail",
  sms: "SMS",
  voice: "voice call",
} as const;

function sends(channel: keyof typeof PATHS, ctx: DrillContext, contact: string): string {
  if (channel === "slack") return `POST {"text": "${DRILL_MARKER} ..."} to the contact's incoming webhook`;
  if (channel === "webhook") return `POST {"drill": true, "message": "${DRILL_MARKER}", "stack", "contact", "drill"} to the contact's URL`;
  return `trigger (severity info, dedup key ${dedupKey("monitoring-drill", ctx.stack, contact, ctx.runId)}) and resolve it at once`;
}

export function directRoutes(model: ResolvedModel, ctx: DrillContext): DrillRoute[] {
  return Object.keys(model.contacts)
    .sort()
    .map((key): DrillRoute => {
      const channel = model.contacts[key].contact.type;
      const base = { id: `${key}/${DIRECT}`, contact: key, channel, path: `${PATHS[channel]} (direct)` };
      if (channel === "email") {
        return { ...base, sends: "-", notDrillable: "this project has no mail sender of its own; e-mail is drilled through the vendors that send it" };
      }
      if (channel === "sms" || channel === "voice") {
        return { ...base, sends: "-", notDrillable: `this project has no ${channel === "sms" ? "SMS" : "voice"} API of its own; page through a PagerDuty contact, which is drilled` };
      }
      const secret = ctx.contactSecret(key);
      return { ...base, sends: sends(channel, ctx, key), ...("missing" in secret ? { blocked: secret.missing } : {}) };
    });
}

async function slack(url: string, ctx: DrillContext): Promise<[boolean, string]> {
  const r = await drillRequest(url, { method: "POST", json: { text: `${DRILL_MARKER}\n${drillDetail(ctx.stack, ctx.runId)}` }, timeoutMs: 15_000, idempotent: false });
  if (!r.ok) return [false, `${r.error}${afterAttempts(r.attempts)}`];
  if (r.status === 200) return [true, `Slack answered ${answerText(r.status, r.text)}`];
  const gone = r.status === 404 || r.status === 410 ? " (the webhook or its channel is gone: make a new incoming webhook and update the contact)" : "";
  return [false, `Slack answered ${answerText(r.status, r.text)}${gone}${afterAttempts(r.attempts)}`];
}

async function webhook(url: string, key: string, ctx: DrillContext): Promise<[boolean, string]> {
  const json = { drill: true, message: DRILL_MARKER, detail: drillDetail(ctx.stack, ctx.runId), stack: ctx.stack, contact: key, drill_id: ctx.runId };
  const r = await drillRequest(url, { method: "POST", json, timeoutMs: 15_000, idempotent: false });
  if (!r.ok) return [false, `${r.error}${afterAttempts(r.attempts)}`];
  const ok = r.status >= 200 && r.status < 300;
  return [ok, `the webhook answered ${answerText(r.status, r.text)}${ok ? "" : afterAttempts(r.attempts)}`];
}

async function pagerduty(routingKey: string, key: string, ctx: DrillContext): Promise<[boolean, string]> {
  const url = eventsUrl(ctx);
  const dedup = dedupKey("monitoring-drill", ctx.stack, key, ctx.runId);
  const details = { drill: drillDetail(ctx.stack, ctx.runId), stack: ctx.stack, contact: key };
  const failed = await pagerDutyEvent(url, triggerBody(routingKey, dedup, { summary: DRILL_MARKER, source: `monitoring drill (${ctx.stack})`, details }));
  if (failed) return [false, `the trigger failed: ${failed}`];
  const unresolved = await pagerDutyEvent(url, resolveBody(routingKey, dedup));
  if (unresolved) return [false, `triggered, but the resolve failed: ${unresolved}; resolve incident ${dedup} in PagerDuty`];
  return [true, `PagerDuty took the trigger and the resolve (dedup key ${dedup})`];
}

/** Sends each route's test notification, one after the other. */
export async function sendDirect(routes: readonly DrillRoute[], model: ResolvedModel, ctx: DrillContext): Promise<DrillResult[]> {
  const results: DrillResult[] = [];
  for (const route of routes) {
    const secret = ctx.contactSecret(route.contact);
    if ("missing" in secret) {
      results.push({ id: route.id, delivered: false, why: secret.missing });
      continue;
    }
    const channel = model.contacts[route.contact].contact.type;
    const [delivered, why] =
      channel === "slack" ? await slack(secret.value, ctx) : channel === "webhook" ? await webhook(secret.value, route.contact, ctx) : await pagerduty(secret.value, route.contact, ctx);
    results.push({ id: route.id, delivered, why });
  }
  return results;
}
