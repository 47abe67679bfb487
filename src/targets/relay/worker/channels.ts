/**
 * The requests each channel takes, exactly as the services document them:
 *
 * - Slack incoming webhook: POST JSON `{ text, blocks }`; `text` is the notification fallback when
 *   blocks are present; answers 200 `ok` (https://api.slack.com/messaging/webhooks,
 *   https://api.slack.com/reference/block-kit/blocks). Text is mrkdwn-escaped (./escape).
 * - PagerDuty Events API v2: POST https://events.pagerduty.com/v2/enqueue with `routing_key`,
 *   `event_action: "trigger"`, `dedup_key` (at most 255 characters: a second trigger with the same
 *   key joins the open alert instead of paging again) and `payload.{summary (≤ 1024), source,
 *   severity (critical|error|warning|info), timestamp, component, group, class, custom_details}`,
 *   `links`; answers 202 `{ status: "success", dedup_key }`
 *   (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/).
 * - Resend: POST https://api.resend.com/emails, `Authorization: Bearer <key>`, JSON `{ from, to,
 *   subject, html, text }`, and `Idempotency-Key` (≤ 256 characters; the same key within 24 hours
 *   sends once) (https://resend.com/docs/api-reference/emails/send-email,
 *   https://resend.com/docs/dashboard/emails/idempotency-keys). HTML is escaped (./escape).
 * - Generic webhook: POST JSON, any 2xx is delivered.
 */
import type { RelayConfig, RelayContact } from "./config";
import { SECRET } from "./config";
import { secretOf, type Env } from "./env";
import { clip, htmlText, safeUrl, slackText } from "./escape";
import type { AlertMessage } from "./message";

/** One message in every channel's form. */
export interface Rendered {
  subject: string;
  text: string;
  html: string;
  slack: { text: string; blocks: unknown[] };
  webhook: Record<string, unknown>;
  /** Only alerts page. */
  pagerduty?: { summary: string; severity: "critical" | "warning"; dedupKey: string; source: string; component: string; group: string; class: string; details: Record<string, string>; links: Array<{ href: string; text: string }>; timestamp: string };
}

export type Prepared = { url: string; init: RequestInit } | { error: string };

function runbookLines(m: AlertMessage): string[] {
  return [...(m.runbook?.steps ?? []).map((s, i) => `${i + 1}. ${s}`), ...(m.runbook?.url ? [`Runbook: ${m.runbook.url}`] : [])];
}

function slackAlert(m: AlertMessage): Rendered["slack"] {
  const icon = m.severity === "critical" ? ":rotating_light:" : ":warning:";
  const facts = m.facts.map(([k, v]) => `*${slackText(k)}:* ${slackText(clip(v, 300))}`).join("\n");
  const steps = (m.runbook?.steps ?? []).map((s, i) => `${i + 1}. ${slackText(clip(s, 300))}`).join("\n");
  const runbook = safeUrl(m.runbook?.url);
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: clip(`${m.severity === "critical" ? "🚨" : "⚠️"} ${m.title}`, 150) } },
    { type: "section", text: { type: "mrkdwn", text: clip(`${icon} *${slackText(m.summary)}*\n${facts}`, 3000) } },
  ];
  if (steps || runbook) blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(`*What to do*\n${steps}${runbook ? `\n<${runbook}|Runbook>` : ""}`, 3000) } });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `${slackText(m.service)} (${slackText(m.environment)}) · <${m.link}|${slackText(m.eventType)} in Stripe>` }] });
  return { text: slackText(clip(`${m.severity.toUpperCase()}: ${m.summary}`, 3000)), blocks };
}

