/**
 * A fake of Grafana's Alertmanager API on 127.0.0.1, for `monitoring drill`: the contact points
 * Grafana stores and its receiver test, which, like Grafana, notifies each integration itself (to
 * the fake Slack, PagerDuty and webhook services) and reports what they answered.
 *
 * As Grafana does it (grafana/grafana pkg/services/ngalert, grafana/alerting):
 * - Auth: `Authorization: Bearer <service-account token>`; otherwise 401 `{ message }`.
 * - `GET /api/alertmanager/grafana/config/api/v1/alerts` (api/authorization.go) answers
 *   `{ template_files, alertmanager_config: { route, receivers: [{ name,
 *   grafana_managed_receiver_configs: [{ uid, name, type, disableResolveMessage, settings,
 *   secureFields }] }] } }` (api/tooling/definitions/alertmanager.go `GettableGrafanaReceiver`):
 *   secure settings are never returned, only named in `secureFields`.
 * - `POST /api/alertmanager/grafana/config/api/v1/receivers/test` takes
 *   `{ alert?: { labels, annotations }, receivers: [{ name, grafana_managed_receiver_configs:
 *   [{ uid, name, type, disableResolveMessage, settings, secureSettings }] }] }`:
 *   - no receivers: 400 (grafana/alerting notify `ErrNoReceivers`, api_alertmanager.go);
 *   - an integration whose `uid` is not stored: 400 `{ message: "unknown receiver: <uid>" }`
 *     (notifier/crypto.go `LoadSecureSettings`, `UnknownReceiverError`);
 *   - secure settings the request leaves out are copied from the stored integration of that uid
 *     (`LoadSecureSettings`); a secure key sent in `settings` becomes the secure setting
 *     (`encryptReceiverConfigs`), so a client that sent a redacted value back would notify it;
 *   - the test alert is the request's labels and annotations over `alertname=TestAlert`,
 *     `instance=Grafana`, `summary="Notification test"` (notify/receivers.go `newTestAlert`);
 *   - each integration is notified once, firing only (notify/test_receivers.go `TestNotifier`):
 *     Slack POSTs `{ text, ... }` to its `url` and reads an incoming webhook's text answer, "ok" or an
 *     error (receivers/slack/v1/slack.go `handleSlackIncomingWebhookResponse`: `no_service` → "the
 *     incoming webhook is either disabled, removed, or invalid"; `errorForStatusCode`: 5xx →
 *     "unexpected 5xx status code: N"); PagerDuty POSTs an Events API v2 `trigger` with
 *     `routing_key` = `integrationKey`, `dedup_key` = a hash of the test's group key and the
 *     `severity` template rendered (unknown values → "critical") (receivers/pagerduty/v1); a
 *     webhook POSTs JSON to its `url` (receivers/webhook/v1); e-mail is recorded (Grafana's SMTP);
 *   - answers `{ alert, receivers: [{ name, grafana_managed_receiver_configs: [{ name, uid, status:
 *     "ok"|"failed", error }] }], notified_at }`: 200 when all were notified, 207 when some failed,
 *     400 when every integration is invalid (notify/grafana_alertmanager.go `newTestReceiversResult`).
 * Secure keys per type (receivers/<type>/v1 schema `Secure: true`): slack `url`, `token`;
 * pagerduty `integrationKey`; webhook `password`, `authorization_credentials`.
 */
import { createHash } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, any>;

const SECURE: Record<string, readonly string[]> = { slack: ["url", "token"], pagerduty: ["integrationKey"], webhook: ["password", "authorization_credentials"], email: [] };

interface Stored {
  uid: string;
  name: string;
  type: string;
  settings: Json;
  secure: Record<string, string>;
}

export interface Notified {
  receiver: string;
  type: string;
  alert: { labels: Record<string, string>; annotations: Record<string, string> };
}

export class FakeGrafana {
  url = "";
  readonly receivers = new Map<string, Stored[]>();
  /** Every integration notified by a test, in order. */
  readonly notified: Notified[] = [];
  /** Every request, method and path (the drill's secrets must never be in a path). */
  readonly requests: Array<{ method: string; path: string; body: unknown }> = [];
  private server?: http.Server;
  private seq = 0;

  constructor(
    readonly token: string,
    private readonly pagerdutyUrl: string,
  ) {}

