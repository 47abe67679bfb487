/**
 * The daily digest, on the Worker's Cron Triggers. Cron Triggers run in UTC
 * (https://developers.cloudflare.com/workers/configuration/cron-triggers/), so the program
 * schedules every UTC time the local `at` can be over the year (two across a daylight-saving
 * change); the run whose local time in `timeZone` is `at` sends, the others return. A day is sent
 * once to each recipient: KV remembers who got it, so a re-run after a failure reaches only the
 * recipients that missed it.
 */
import type { DigestConfig, RelayConfig } from "./config";
import { prepare } from "./channels";
import { renderDigest, type DigestData } from "./digest-render";
import type { Env } from "./env";
import { deliver } from "./http";
import { readIssues, readStripe, readUptime } from "./sources";

/** Local date "YYYY-MM-DD" and time "HH:MM" of an instant in a zone. */
export function localTime(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

async function gather(env: Env, config: RelayConfig, digest: DigestConfig, now: number, date: string): Promise<DigestData> {
  const [stripe, uptime, issues] = await Promise.all([
    readStripe(env, config, digest, now),
    digest.uptime ? readUptime(env, config, digest.uptime, now) : undefined,
    digest.sentry ? readIssues(env, digest.sentry, now) : undefined,
  ]);
  return { service: config.service.name, environment: config.environment, date, stripe, uptime, issues };
}

/** Sends the digest when `at` is its local time; returns what happened, throws when a recipient was not reached. */
export async function runDigest(env: Env, at: Date, force = false): Promise<string> {
  const config = env.CONFIG;
  const digest = config.digest;
  if (!digest) return "no digest configured";
  const local = localTime(at, digest.timeZone);
  if (!force && local.time !== digest.at) return `not ${digest.at} in ${digest.timeZone} (${local.time})`;
  const sentKey = `digest:${local.date}`;
  if (!force && (await env.REPLAY.get(sentKey))) return `already sent for ${local.date}`;
  const now = Math.floor(at.getTime() / 1000);
  const rendered = renderDigest(await gather(env, config, digest, now, local.date), digest);
  const deadline = Date.now() + 60_000;
  const failures: string[] = [];
  for (const key of digest.contacts) {
    const got = `${sentKey}:${key}`;
    if (await env.REPLAY.get(got)) continue;
    const contact = config.contacts[key];
    const req = contact ? prepare(contact, rendered, env, config, `digest/${config.service.key}/${local.date}/${key}`) : { error: "the relay cannot reach this contact" };
    if ("error" in req) {
      failures.push(`${key}: ${req.error}`);
      continue;
    }
    const result = await deliver(req.url, req.init, { attempts: config.delivery.attempts, baseDelayMs: config.delivery.baseDelayMs, deadline });
    if (!result.ok) failures.push(`${key}: ${result.error} after ${result.attempts} attempt(s)`);
    else await env.REPLAY.put(got, "1", { expirationTtl: 3 * 86_400 });
  }
  if (failures.length > 0) throw new Error(`digest ${local.date}: not delivered to ${failures.join("; ")}`);
  await env.REPLAY.put(sentKey, "1", { expirationTtl: 3 * 86_400 });
  return `sent for ${local.date} to ${digest.contacts.join(", ")}`;
}