function htmlAlert(m: AlertMessage): string {
  const rows = m.facts.map(([k, v]) => `<tr><th align="left">${htmlText(k)}</th><td>${htmlText(clip(v, 1000))}</td></tr>`).join("");
  const steps = (m.runbook?.steps ?? []).map((s) => `<li>${htmlText(s)}</li>`).join("");
  const runbook = safeUrl(m.runbook?.url);
  return [
    `<h2>${htmlText(m.severity === "critical" ? "Critical" : "Warning")}: ${htmlText(m.title)}</h2>`,
    `<p>${htmlText(m.summary)}</p>`,
    `<table>${rows}</table>`,
    steps ? `<h3>What to do</h3><ol>${steps}</ol>` : "",
    runbook ? `<p><a href="${htmlText(runbook)}">Runbook</a></p>` : "",
    `<p><a href="${htmlText(m.link)}">The event in Stripe</a> · ${htmlText(m.service)} (${htmlText(m.environment)})</p>`,
  ].join("\n");
}

/** An alert in every channel's form. */
export function renderAlert(m: AlertMessage): Rendered {
  const text = [`${m.severity.toUpperCase()}: ${m.summary}`, "", ...m.facts.map(([k, v]) => `${k}: ${v}`), "", ...runbookLines(m), "", `Stripe: ${m.link}`].join("\n");
  const runbook = safeUrl(m.runbook?.url);
  return {
    subject: clip(`[${m.severity}] ${m.summary}`, 200),
    text,
    html: htmlAlert(m),
    slack: slackAlert(m),
    webhook: { alert: { key: m.entryKey, name: m.title, severity: m.severity, runbook: m.runbook ?? null }, summary: m.summary, facts: Object.fromEntries(m.facts), service: m.service, environment: m.environment, event: { id: m.eventId, type: m.eventType, occurredAt: m.occurredAt, link: m.link } },
    pagerduty: {
      summary: clip(m.summary, 1024),
      severity: m.severity,
      dedupKey: clip(`stripe/${m.eventId}/${m.entryKey}`, 255),
      source: `stripe (${m.service}, ${m.environment})`,
      component: m.service,
      group: "business",
      class: m.eventType,
      details: Object.fromEntries([...m.facts, ...(m.runbook?.steps ?? []).map((s, i): [string, string] => [`Step ${i + 1}`, s])]),
      links: [{ href: m.link, text: "The event in Stripe" }, ...(runbook ? [{ href: runbook, text: "Runbook" }] : [])],
      timestamp: m.occurredAt,
    },
  };
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

/** The request that delivers `r` to a contact, or why it cannot be made. */
export function prepare(contact: RelayContact, r: Rendered, env: Env, config: RelayConfig, idempotencyKey: string): Prepared {
  const secret = contact.secret ? secretOf(env, contact.secret) : undefined;
  switch (contact.type) {
    case "slack":
      return secret ? { url: secret, init: json(r.slack) } : { error: `secret ${contact.secret} is not bound` };
    case "webhook":
      return secret ? { url: secret, init: json(r.webhook) } : { error: `secret ${contact.secret} is not bound` };
    case "pagerduty": {
      const p = r.pagerduty;
      if (!p) return { error: "PagerDuty takes alerts only" };
      if (!secret) return { error: `secret ${contact.secret} is not bound` };
      const payload = { summary: p.summary, source: p.source, severity: p.severity, timestamp: p.timestamp, component: p.component, group: p.group, class: p.class, custom_details: p.details };
      return { url: config.api.pagerduty, init: json({ routing_key: secret, event_action: "trigger", dedup_key: p.dedupKey, payload, links: p.links, client: "monitoring-as-code relay" }) };
    }
    case "email": {
      const key = secretOf(env, SECRET.mail);
      if (!config.mail || !key) return { error: "no mail API key or sender is configured" };
      if (!contact.address) return { error: "the contact has no address" };
      const body = { from: config.mail.from, to: [contact.address], subject: r.subject, html: r.html, text: r.text };
      return { url: config.api.resend, init: json(body, { authorization: `Bearer ${key}`, "idempotency-key": clip(idempotencyKey, 256) }) };
    }
  }
}
