/**
 * PagerDuty Events API v2, for drills that page and must resolve at once
 * (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/,
 * https://developer.pagerduty.com/docs/events-api-v2/resolve-events/): POST
 * https://events.pagerduty.com/v2/enqueue with `routing_key` (the integration key), `event_action`
 * `trigger` or `resolve` and a `dedup_key`; a trigger also has `payload.{summary, source, severity}`.
 * PagerDuty answers 202 `{ status: "success", dedup_key }`, 400 `{ status: "invalid event", errors }`,
 * 429 when throttled. A second trigger with an open dedup key joins that alert instead of paging
 * again, and a resolve with the key closes it: so a retried trigger never pages twice.
 *
 * `PAGERDUTY_EVENTS_URL` points drills at another address (a fake in tests).
 */
import type { DrillContext } from "../types";
import { afterAttempts, answerText, drillRequest } from "./http";

export const EVENTS_API = "https://events.pagerduty.com/v2/enqueue";
export const EVENTS_URL_ENV = "PAGERDUTY_EVENTS_URL";

export const eventsUrl = (ctx: DrillContext): string => ctx.env(EVENTS_URL_ENV) ?? EVENTS_API;

/** At most 255 characters (the Events API's limit on dedup_key). */
export const dedupKey = (...parts: string[]): string => parts.join("/").slice(0, 255);

export interface PagerDutyTrigger {
  summary: string;
  source: string;
  details: Record<string, string>;
}

/** Sends one event; undefined when PagerDuty took it, else why not. */
export async function pagerDutyEvent(url: string, body: Record<string, unknown>): Promise<string | undefined> {
  // Idempotent by its dedup key: a repeat joins the open alert (trigger) or closes it again (resolve).
  const r = await drillRequest(url, { method: "POST", json: body, timeoutMs: 15_000, idempotent: true });
  if (!r.ok) return `${r.error}${afterAttempts(r.attempts)}`;
  if (r.status === 202 || r.status === 200) return undefined;
  const hint = r.status === 400 ? " (is the integration key an Events API v2 key of the service?)" : "";
  return `PagerDuty answered ${answerText(r.status, r.text)}${hint}${afterAttempts(r.attempts)}`;
}

export const triggerBody = (routingKey: string, key: string, t: PagerDutyTrigger) => ({
  routing_key: routingKey,
  event_action: "trigger",
  dedup_key: key,
  // "info" is the Events API's mildest severity; the summary says it is a drill.
  payload: { summary: t.summary.slice(0, 1024), source: t.source, severity: "info", custom_details: t.details },
  client: "monitoring drill",
});

export const resolveBody = (routingKey: string, key: string) => ({ routing_key: routingKey, event_action: "resolve", dedup_key: key });
