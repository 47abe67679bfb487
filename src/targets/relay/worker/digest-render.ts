/**
 * The digest as one message, in every channel's form (Slack mrkdwn and HTML escaped, like alerts).
 * Figures that could not be read are said so, never left out.
 */
import type { DigestConfig } from "./config";
import type { Rendered } from "./channels";
import { clip, htmlText, safeUrl, slackText } from "./escape";
import type { StripeFigures } from "./figures";
import { money } from "./message";
import type { Issue, Read, Uptime } from "./sources";

export interface DigestData {
  service: string;
  environment: string;
  /** The local date the digest covers the day before, e.g. "2026-11-27". */
  date: string;
  stripe: Read<StripeFigures>;
  uptime?: Read<Uptime[]>;
  issues?: Read<Issue[]>;
}

type Line = { text: string; url?: string };

function stripeLines(r: Read<StripeFigures>, digest: DigestConfig): Line[] {
  if (!r.ok) return [{ text: `Stripe could not be read: ${r.error}` }];
  const f = r.value;
  const mrr = Object.keys(f.mrr).sort().map((c) => money(f.mrr[c], c)).join(" + ") || "0";
  const churnGoal = digest.goals.monthlyChurnPercent;
  const churn = f.monthlyChurnPercent === undefined ? "n/a (no subscriptions a month ago)" : `${f.monthlyChurnPercent}% ${f.monthlyChurnPercent <= churnGoal ? "✅" : "❌"} (goal under ${churnGoal}%)`;
  const lines: Line[] = [
    { text: `New customers: ${f.newCustomers}` },
    { text: `Cancellations: ${f.cancellations}${f.cancelAtPeriodEnd > 0 ? ` (${f.cancelAtPeriodEnd} more set to cancel at period end)` : ""}` },
    { text: `MRR: ${mrr}` },
    { text: `Active subscriptions: ${f.activeSubscriptions}${f.trialing > 0 ? ` (+${f.trialing} trialing)` : ""}` },
    { text: `Monthly churn: ${churn}` },
    { text: `Failed payments: ${f.failedPayments}` },
  ];
  if (digest.freeUsers) {
    const goal = digest.goals.conversionPercent;
    const value = f.conversionPercent === undefined ? "n/a (no free users)" : `${f.conversionPercent}%${goal !== undefined ? ` ${f.conversionPercent >= goal ? "✅" : "❌"} (goal over ${goal}%)` : ""}`;
    lines.push({ text: `Free → paid conversion (30 days): ${value}; ${f.freeUsers ?? 0} free users` });
  }
  return lines;
}

function uptimeLines(r: Read<Uptime[]>): Line[] {
  if (!r.ok) return [{ text: `UptimeRobot could not be read: ${r.error}` }];
  return r.value.map((u) =>
    u.error !== undefined
      ? { text: `${u.name}: could not be read (${u.error})` }
      : { text: `${u.name}: ${u.uptime?.toFixed(2)}%${u.incidents ? `, ${u.incidents} incident(s), ${Math.round((u.downtimeSeconds ?? 0) / 60)} min down` : ""}` },
  );
}

function issueLines(r: Read<Issue[]>): Line[] {
  if (!r.ok) return [{ text: `Sentry could not be read: ${r.error}` }];
  if (r.value.length === 0) return [{ text: "No new issues" }];
  return r.value.slice(0, 20).map((i) => ({ text: `${i.shortId}: ${clip(i.title, 200)}${i.count ? ` (${i.count} events)` : ""}`, url: safeUrl(i.permalink) }));
}

function sections(data: DigestData, digest: DigestConfig): Array<{ title: string; lines: Line[] }> {
  const out = [{ title: "Business (Stripe, last 24 hours)", lines: stripeLines(data.stripe, digest) }];
  if (data.uptime) out.push({ title: "Uptime (yesterday)", lines: uptimeLines(data.uptime) });
  if (data.issues) out.push({ title: "New Sentry issues (last 24 hours)", lines: issueLines(data.issues) });
  return out;
}

export function renderDigest(data: DigestData, digest: DigestConfig): Rendered {
  const title = `${digest.name} – ${data.date}`;
  const parts = sections(data, digest);
  const text = [title, "", ...parts.flatMap((s) => [s.title, ...s.lines.map((l) => `- ${l.text}${l.url ? ` ${l.url}` : ""}`), ""])].join("\n");
  const html = [
    `<h2>${htmlText(title)}</h2>`,
    ...parts.map((s) => `<h3>${htmlText(s.title)}</h3><ul>${s.lines.map((l) => `<li>${l.url ? `<a href="${htmlText(l.url)}">${htmlText(l.text)}</a>` : htmlText(l.text)}</li>`).join("")}</ul>`),
    `<p>${htmlText(data.service)} (${htmlText(data.environment)})</p>`,
  ].join("\n");
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: clip(`📊 ${title}`, 150) } },
    ...parts.map((s) => ({
      type: "section",
      text: { type: "mrkdwn", text: clip(`*${slackText(s.title)}*\n${s.lines.map((l) => `• ${l.url ? `<${l.url}|${slackText(l.text)}>` : slackText(l.text)}`).join("\n")}`, 3000) },
    })),
  ];
  return {
    subject: clip(title, 200),
    text,
    html,
    slack: { text: slackText(title), blocks },
    webhook: { digest: { name: digest.name, date: data.date, service: data.service, environment: data.environment }, stripe: data.stripe, uptime: data.uptime ?? null, issues: data.issues ?? null },
  };
}
