/**
 * Loopback fakes of the services the relay delivers to, each checking a request the way the
 * service documents it and answering as it does:
 *
 * - Slack incoming webhooks (https://api.slack.com/messaging/webhooks): POST JSON with `text`
 *   and/or `blocks`; 200 `ok`; 400 `invalid_payload` otherwise.
 * - PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/):
 *   POST /v2/enqueue, `routing_key` (32 characters), `event_action` trigger|acknowledge|resolve,
 *   `dedup_key` ≤ 255, `payload.summary` ≤ 1024, `payload.source`, `payload.severity` one of
 *   critical|error|warning|info; 202 `{ status: "success", message: "Event processed", dedup_key }`;
 *   400 `{ status: "invalid event", errors }`. Like PagerDuty, a trigger whose dedup_key is
 *   already open joins that alert: `alerts` counts what would page.
 * - Resend (https://resend.com/docs/api-reference/emails/send-email,
 *   https://resend.com/docs/dashboard/emails/idempotency-keys): POST /emails with bearer auth,
 *   `from`, `to` (string or array), `subject`, `html` or `text`; 200 `{ id }`; 401 without the
 *   key, 422 `validation_error`; an Idempotency-Key seen before answers the first response and
 *   sends nothing.
 * - A generic webhook: POST JSON, 200.
 *
 * Faults: `failNext(n, status)` answers the next n requests with that status (a 429 with
 * Retry-After: 0).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

type Check = (req: Received) => { status: number; body: unknown } | undefined;

export class FakeService {
  readonly received: Received[] = [];
  /** Requests that were answered with a 2xx (what reached the service). */
  readonly accepted: Received[] = [];
  url = "";
  private server?: http.Server;
  private faults: number[] = [];

  constructor(private readonly check: Check) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        let body: unknown = raw;
        try {
          body = JSON.parse(raw);
        } catch {
          /* not JSON: the check decides */
        }
        const r: Received = { path: req.url ?? "/", headers: req.headers, body };
        this.received.push(r);
        const fault = this.faults.shift();
        if (fault !== undefined) {
          res.writeHead(fault, fault === 429 ? { "retry-after": "0" } : {});
          res.end(fault === 429 ? "rate limited" : "unavailable");
          return;
        }
        const answer = req.method !== "POST" ? { status: 405, body: "method not allowed" } : (this.check(r) ?? { status: 200, body: "ok" });
        if (answer.status >= 200 && answer.status < 300) this.accepted.push(r);
        res.writeHead(answer.status, { "content-type": typeof answer.body === "string" ? "text/plain" : "application/json" });
        res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  failNext(times: number, status: number): void {
    for (let i = 0; i < times; i++) this.faults.push(status);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

export function fakeSlack(): FakeService {
  return new FakeService((r) => {
    const b = r.body;
    if (String(r.headers["content-type"]).split(";")[0] !== "application/json") return { status: 400, body: "invalid_payload" };
    if (!b || typeof b !== "object" || (typeof b.text !== "string" && !Array.isArray(b.blocks))) return { status: 400, body: "invalid_payload" };
    if (Array.isArray(b.blocks) && b.blocks.some((x: any) => typeof x?.type !== "string")) return { status: 400, body: "invalid_blocks" };
    return { status: 200, body: "ok" };
  });
}

const PD_SEVERITIES = ["critical", "error", "warning", "info"];

export class FakePagerDuty extends FakeService {
  /** Open alerts by dedup key: what would page a person. */
  readonly alerts = new Map<string, Received>();

  constructor() {
    super((r) => this.enqueue(r));
  }

  private enqueue(r: Received): { status: number; body: unknown } {
    const b = r.body;
    const errors: string[] = [];
    if (r.path !== "/v2/enqueue") return { status: 404, body: { status: "not found" } };
    if (typeof b?.routing_key !== "string" || b.routing_key.length !== 32) errors.push("'routing_key' is invalid");
    if (!["trigger", "acknowledge", "resolve"].includes(b?.event_action)) errors.push("'event_action' is invalid");
    if (b?.dedup_key !== undefined && (typeof b.dedup_key !== "string" || b.dedup_key.length > 255)) errors.push("'dedup_key' is invalid");
    if (b?.event_action === "trigger") {
      const p = b.payload;
      if (typeof p?.summary !== "string" || p.summary.length === 0 || p.summary.length > 1024) errors.push("'payload.summary' is missing or too long");
      if (typeof p?.source !== "string" || p.source.length === 0) errors.push("'payload.source' is missing");
      if (!PD_SEVERITIES.includes(p?.severity)) errors.push("'payload.severity' is invalid");
    }
    if (errors.length > 0) return { status: 400, body: { status: "invalid event", message: "Event object is invalid", errors } };
    const key = b.dedup_key ?? `pd-${this.received.length}`;
    if (b.event_action === "trigger" && !this.alerts.has(key)) this.alerts.set(key, r);
    return { status: 202, body: { status: "success", message: "Event processed", dedup_key: key } };
  }
}

export class FakeResend extends FakeService {
  private readonly answered = new Map<string, unknown>();
  /** Mails actually sent (an idempotent repeat sends none). */
  readonly sent: Received[] = [];
  private seq = 0;

  constructor(readonly apiKey = "re_test_fake_key_123") {
    super((r) => this.send(r));
  }

  private send(r: Received): { status: number; body: unknown } {
    if (r.path !== "/emails") return { status: 404, body: { statusCode: 404, name: "not_found", message: "not found" } };
    if (r.headers.authorization !== `Bearer ${this.apiKey}`) return { status: 401, body: { statusCode: 401, name: "missing_api_key", message: "Missing API key in the authorization header" } };
    const b = r.body;
    const to = typeof b?.to === "string" ? [b.to] : b?.to;
    const invalid = typeof b?.from !== "string" || !Array.isArray(to) || to.length === 0 || to.length > 50 || typeof b?.subject !== "string" || (typeof b?.html !== "string" && typeof b?.text !== "string");
    if (invalid) return { status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `from`, `to`, `subject` or content" } };
    const key = r.headers["idempotency-key"];
    if (typeof key === "string") {
      if (key.length > 256) return { status: 422, body: { statusCode: 422, name: "invalid_idempotency_key", message: "The key must be between 1-256 chars." } };
      if (this.answered.has(key)) return { status: 200, body: this.answered.get(key) };
    }
    const body = { id: `00000000-0000-4000-8000-${String(++this.seq).padStart(12, "0")}` };
    if (typeof key === "string") this.answered.set(key, body);
    this.sent.push(r);
    return { status: 200, body };
  }
}

export function fakeWebhook(): FakeService {
  return new FakeService(() => ({ status: 200, body: { ok: true } }));
}
