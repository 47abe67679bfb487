/**
 * One delivery with retries: network errors, 429 and 5xx are retried with exponential backoff and
 * jitter (a `Retry-After` in seconds is honoured), each attempt with a timeout, all within the
 * delivery's deadline so that Stripe gets its answer in time. Other 4xx answers are final.
 */

export interface Attempted {
  ok: boolean;
  /** HTTP status of the last attempt, 0 when there was no answer. */
  status: number;
  attempts: number;
  /** Why it failed, short and free of secrets (never the URL: a Slack webhook URL is a secret). */
  error?: string;
  body?: string;
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  /** Epoch ms by which the last attempt must have ended. */
  deadline: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(res: Response): number | undefined {
  const header = res.headers.get("retry-after");
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

async function once(url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; body: string; retryAfter?: number; error?: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.text()).slice(0, 2000);
    return { status: res.status, body, retryAfter: retryAfterMs(res) };
  } catch (e) {
    const name = e instanceof Error ? e.name : "Error";
    return { status: 0, body: "", error: name === "TimeoutError" || name === "AbortError" ? "timed out" : "no answer (connection failed)" };
  }
}

/** Sends `init` to `url` until a 2xx, a final 4xx, the attempts or the deadline run out. */
export async function deliver(url: string, init: RequestInit, policy: RetryPolicy): Promise<Attempted> {
  let last: { status: number; body: string; retryAfter?: number; error?: string } = { status: 0, body: "", error: "not attempted (no time left)" };
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    const left = policy.deadline - Date.now();
    if (left <= 50) return { ok: false, status: last.status, attempts: attempt - 1, error: last.error ?? `HTTP ${last.status}`, body: last.body };
    last = await once(url, init, Math.min(left, 5000));
    if (last.status >= 200 && last.status < 300) return { ok: true, status: last.status, attempts: attempt, body: last.body };
    const retryable = last.status === 0 || last.status === 429 || last.status >= 500;
    if (!retryable) return { ok: false, status: last.status, attempts: attempt, error: `HTTP ${last.status}`, body: last.body };
    if (attempt === policy.attempts) break;
    const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
    const wait = Math.max(last.retryAfter ?? 0, backoff);
    if (Date.now() + wait >= policy.deadline) break;
    await sleep(wait);
  }
  return { ok: false, status: last.status, attempts: policy.attempts, error: last.error ?? `HTTP ${last.status}`, body: last.body };
}
