/**
 * The Worker's environment: the bindings the program declares (see ./config). Only the parts of
 * the Workers runtime API the relay uses are typed here.
 *
 * KV: https://developers.cloudflare.com/kv/api/write-key-value-pairs/ (`put(key, value, { expirationTtl })`,
 * at least 60 seconds) and https://developers.cloudflare.com/kv/api/read-key-value-pairs/ (`get` → string | null).
 */
import type { RelayConfig } from "./config";

export interface KvNamespace {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
}

export type Env = { CONFIG: RelayConfig; REPLAY: KvNamespace } & Record<string, unknown>;

/** https://developers.cloudflare.com/workers/runtime-apis/handlers/scheduled/ */
export interface ScheduledController {
  scheduledTime: number;
  cron: string;
}

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** A secret binding's text, or undefined when it is not bound. */
export function secretOf(env: Env, name: string): string | undefined {
  const value = env[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}
