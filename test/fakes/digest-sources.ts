/**
 * Loopback fakes of what the digest reads besides Stripe:
 *
 * - UptimeRobot API v3: `GET /monitors?name=` and `GET /monitors/{id}/stats/uptime?from&to`, bearer
 *   auth; every request and response is validated against ../shared/specs/uptimerobot-v3.openapi.yaml
 *   (a request the description does not allow is answered 400 and recorded in `problems`).
 * - Sentry: `GET /api/0/projects/{org}/{project}/issues/` with `Authorization: Bearer`, returning
 *   issues whose `firstSeen` matches the `query`'s `firstSeen:>=<ISO>`
 *   (https://docs.sentry.io/api/events/list-a-projects-issues/).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { OpenApiValidator, type ValidationProblem } from "./openapi-validator";
import { escapeHtml, SPEC_PATH } from "./uptimerobot";

/** A monitor as GET /monitors lists it: every field the description requires; names HTML-escaped as UptimeRobot stores them (see ./uptimerobot). */
function monitorDto(m: FakeMonitor): Record<string, unknown> {
  return {
    id: m.id, type: "HTTP", friendlyName: escapeHtml(m.friendlyName), url: "https://api.example/health", interval: 60, timeout: 30, gracePeriod: null,
    sslBrand: null, sslExpiryDateTime: null, domainExpireDate: null, checkSSLErrors: false, sslExpirationReminder: false, domainExpirationReminder: false,
    followRedirections: true, authType: "NONE", customHttpHeaders: {}, httpMethodType: "GET", successHttpResponseCodes: ["2xx"], postValueData: null,
    postValueType: null, port: null, keywordValue: null, keywordCaseType: null, keywordType: null, responseTimeThreshold: 0, config: {},
    regionalData: { REGION: ["na"] }, maintenanceWindows: [], psps: [], status: "UP", currentStateDuration: 0, lastIncidentId: null, userId: 1, tags: [],
    assignedAlertContacts: [], lastDayUptimes: { bucketSize: 3600, histogram: [] }, createDateTime: "2026-01-01T00:00:00.000Z", apiKey: null,
  };
}

export interface FakeMonitor {
  id: number;
  friendlyName: string;
  /** Uptime stats answered for any range. */
  stats: { uptime: number; total_downtime_seconds: number; incident_count: number };
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export class FakeUptimeStats {
  readonly problems: ValidationProblem[] = [];
  readonly requests: string[] = [];
  url = "";
  private server?: http.Server;
  private readonly validator = new OpenApiValidator(SPEC_PATH);

  constructor(
    readonly apiKey: string,
    readonly monitors: FakeMonitor[],
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://127.0.0.1");
      this.requests.push(`${req.method} ${u.pathname}${u.search}`);
      const send = (status: number, body: unknown) => {
        this.problems.push(...this.validator.validateResponse(req.method ?? "GET", u.pathname, status, body));
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${this.apiKey}`) return send(401, { message: "Unauthorized" });
      const checked = this.validator.validateRequest({ method: req.method ?? "GET", path: u.pathname, query: u.searchParams, headers: req.headers, contentType: "", body: undefined });
      if (checked.problems.length > 0) {
        this.problems.push(...checked.problems);
        return send(400, { message: checked.problems.map((p) => `${p.where}: ${p.message}`).join("; ") });
      }
      const stats = /^\/monitors\/(\d+)\/stats\/uptime$/.exec(u.pathname);
      if (u.pathname === "/monitors") {
        const name = (u.searchParams.get("name") ?? "").toLowerCase();
        const data = this.monitors.filter((m) => m.friendlyName.toLowerCase().includes(name)).map(monitorDto);
        return send(200, { nextLink: null, data });
      }
      const m = stats && this.monitors.find((x) => x.id === Number(stats[1]));
      if (!m) return send(404, { message: "Monitor not found" });
      return send(200, { ...m.stats, mtbf: m.stats.incident_count > 0 ? 3600 : null, from: u.searchParams.get("from") ?? "", to: u.searchParams.get("to") ?? "" });
    });
    this.url = await listen(this.server);
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

export interface FakeIssue {
  shortId: string;
  title: string;
  permalink: string;
  count: string;
  level: string;
  firstSeen: string;
}

export class FakeSentry {
  readonly requests: string[] = [];
  url = "";
  private server?: http.Server;

  constructor(
    readonly token: string,
    readonly org: string,
    readonly project: string,
    readonly issues: FakeIssue[],
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://127.0.0.1");
      this.requests.push(`${req.method} ${u.pathname}${u.search}`);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { detail: "Invalid token" });
      if (u.pathname !== `/api/0/projects/${this.org}/${this.project}/issues/`) return send(404, { detail: "The requested resource does not exist" });
      const since = /firstSeen:>=(\S+)/.exec(u.searchParams.get("query") ?? "")?.[1];
      if (!since || Number.isNaN(Date.parse(since))) return send(400, { detail: "Invalid query: expected firstSeen:>=<date>" });
      send(200, this.issues.filter((i) => Date.parse(i.firstSeen) >= Date.parse(since)));
    });
    this.url = await listen(this.server);
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
