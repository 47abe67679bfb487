/**
 * HTTP for `monitoring drill`: every request has a timeout and is retried at most once, and only
 * when the first attempt cannot have been delivered (no connection was made, or 429 / 503: the
 * service refused before doing anything) or when repeating it is harmless (`idempotent`: a
 * PagerDuty event with its dedup key, a Stripe event the relay remembers by id, a read; then also
 * after a timeout, a reset, 502, 504 or another 5xx). A drill must not notify anyone twice.
 *
 * Failures are described without the URL (a Slack or webhook URL is a secret).
 */
import { networkErrorText } from "../../network-errors";

export interface DrillRequest {
  method: "GET" | "POST";
  headers?: Readonly<Record<string, string>>;
  /** JSON body. */
  json?: unknown;
  /** Raw body (sent as given, e.g. a signed Stripe event). */
  body?: string;
  timeoutMs: number;
  /** Whether sending it twice does no harm, so a timeout may be retried. */
  idempotent: boolean;
}

export type DrillAnswer =
  | { ok: true; status: number; text: string; json: unknown; attempts: number }
  | { ok: false; error: string; attempts: number };

/** Answers that say nothing was done: safe to repeat any request. */
const REFUSED_STATUS = new Set([429, 503]);
/** Errors before the request was sent: safe to repeat any request. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function networkError(e: unknown, timeoutMs: number): { error: string; notSent: boolean } {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return { error: `no answer within ${Math.round(timeoutMs / 1000)} s`, notSent: false };
  if (/redirect/i.test(err?.cause?.message ?? "")) return { error: "answered with a redirect (expected the API itself: check the address)", notSent: false };
  const code = err?.cause?.code;
  return { error: code ? networkErrorText(code) : "request failed (no answer)", notSent: code !== undefined && NOT_SENT.has(code) };
}

async function attempt(url: string, req: DrillRequest): Promise<{ status: number; text: string; retryAfterMs?: number } | { error: string; notSent: boolean }> {
  const headers: Record<string, string> = { "user-agent": "monitoring-drill (monitoring as code)", ...req.headers };
  let body = req.body;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers["content-type"] ??= "application/json";
  }
  try {
    const res = await fetch(url, { method: req.method, headers, body, redirect: "error", signal: AbortSignal.timeout(req.timeoutMs) });
    const text = await res.text();
    const after = Number(res.headers.get("retry-after"));
    return { status: res.status, text, ...(Number.isFinite(after) && after >= 0 ? { retryAfterMs: Math.min(after, 5) * 1000 } : {}) };
  } catch (e) {
    return networkError(e, req.timeoutMs);
  }
}

/** Sends one request, retried at most once (see above); any HTTP answer is returned for the caller to judge. */
export async function drillRequest(url: string, req: DrillRequest): Promise<DrillAnswer> {
  let last = await attempt(url, req);
  let attempts = 1;
  const again = "error" in last ? last.notSent || req.idempotent : REFUSED_STATUS.has(last.status) || (req.idempotent && last.status >= 500);
  if (again) {
    await sleep("error" in last ? 250 : (last.retryAfterMs ?? 500));
    last = await attempt(url, req);
    attempts = 2;
  }
  if ("error" in last) return { ok: false, error: last.error, attempts };
  let json: unknown;
  try {
    json = last.text === "" ? undefined : JSON.parse(last.text);
  } catch {
    json = undefined;
  }
  return { ok: true, status: last.status, text: last.text, json, attempts };
}

/** "HTTP 404: no_service" from an answer, on one line and short. */
export function answerText(status: number, text: string): string {
  const line = text.replace(/\s+/g, " ").trim().slice(0, 300);
  return line ? `HTTP ${status}: ${line}` : `HTTP ${status}`;
}

/** ", after 2 attempts" when the request was retried. */
export const afterAttempts = (n: number): string => (n > 1 ? ` (after ${n} attempts)` : "");
