/**
 * Settings of the shared HTTP client for one vendor, read from stack config (`<prefix>:<key>`, through
 * the provider's configure()) or the environment, with every problem reported at once.
 */
import type { ConfigGetter } from "./kind";

/** Everything the HTTP client needs. */
export interface HttpSettings {
  /** The vendor's name in messages ("UptimeRobot API GET /monitors: ..."). */
  vendor: string;
  /** The config namespace of the tuning keys, named in messages ("raise uptimerobot:maxRetries"). */
  configPrefix: string;
  /** Sent as `Authorization: Bearer <apiKey>`; redacted from every message. */
  apiKey: string;
  apiUrl: string;
  /** Requests per minute the client stays under. */
  requestsPerMinute: number;
  /** Timeout of every HTTP call, in milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt on 429 / 5xx / resets / timeouts. */
  maxRetries: number;
  /** Base of the exponential backoff, in milliseconds. */
  retryBaseMs: number;
  /** Longest single wait between attempts (also caps Retry-After / X-RateLimit-Reset), in milliseconds. */
  retryMaxMs: number;
  /** How long listed pages are reused in one provider process, in milliseconds. */
  cacheTtlMs: number;
}

type Tuning = "requestsPerMinute" | "timeoutMs" | "maxRetries" | "retryBaseMs" | "retryMaxMs" | "cacheTtlMs";

/** Defaults of the tuning keys (a vendor may override them). */
const TUNING_DEFAULTS: Readonly<Record<Tuning, number>> = {
  requestsPerMinute: 10,
  timeoutMs: 30_000,
  maxRetries: 8,
  retryBaseMs: 1_000,
  retryMaxMs: 120_000,
  cacheTtlMs: 15_000,
};

const TUNING: ReadonlyArray<{ key: Tuning; env: string; min: number; max: number }> = [
  { key: "requestsPerMinute", env: "REQUESTS_PER_MINUTE", min: 1, max: 1_000_000 },
  { key: "timeoutMs", env: "TIMEOUT_MS", min: 1, max: 600_000 },
  { key: "maxRetries", env: "MAX_RETRIES", min: 0, max: 50 },
  { key: "retryBaseMs", env: "RETRY_BASE_MS", min: 0, max: 600_000 },
  { key: "retryMaxMs", env: "RETRY_MAX_MS", min: 0, max: 3_600_000 },
  { key: "cacheTtlMs", env: "CACHE_TTL_MS", min: 0, max: 3_600_000 },
];

/** Where a vendor's settings come from. */
export interface HttpSettingsSource {
  vendor: string;
  /** Config namespace, e.g. "uptimerobot": keys `uptimerobot:apiUrl`, `uptimerobot:timeoutMs` ... */
  configPrefix: string;
  /** Prefix of the tuning keys' environment variables, e.g. "UPTIMEROBOT": `UPTIMEROBOT_TIMEOUT_MS` ... */
  envPrefix: string;
  /** The credential: its config key (without prefix), environment variable, and the placeholder shown in the hint. */
  credential: { key: string; env: string; placeholder: string };
  /** The API URL's environment variable and default. */
  url: { env: string; default: string };
  /** Defaults that differ from TUNING_DEFAULTS. */
  defaults?: Partial<Record<Tuning, number>>;
}

/** Every config key `settingsFrom` reads, for configure() to keep. */
export function httpConfigKeys(src: HttpSettingsSource): string[] {
  return [`${src.configPrefix}:${src.credential.key}`, `${src.configPrefix}:apiUrl`, ...TUNING.map((t) => `${src.configPrefix}:${t.key}`)];
}

/** Reads the settings; throws one error listing every problem, each as "key: what is wrong (expected ...)". */
export function readHttpSettings(src: HttpSettingsSource, get: ConfigGetter, env: Record<string, string | undefined>): HttpSettings {
  const p = src.configPrefix;
  const problems: string[] = [];
  const keyName = `${p}:${src.credential.key}`;
  const apiKey = (get(keyName) ?? env[src.credential.env] ?? "").trim();
  if (!apiKey) {
    problems.push(`${keyName}: not set (expected \`pulumi config set --secret ${keyName} ${src.credential.placeholder}\` or the environment variable ${src.credential.env})`);
  }
  const apiUrl = (get(`${p}:apiUrl`) ?? env[src.url.env] ?? src.url.default).trim().replace(/\/+$/, "");
  if (!/^https?:\/\/[^\s/]+/.test(apiUrl)) problems.push(`${p}:apiUrl: "${apiUrl}" is not a URL (expected e.g. ${src.url.default})`);
  const numbers = { ...TUNING_DEFAULTS, ...src.defaults };
  for (const t of TUNING) {
    const raw = get(`${p}:${t.key}`) ?? env[`${src.envPrefix}_${t.env}`];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < t.min || n > t.max) problems.push(`${p}:${t.key}: "${raw}" is not valid (expected a number from ${t.min} to ${t.max})`);
    else numbers[t.key] = n;
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return { vendor: src.vendor, configPrefix: p, apiKey, apiUrl, ...numbers };
}
