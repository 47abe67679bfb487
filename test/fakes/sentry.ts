/**
 * A stateful fake of Sentry's REST API on 127.0.0.1, for provider-contract tests: issue alert rules
 * (`/projects/{org}/{project}/rules/`), metric alert rules (`/organizations/{org}/alert-rules/`), a
 * project's environments, and the tasks a write answered with 202 is polled at.
 *
 * It behaves as Sentry does (getsentry/sentry, files cited beside each behaviour):
 * - every write is checked by Sentry's own validators (./sentry-validators.ts); a refused request is a
 *   400 with Sentry's message and is recorded in `refused`;
 * - bearer auth (`Authorization: Bearer <token>`), 401 `{"detail": …}` otherwise;
 * - listings page with `per_page` and a `Link` header (`api/base.py` `build_cursor_link`:
 *   `<…&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"`);
 * - what comes back differs from what was sent the way Sentry's read serializers make it differ:
 *   rule nodes gain `name` labels, actions a `uuid`, cleaned form values (`value: "10"` → `10`);
 *   a metric alert's PagerDuty `targetIdentifier` is an integer
 *   (`api/serializers/models/alert_rule_trigger_action.py` `get_identifier_from_action`), a Slack
 *   action's is the channel name with the looked-up id in `inputChannelId`;
 * - Slack actions whose channel must be looked up make the write answer 202 `{"uuid": …}`, finished
 *   by a task polled at `…/rule-task/{uuid}/` or `…/alert-rule-task/{uuid}/` (`api/endpoints/
 *   project_rule_task_details.py`, `incidents/endpoints/project_alert_rule_task_details.py`).
 * Faults on demand (queued, or at a seeded random rate), as the UptimeRobot fake injects them.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { mulberry32 } from "./uptimerobot";
import { validateIssueRule, validateMetricRule, type OrgFeatures, type OrgState, type Refusal } from "./sentry-validators";

export type SentryFault = "429" | "500-after" | "502-html" | "503" | "reset" | "reset-after" | "slow-after" | "lag";
export const SENTRY_FAULTS: readonly SentryFault[] = ["429", "500-after", "502-html", "503", "reset", "reset-after", "slow-after", "lag"];

type Json = Record<string, unknown>;
interface Stored {
  data: Json;
  visibleAtList: number;
}
interface Org extends OrgState {
  issueRules: Map<string, Stored & { project: string }>;
  metricRules: Map<string, Stored>;
}

export interface FakeSentryOptions {
  token?: string;
  /** Largest page Sentry answers (100); smaller to exercise paging with few rules. */
  maxPerPage?: number;
  slowMs?: number;
  features?: Partial<OrgFeatures>;
}

/** Provider config pointing at a fake, with small waits for tests. */
export function sentryConfig(f: { token: string; url: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "sentry:token": f.token,
    "sentry:apiUrl": f.url,
    "sentry:requestsPerMinute": "1000000",
    "sentry:timeoutMs": "2000",
    "sentry:retryBaseMs": "1",
    "sentry:retryMaxMs": "10",
    "sentry:cacheTtlMs": "0",
    ...extra,
  };
}

const LABELS: Record<string, string> = {
  FirstSeenEventCondition: "A new issue is created",
  EventFrequencyCondition: "The issue is seen more than {value} times in {interval}",
  NotifyEmailAction: "Send a notification to {targetType}",
  SlackNotifyServiceAction: "Send a notification to the {workspace} Slack workspace to {channel}",
  PagerDutyNotifyServiceAction: "Send a notification to PagerDuty account {account} and service {service}",
};

export class FakeSentry {
  readonly token: string;
  readonly orgs = new Map<string, Org>();
  readonly refused: Array<{ method: string; path: string; body: Refusal }> = [];
  readonly stats = { requests: 0, faults: 0, faultsByKind: {} as Record<string, number>, creates: 0, tasks: 0 };
  private readonly tasks = new Map<string, { polls: number; field: string; id: string; org: string; kind: "issue" | "metric" }>();
  private server: http.Server | undefined;
  private readonly sockets = new Set<import("node:net").Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queued: Array<{ kind: SentryFault; match?: (method: string, path: string) => boolean }> = [];
  private random: { rate: number; rng: () => number; kinds: readonly SentryFault[] } | undefined;
  private nextId = 100;
  private listCalls = 0;
  readonly opts: Required<Omit<FakeSentryOptions, "features">> & { features: OrgFeatures };
  url = "";

