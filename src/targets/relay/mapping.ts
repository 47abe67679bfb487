/**
 * Relay resources (pulumi-cloudflare 6, https://www.pulumi.com/registry/packages/cloudflare/):
 *
 * - one `WorkersKvNamespace` per stack, the replay store (event ids with a time-to-live);
 * - per service with relayed business alerts or a digest: a `WorkersScript` (module syntax,
 *   `mainModule` + `contentFile`/`contentSha256`) whose bindings are the CONFIG (`json`), the KV
 *   namespace (`kv_namespace`) and secrets (`secret_text`): the Stripe endpoint's signing secret,
 *   taken from the `stripeSigningSecrets` output the Stripe module publishes for the `relay`
 *   endpoint (a Pulumi secret from Stripe's create response to the binding, never in code or plan),
 *   the contacts' URLs and keys, the mail API key and the digest's read-only keys;
 *   a `WorkersScriptSubdomain` that serves it on workers.dev (the URL Stripe posts to);
 *   and a `WorkersCronTrigger` with the digest's schedules (UTC).
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "../../resolve";
import { logicalName, type ServiceContext, type StackContext } from "../types";
import { workerBundle } from "./bundle";
import { needsRelay, relayedAlerts, scriptName, type RelaySettings } from "./settings";
import { contactSecret, SECRET } from "./worker/config";
import { contactSecretValue, relayConfig } from "./worker-config";

export interface RelayShared {
  kv?: cloudflare.WorkersKvNamespace;
}

/** Minutes after midnight → "M H * * *". */
const cron = (minutes: number) => `${minutes % 60} ${Math.floor(minutes / 60)} * * *`;

/**
 * One formatter per zone: building an Intl.DateTimeFormat costs ~0.5 ms (it loads the zone's
 * rules), using one a few microseconds; a year of offsets for 100 services took half of a plan.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** UTC offset of a zone at an instant, in minutes. */
function offsetMinutes(at: Date, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    formatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - at.getTime()) / 60_000);
}

/** digestCrons' answers: every service of a stack usually shares one digest time and zone. */
const cronsOf = new Map<string, readonly string[]>();

/**
 * Every UTC time the local `at` falls on in `timeZone` over a year (one, or two across daylight
 * saving), as cron expressions; the Worker sends only when its local time is `at`.
 */
export function digestCrons(at: string, timeZone: string, year = new Date().getUTCFullYear()): string[] {
  const key = `${at}\0${timeZone}\0${year}`;
  const known = cronsOf.get(key);
  if (known) return [...known];
  const [h, m] = at.split(":").map(Number);
  const local = h * 60 + m;
  const times = new Set<number>();
  for (let day = 0; day < 366; day++) {
    const noon = new Date(Date.UTC(year, 0, 1 + day, 12));
    times.add((((local - offsetMinutes(noon, timeZone)) % 1440) + 1440) % 1440);
  }
  const crons = [...times].sort((a, b) => a - b).map(cron);
  cronsOf.set(key, crons);
  return [...crons];
}

export function registerStack({ model, settings, parent }: StackContext<RelaySettings>): RelayShared {
  if (!settings.accountId || !model.services.some(needsRelay)) return {};
  const kv = new cloudflare.WorkersKvNamespace("relay-replay", { accountId: settings.accountId, title: `monitoring-relay-replay-${model.environment}` }, { parent: parent() });
  return { kv };
}

function secretBindings(model: ResolvedModel, ctx: ServiceContext<RelaySettings>, used: string[]): cloudflare.types.input.WorkersScriptBinding[] {
  const { settings, service } = ctx;
  const bindings: cloudflare.types.input.WorkersScriptBinding[] = [];
  const secret = (name: string, text: pulumi.Input<unknown> | undefined) => {
    if (text !== undefined) bindings.push({ type: "secret_text", name, text: pulumi.secret(pulumi.output(text).apply((t) => String(t ?? ""))) });
  };
  if (relayedAlerts(service).length > 0) secret(SECRET.webhook, ctx.published?.("stripeSigningSecrets")?.relay);
  for (const key of used) secret(contactSecret(key), contactSecretValue(model.contacts[key].contact));
  if (settings.mail) secret(SECRET.mail, settings.mail.apiKey);
  if (service.digest) {
    secret(SECRET.stripe, settings.keys.stripe);
    secret(SECRET.uptimerobot, settings.keys.uptimerobot);
    secret(SECRET.sentry, settings.keys.sentry);
  }
  return bindings;
}

export function registerService(ctx: ServiceContext<RelaySettings>, shared: RelayShared): void {
  const { model, settings, service, parent } = ctx;
  if (!needsRelay(service) || !settings.accountId || !shared.kv) return;
  const config = relayConfig(model, service, settings);
  const bundle = workerBundle();
  const name = scriptName(model, service);
  const script = new cloudflare.WorkersScript(
    logicalName(service.key, "relay"),
    {
      accountId: settings.accountId,
      scriptName: name,
      mainModule: "worker.js",
      contentFile: bundle.contentFile,
      contentSha256: bundle.contentSha256,
      compatibilityDate: settings.compatibilityDate,
      bindings: [
        { type: "json", name: "CONFIG", json: JSON.stringify(config) },
        { type: "kv_namespace", name: "REPLAY", namespaceId: shared.kv.id },
        ...secretBindings(model, ctx, Object.keys(config.contacts)),
      ],
      observability: { enabled: true },
    },
    { parent },
  );
  new cloudflare.WorkersScriptSubdomain(logicalName(service.key, "relay-subdomain"), { accountId: settings.accountId, scriptName: script.scriptName, enabled: true, previewsEnabled: false }, { parent });
  if (config.digest) {
    new cloudflare.WorkersCronTrigger(
      logicalName(service.key, "relay-digest"),
      { accountId: settings.accountId, scriptName: script.scriptName, schedules: digestCrons(config.digest.at, config.digest.timeZone).map((c) => ({ cron: c })) },
      { parent },
    );
  }
}