  /** A contact point as `pulumi up` leaves it (its secure settings stored by Grafana). */
  addContactPoint(name: string, type: string, settings: Json): void {
    const plain: Json = {};
    const secure: Record<string, string> = {};
    for (const [k, v] of Object.entries(settings)) (SECURE[type] ?? []).includes(k) ? (secure[k] = String(v)) : (plain[k] = v);
    this.receivers.set(name, [{ uid: `cp-${++this.seq}`, name, type, settings: plain, secure }]);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    let body: unknown;
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    } catch {
      return send(400, { message: "bad request data" });
    }
    const path = req.url ?? "/";
    this.requests.push({ method: req.method ?? "", path, body });
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { message: "Unauthorized" });
    if (req.method === "GET" && path === "/api/alertmanager/grafana/config/api/v1/alerts") return send(200, this.config());
    if (req.method === "POST" && path === "/api/alertmanager/grafana/config/api/v1/receivers/test") {
      const [status, answer] = await this.test(body as Json);
      return send(status, answer);
    }
    send(404, { message: "Not found" });
  }

  private config(): Json {
    const receivers = [...this.receivers].map(([name, list]) => ({
      name,
      grafana_managed_receiver_configs: list.map((i) => ({
        uid: i.uid,
        name: i.name,
        type: i.type,
        disableResolveMessage: false,
        settings: i.settings,
        secureFields: Object.fromEntries(Object.keys(i.secure).map((k) => [k, true])),
      })),
    }));
    return { template_files: {}, alertmanager_config: { route: { receiver: receivers[0]?.name ?? "" }, receivers } };
  }

  private stored(uid: string): Stored | undefined {
    for (const list of this.receivers.values()) for (const i of list) if (i.uid === uid) return i;
    return undefined;
  }

  private async test(b: Json): Promise<[number, unknown]> {
    const receivers = Array.isArray(b?.receivers) ? (b.receivers as Json[]) : [];
    if (receivers.length === 0) return [400, { message: "no receivers" }];
    const alert = {
      labels: { alertname: "TestAlert", instance: "Grafana", ...(b.alert?.labels ?? {}) },
      annotations: { summary: "Notification test", ...(b.alert?.annotations ?? {}) },
    };
    const results: Json[] = [];
    let failed = 0;
    let total = 0;
    for (const r of receivers) {
      const configs: Json[] = [];
      for (const i of (r.grafana_managed_receiver_configs ?? []) as Json[]) {
        const known = i.uid ? this.stored(i.uid) : undefined;
        if (i.uid && !known) return [400, { message: `unknown receiver: ${i.uid}` }];
        const settings: Json = { ...(i.settings ?? {}) };
        const secure: Record<string, string> = { ...(i.secureSettings ?? {}) };
        for (const k of SECURE[i.type] ?? []) if (k in settings) (secure[k] ??= String(settings[k])), delete settings[k];
        for (const [k, v] of Object.entries(known?.secure ?? {})) secure[k] ??= v;
        total++;
        const error = await this.notify(String(r.name), i.type, { ...settings, ...secure }, alert);
        if (error) failed++;
        configs.push({ name: i.name, uid: i.uid ?? "", status: error ? "failed" : "ok", ...(error ? { error } : {}) });
      }
      results.push({ name: r.name, grafana_managed_receiver_configs: configs });
    }
    const status = failed === 0 ? 200 : 207;
    return [status, { alert, receivers: results, notified_at: new Date().toISOString() }];
  }

  /** Notifies one integration as Grafana's notifier for its type does; the error, or undefined. */
  private async notify(receiver: string, type: string, s: Json, alert: Notified["alert"]): Promise<string | undefined> {
    this.notified.push({ receiver, type, alert });
    const post = (url: string, json: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json), signal: AbortSignal.timeout(5000) });
    try {
      if (type === "email") return undefined;
      if (type === "slack") {
        const res = await post(String(s.url), { text: `[FIRING:1] ${alert.labels.alertname}`, attachments: [{ title: alert.annotations.summary }] });
        if (res.status >= 500) return `unexpected 5xx status code: ${res.status}`;
        const text = await res.text();
        if (text === "ok") return undefined;
        if (text === "no_service") return "the incoming webhook is either disabled, removed, or invalid";
        return `failed incoming webhook: ${text}`;
      }
      if (type === "pagerduty") {
        const rendered = String(s.severity ?? "critical").replace("{{ .CommonLabels.severity }}", alert.labels.severity ?? "");
        const severity = ["critical", "error", "warning", "info"].includes(rendered) ? rendered : "critical";
        const dedup = createHash("sha256").update(`${receiver}-${JSON.stringify(alert.labels)}-${Math.floor(Date.now() / 1000)}`).digest("hex");
        const payload = { summary: `[FIRING:1] ${alert.labels.alertname}`, source: "Grafana", severity, custom_details: alert.annotations };
        const res = await post(this.pagerdutyUrl, { routing_key: s.integrationKey, event_action: "trigger", dedup_key: dedup, payload, client: "Grafana" });
        return res.status === 202 ? undefined : `unexpected status code ${res.status}: ${await res.text()}`;
      }
      if (type === "webhook") {
        const res = await post(String(s.url), { receiver, status: "firing", alerts: [{ status: "firing", ...alert }], title: alert.annotations.summary });
        return res.status >= 200 && res.status < 300 ? undefined : `unexpected status code ${res.status}`;
      }
      return `the fake does not notify ${type}`;
    } catch (e) {
      return `failed to send request: ${(e as Error).message}`;
    }
  }
}