  constructor(opts: FakeSentryOptions = {}) {
    this.opts = {
      token: opts.token ?? "sntrys_fake_token_0123456789abcdef",
      maxPerPage: opts.maxPerPage ?? 100,
      slowMs: opts.slowMs ?? 5000,
      features: { performanceMetrics: false, mepRollout: false, onDemandMetrics: false, transactionDeprecation: false, ...opts.features },
    };
    this.token = this.opts.token;
    this.addOrg("finsight", ["finsight-api"], { "finsight-api": ["production", "dev"] });
  }

  /** An organization with its projects, the environments seen in each, team 1001 and integrations 2002 (Slack), 3003 (PagerDuty). */
  addOrg(slug: string, projects: string[], environments: Record<string, string[]> = {}, features?: Partial<OrgFeatures>): Org {
    const org: Org = {
      projects: new Set(projects),
      environments: new Map(projects.map((p) => [p, new Set(environments[p] ?? [])])),
      teams: new Set(["1001"]),
      integrations: new Set([2002, 3003]),
      features: { ...this.opts.features, ...features },
      issueRules: new Map(),
      metricRules: new Map(),
    };
    this.orgs.set(slug, org);
    return org;
  }

  org(slug = "finsight"): Org {
    return this.orgs.get(slug)!;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/0`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  inject(kind: SentryFault, times = 1, match?: (method: string, path: string) => boolean): void {
    for (let i = 0; i < times; i++) this.queued.push({ kind, match });
  }

  randomFaults(rate: number, seed: number, kinds: readonly SentryFault[] = SENTRY_FAULTS): void {
    this.random = rate > 0 ? { rate, rng: mulberry32(seed), kinds } : undefined;
  }

  /** Issue rules of a project, or an organization's metric rules, as stored. */
  issueRules(project = "finsight-api", org = "finsight"): Json[] {
    return [...this.org(org).issueRules.values()].filter((r) => r.project === project).map((r) => r.data);
  }

  metricRules(org = "finsight"): Json[] {
    return [...this.org(org).metricRules.values()].map((r) => r.data);
  }

  /** Deletes a rule behind the provider's back (drift). */
  vanish(kind: "issue" | "metric", id: string, org = "finsight"): void {
    (kind === "issue" ? this.org(org).issueRules : this.org(org).metricRules).delete(id);
  }

  /** Makes a rule as if by hand in Sentry's UI, with a body the API would take. */
  seedIssueRule(project: string, body: Json, org = "finsight"): string {
    const id = String(this.nextId++);
    this.org(org).issueRules.set(id, { project, visibleAtList: 0, data: this.storedIssueRule(id, project, body) });
    return id;
  }

  seedMetricRule(body: Json, org = "finsight"): string {
    const id = String(this.nextId++);
    this.org(org).metricRules.set(id, { visibleAtList: 0, data: this.storedMetricRule(id, body) });
    return id;
  }

  private pickFault(method: string, p: string): SentryFault | undefined {
    const i = this.queued.findIndex((q) => !q.match || q.match(method, p));
    if (i >= 0) return this.queued.splice(i, 1)[0].kind;
    if (this.random && this.random.rng() < this.random.rate) return this.random.kinds[Math.floor(this.random.rng() * this.random.kinds.length)];
    return undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.stats.requests++;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const p = url.pathname.replace(/^\/api\/0/, "");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const fault = this.pickFault(method, p);
    if (fault) {
      this.stats.faults++;
      this.stats.faultsByKind[fault] = (this.stats.faultsByKind[fault] ?? 0) + 1;
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    if (fault === "429") return send(429, { detail: "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds" }, { "retry-after": "1" });
    if (fault === "503") return send(503, { detail: "Service unavailable" });
    if (fault === "502-html") {
      res.writeHead(502, { "content-type": "text/html" });
      return void res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    }
    if (fault === "reset") return void req.socket.destroy();
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { detail: "Invalid token" });
    let body: Json = {};
    if (chunks.length > 0) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Json;
      } catch {
        return send(400, { detail: "JSON parse error" });
      }
    }
    let result: { status: number; body?: unknown; headers?: Record<string, string> };
    try {
      result = this.route(method, p, body, url.searchParams, fault === "lag");
    } catch (e) {
      result = { status: 500, body: { detail: String(e) } };
    }
    if (result.status === 400) this.refused.push({ method, path: p, body: result.body as Refusal });
    if (fault === "500-after") return send(500, { detail: "Internal Error" });
    if (fault === "reset-after") return void req.socket.destroy();
    if (fault === "slow-after") {
      const t = setTimeout(() => send(result.status, result.body, result.headers), this.opts.slowMs);
      this.timers.add(t);
      req.socket.once("close", () => clearTimeout(t));
      return;
    }
    send(result.status, result.body, result.headers);
  }

  private route(method: string, p: string, body: Json, query: URLSearchParams, lag: boolean): { status: number; body?: unknown; headers?: Record<string, string> } {
    const parts = p.split("/").filter(Boolean).map(decodeURIComponent);
    const org = this.orgs.get(parts[1]);
    const missing = { status: 404, body: { detail: "The requested resource does not exist" } };
    if (!org) return missing;
    if (parts[0] === "projects" && !org.projects.has(parts[2])) return missing;
    const lagUntil = lag ? this.listCalls + 2 : 0;
    if (parts[0] === "projects" && parts[3] === "environments") return this.environments(org, parts[2], parts[4], query);
    if (parts[0] === "projects" && (parts[3] === "rule-task" || parts[3] === "alert-rule-task") && method === "GET") return this.task(parts[4]);
    if (parts[0] === "projects" && parts[3] === "rules") return this.issueRoute(parts[1], org, parts[2], parts[4], method, body, query, lagUntil);
    if (parts[0] === "organizations" && parts[2] === "projects" && method === "GET") {
      return this.page([...org.projects].map((slug) => ({ data: { id: slug, slug, name: slug }, visibleAtList: 0 })), query, `/organizations/${parts[1]}/projects/`);
    }
    if (parts[0] === "organizations" && parts[2] === "alert-rules") return this.metricRoute(parts[1], org, parts[3], method, body, query, lagUntil);
    return { status: 404, body: { detail: `the fake does not implement ${method} ${p}` } };
  }

  private page(all: Stored[], query: URLSearchParams, path: string): { status: number; body: unknown; headers: Record<string, string> } {
    this.listCalls++;
    const visible = all.filter((s) => s.visibleAtList <= this.listCalls);
    const perPage = Math.min(Number(query.get("per_page") ?? 100), this.opts.maxPerPage);
    const offset = Number((query.get("cursor") ?? "0:0:0").split(":")[1] ?? 0);
    const page = visible.slice(offset, offset + perPage);
    const more = offset + perPage < visible.length;
    const base = `${this.url}${path}?per_page=${perPage}`;
    const link = [
      `<${base}&cursor=0:${Math.max(0, offset - perPage)}:1>; rel="previous"; results="${offset > 0}"; cursor="0:${Math.max(0, offset - perPage)}:1"`,
      `<${base}&cursor=0:${offset + perPage}:0>; rel="next"; results="${more}"; cursor="0:${offset + perPage}:0"`,
    ].join(", ");
    return { status: 200, body: page.map((s) => s.data), headers: { link } };
  }

  private environments(org: Org, project: string, name: string | undefined, query: URLSearchParams) {
    const names = [...(org.environments.get(project) ?? [])];
    const render = (n: string) => ({ id: String(names.indexOf(n) + 1), name: n, isHidden: false });
    if (name === undefined) return this.page(names.map((n) => ({ data: render(n), visibleAtList: 0 })), query, `/projects/x/${project}/environments/`);
    return names.includes(name) ? { status: 200, body: render(name) } : { status: 404, body: { detail: "The requested resource does not exist" } };
  }

  private task(uuid: string) {
    const t = this.tasks.get(uuid);
    if (!t) return { status: 404, body: { detail: "Not found" } };
    if (t.polls++ === 0) return { status: 200, body: { status: "pending", [t.field]: null, error: null } };
    const org = this.orgs.get(t.org)!;
    const rec = t.kind === "issue" ? org.issueRules.get(t.id) : org.metricRules.get(t.id);
    return { status: 200, body: { status: "success", [t.field]: rec?.data ?? null, error: null } };
  }

  /** A write whose Slack channel is looked up later answers 202 and a task (the rule is saved when it succeeds). */
  private async202(orgSlug: string, id: string, kind: "issue" | "metric") {
    const uuid = `task-${this.nextId++}`;
    this.stats.tasks++;
    this.tasks.set(uuid, { polls: 0, field: kind === "issue" ? "rule" : "alertRule", id, org: orgSlug, kind });
    return { status: 202, body: { uuid } };
  }

  private issueRoute(orgSlug: string, org: Org, project: string, id: string | undefined, method: string, body: Json, query: URLSearchParams, lagUntil: number) {
    const rules = org.issueRules;
    if (id === undefined && method === "GET") return this.page([...rules.values()].filter((r) => r.project === project), query, `/projects/${orgSlug}/${project}/rules/`);
    if (id === undefined && method === "POST") {
      const refusal = validateIssueRule(org, project, body);
      if (refusal) return { status: 400, body: refusal };
      const newId = String(this.nextId++);
      this.stats.creates++;
      rules.set(newId, { project, visibleAtList: lagUntil, data: this.storedIssueRule(newId, project, body) });
      return this.slackIn(body) ? this.async202(orgSlug, newId, "issue") : { status: 200, body: rules.get(newId)!.data };
    }
    const rec = id === undefined ? undefined : rules.get(id);
    if (!rec || rec.project !== project) return { status: 404, body: { detail: "The requested resource does not exist" } };
    if (method === "GET") return { status: 200, body: rec.data };
    if (method === "DELETE") {
      rules.delete(id!);
      return { status: 202 };
    }
    if (method === "PUT") {
      const refusal = validateIssueRule(org, project, body);
      if (refusal) return { status: 400, body: refusal };
      rec.data = this.storedIssueRule(id!, project, body);
      if (lagUntil) rec.visibleAtList = lagUntil;
      return this.slackIn(body) ? this.async202(orgSlug, id!, "issue") : { status: 200, body: rec.data };
    }
    return { status: 405, body: { detail: `Method "${method}" not allowed.` } };
  }

  private slackIn(body: Json): boolean {
    const actions = (body.actions ?? []) as Json[];
    return actions.some((a) => String(a.id).endsWith("SlackNotifyServiceAction"));
  }

  /** What `api/serializers/models/rule.py` returns for a rule saved from this body. */
  private storedIssueRule(id: string, project: string, b: Json): Json {
    const label = (n: Json) => {
      const tpl = LABELS[String(n.id).split(".").pop() ?? ""] ?? String(n.id);
      return tpl.replace(/\{(\w+)\}/g, (_, k: string) => String(n[k] ?? ""));
    };
    // Form-cleaned values: EventFrequencyForm.value is an IntegerField.
    const clean = (n: Json): Json => ({ ...n, ...(typeof n.value === "string" && /^\d+$/.test(n.value) ? { value: Number(n.value) } : {}), name: label(n) });
    const actions = ((b.actions ?? []) as Json[]).map((a, i) => ({
      ...clean(a),
      uuid: `00000000-0000-4000-8000-${String(Number(id) * 10 + i).padStart(12, "0")}`,
      ...(String(a.id).endsWith("SlackNotifyServiceAction") ? { channel_id: "C0SLACK" + id } : {}),
    }));
    return {
      id,
      name: b.name,
      environment: b.environment ?? null,
      actionMatch: b.actionMatch,
      filterMatch: b.filterMatch ?? "all",
      frequency: b.frequency,
      conditions: ((b.conditions ?? []) as Json[]).map(clean),
      filters: ((b.filters ?? []) as Json[]).map(clean),
      actions,
      projects: [project],
      owner: null,
      createdBy: { id: 1, name: "token", email: "token@example.invalid" },
      dateCreated: new Date(0).toISOString(),
      status: "active",
      snooze: false,
    };
  }

  private metricRoute(orgSlug: string, org: Org, id: string | undefined, method: string, body: Json, query: URLSearchParams, lagUntil: number) {
    const rules = org.metricRules;
    if (id === undefined && method === "GET") return this.page([...rules.values()], query, `/organizations/${orgSlug}/alert-rules/`);
    const slackLookup = () => ((body.triggers ?? []) as Json[]).some((t) => ((t.actions ?? []) as Json[]).some((a) => a.type === "slack" && !a.inputChannelId));
    if (id === undefined && method === "POST") {
      const refusal = validateMetricRule(org, body);
      if (refusal) return { status: 400, body: refusal };
      const newId = String(this.nextId++);
      this.stats.creates++;
      rules.set(newId, { visibleAtList: lagUntil, data: this.storedMetricRule(newId, body) });
      return slackLookup() ? this.async202(orgSlug, newId, "metric") : { status: 201, body: rules.get(newId)!.data };
    }
    const rec = id === undefined ? undefined : rules.get(id);
    if (!rec) return { status: 404, body: { detail: "The requested resource does not exist" } };
    if (method === "GET") return { status: 200, body: rec.data };
    if (method === "DELETE") {
      rules.delete(id!);
      return { status: 204 };
    }
    if (method === "PUT") {
      const refusal = validateMetricRule(org, body);
      if (refusal) return { status: 400, body: refusal };
      rec.data = this.storedMetricRule(id!, body);
      if (lagUntil) rec.visibleAtList = lagUntil;
      return slackLookup() ? this.async202(orgSlug, id!, "metric") : { status: 200, body: rec.data };
    }
    return { status: 405, body: { detail: `Method "${method}" not allowed.` } };
  }

  /** What `api/serializers/models/alert_rule.py` (and its trigger and action serializers) return. */
  private storedMetricRule(id: string, b: Json): Json {
    const triggers = ((b.triggers ?? []) as Json[]).map((t, n) => {
      const triggerId = `${id}${n}`;
      return {
        id: triggerId,
        alertRuleId: id,
        label: t.label,
        thresholdType: b.thresholdType,
        alertThreshold: Number(t.alertThreshold),
        resolveThreshold: null,
        dateCreated: new Date(0).toISOString(),
        actions: ((t.actions ?? []) as Json[]).map((a, k) => ({
          id: `${triggerId}${k}`,
          alertRuleTriggerId: triggerId,
          type: a.type,
          targetType: a.targetType,
          // get_identifier_from_action: int() for PagerDuty and Sentry apps; the display name for Slack.
          targetIdentifier: a.type === "pagerduty" || a.type === "sentry_app" ? Number(a.targetIdentifier) : a.targetIdentifier,
          inputChannelId: a.type === "slack" ? `C0LOOKED${k}` : null,
          integrationId: a.integrationId ?? null,
          sentryAppId: null,
          dateCreated: new Date(0).toISOString(),
          desc: `Send a ${String(a.type)} notification to ${String(a.targetIdentifier)}`,
          priority: null,
        })),
      };
    });
    return {
      id,
      name: b.name,
      organizationId: "1",
      status: 0,
      queryType: 1,
      dataset: b.dataset,
      query: b.query,
      aggregate: b.aggregate,
      thresholdType: b.thresholdType,
      resolveThreshold: b.resolveThreshold ?? null,
      timeWindow: b.timeWindow,
      environment: b.environment ?? null,
      resolution: 1,
      thresholdPeriod: 1,
      triggers,
      projects: b.projects ?? [],
      owner: null,
      dateModified: new Date(0).toISOString(),
      dateCreated: new Date(0).toISOString(),
      createdBy: null,
      eventTypes: b.eventTypes ?? [],
      comparisonDelta: null,
      description: typeof b.description === "string" ? b.description : null,
    };
  }
}
