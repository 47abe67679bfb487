/**
 * The context every drill path is handed (src/targets/types.ts `DrillContext`), and the one place
 * that keeps secrets out of what a drill prints.
 *
 * Credentials come from where `pulumi up` reads them: stack config (`grafana:auth`, `sentry:token`)
 * or the environment (`GRAFANA_AUTH`, `SENTRY_AUTH_TOKEN`). A contact's URL or key comes from
 * `MONITORING_CONTACT_<KEY>` when set (so a drill can use the real value where the stack file holds
 * a placeholder), else from the stack file. A `secure:` value cannot be decrypted offline: the
 * lookup says which variable to set, and with what (`pulumi config get --path ...`).
 */
import { OFFLINE_SECRET, type Contact } from "../../model";
import type { ResolvedModel } from "../../resolve";
import type { RawConfig } from "../../settings";
import type { DrillContext, DrillLookup } from "../types";

/** `team-slack` → `MONITORING_CONTACT_TEAM_SLACK`. */
export const contactEnv = (key: string): string => `MONITORING_CONTACT_${key.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;

/** The field of a contact that holds its secret, and its value in the stack file. */
export function contactSecretField(contact: Contact): { field: string; value: string } | undefined {
  if (contact.type === "slack") return { field: "webhookUrl", value: contact.webhookUrl };
  if (contact.type === "webhook") return { field: "url", value: contact.url };
  if (contact.type === "pagerduty") return { field: "integrationKey", value: contact.integrationKey };
  return undefined;
}

export interface DrillSetup {
  stack: string;
  config: RawConfig;
  env: Readonly<Record<string, string | undefined>>;
  model: ResolvedModel;
  runId: string;
  progress(line: string): void;
}

export interface Drill {
  ctx: DrillContext;
  /** Text with every secret the drill knows of replaced, and URL paths (where tokens live) cut. */
  redact(text: string): string;
}

/** A new run id: time and randomness, letters and digits only (Stripe ids and dedup keys take it as is). */
export function newRunId(now = Date.now()): string {
  return `${now.toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, "0")}`;
}

function leaves(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (value && typeof value === "object") for (const v of Object.values(value)) leaves(v, out);
}

export function drillContext(setup: DrillSetup): Drill {
  const { stack, config, env, model } = setup;
  const secrets = new Set<string>();
  const remember = (v: string | undefined) => {
    if (v && v.length >= 8 && v !== OFFLINE_SECRET) secrets.add(v);
  };
  for (const { contact } of Object.values(model.contacts)) remember(contactSecretField(contact)?.value);
  const file = `Pulumi.${stack}.yaml`;
  const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== "";

  const ctx: DrillContext = {
    stack,
    runId: setup.runId,
    progress: setup.progress,
    env(name, secret) {
      const v = env[name];
      if (secret && set(v)) {
        remember(v);
        try {
          const all: string[] = [];
          leaves(JSON.parse(v), all);
          all.forEach(remember);
        } catch {
          /* not JSON: the value itself is remembered */
        }
      }
      return set(v) ? v : undefined;
    },
    setting(configKey, envName) {
      const fromConfig = config[configKey];
      if (set(fromConfig) && fromConfig !== OFFLINE_SECRET) return fromConfig.trim();
      const fromEnv = env[envName];
      return set(fromEnv) ? fromEnv.trim() : undefined;
    },
    credential(configKey, envName): DrillLookup {
      const fromConfig = config[configKey];
      if (set(fromConfig) && fromConfig !== OFFLINE_SECRET) {
        remember(fromConfig);
        return { value: fromConfig.trim() };
      }
      const fromEnv = env[envName];
      if (set(fromEnv)) {
        remember(fromEnv);
        return { value: fromEnv.trim() };
      }
      return fromConfig === OFFLINE_SECRET
        ? { missing: `${configKey} is encrypted in ${file} and cannot be read offline (expected the environment variable ${envName})` }
        : { missing: `${configKey} is not set (expected it in ${file} or the environment variable ${envName})` };
    },
    contactSecret(key): DrillLookup {
      const name = contactEnv(key);
      const fromEnv = env[name];
      if (set(fromEnv)) {
        remember(fromEnv);
        return { value: fromEnv.trim() };
      }
      const contact = model.contacts[key]?.contact;
      const secret = contact ? contactSecretField(contact) : undefined;
      if (!secret) return { missing: `contact ${key} has no URL or key to send to` };
      if (secret.value !== OFFLINE_SECRET) return { value: secret.value };
      const path = `monitoring:contacts.${key}.${secret.field}`;
      return { missing: `${path} is encrypted in ${file} and cannot be read offline (expected the environment variable ${name}, e.g. ${name}="$(pulumi config get --path '${path}' --stack ${stack})")` };
    },
  };
  const redact = (text: string): string => {
    let out = text;
    for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join("[secret]");
    // Whatever a vendor echoes back: an address keeps its host, never its path or query.
    return out.replace(/\b(https?:\/\/[^\s/"'<>]+)(\/[^\s"'<>]*)?/g, (_, origin: string, rest?: string) => (rest && rest !== "/" ? `${origin}/…` : origin));
  };
  return { ctx, redact };
}
