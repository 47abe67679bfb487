/**
 * `monitoring drill` through Grafana: one marked test notification through every contact point the
 * stack provisions (./routing `contactPointKeys`), sent by Grafana itself with its receiver test API,
 * so what is proven is the contact point as Grafana stores it (its URL or key), not our copy.
 *
 * Evidence (grafana/grafana, pkg/services/ngalert/api):
 * - `authorization.go`: `GET /api/alertmanager/grafana/config/api/v1/alerts` and
 *   `POST /api/alertmanager/grafana/config/api/v1/receivers/test` both need `alert.notifications:read`.
 * - `tooling/definitions/alertmanager.go`: the GET answers the Alertmanager configuration, whose
 *   `alertmanager_config.receivers[]` are `{ name, grafana_managed_receiver_configs: [{ uid, name,
 *   type, disableResolveMessage, settings, secureFields }] }` (`GettableGrafanaReceiver`: secure
 *   settings are named in `secureFields`, never returned). The test takes
 *   `TestReceiversConfigBodyParams { alert?: { annotations, labels }, receivers: [{ name,
 *   grafana_managed_receiver_configs: [PostableGrafanaReceiver { uid, name, type,
 *   disableResolveMessage, settings, secureSettings }] }] }` and answers `TestReceiversResult {
 *   alert, receivers: [{ name, grafana_managed_receiver_configs: [{ name, uid, status, error }] }],
 *   notified_at }`, `status` "ok" or "failed".
 * - `api_alertmanager.go` `RoutePostTestReceivers` → `notifier/crypto.go` `ProcessSecureSettings` /
 *   `LoadSecureSettings`: for an integration sent with the `uid` of a stored one, every secure
 *   setting the request leaves out is copied from the stored configuration (an unknown uid is 400
 *   `unknown receiver: <uid>`). So the drill sends back the stored settings without any secret and
 *   Grafana notifies with the URL or key it holds.
 * - grafana/alerting `notify/grafana_alertmanager.go` `newTestReceiversResult`: 200 when every
 *   integration notified, 207 when some failed, 400 when every one is invalid, 408 when every one
 *   timed out; `notify/receivers.go` `newTestAlert`: the request's labels and annotations are laid
 *   over `alertname=TestAlert`, `summary="Notification test"`.
 * - grafana/alerting `notify/test_receivers.go` `TestNotifier`: a test sends one firing
 *   notification, never a resolve, under a group key made of the test's own timestamp; a PagerDuty
 *   contact point (receivers/pagerduty/v1 `DedupKey: key.Hash()`) is left with an open alert the
 *   drill cannot resolve (the result says so). Its severity comes from our contact point's
 *   `{{ .CommonLabels.severity }}`: the drill's label `severity=info` makes it PagerDuty's mildest.
 *
 * Credentials as the provider reads them (@pulumiverse/grafana config): `grafana:url` / `GRAFANA_URL`,
 * `grafana:auth` / `GRAFANA_AUTH` ("API token, basic auth in the `username:password` format").
 */
import type { ResolvedModel } from "../../resolve";
import { drillRequest, afterAttempts, answerText } from "../drill/http";
import { DRILL_MARKER, drillDetail } from "../drill/message";
import type { DrillContext, DrillResult, DrillRoute, VendorDrill } from "../types";
import { usesGrafana } from "./problems";
import { contactPointKeys } from "./routing";
import { VENDOR, type GrafanaSettings } from "./settings";

const CONFIG_PATH = "/api/alertmanager/grafana/config/api/v1/alerts";
const TEST_PATH = "/api/alertmanager/grafana/config/api/v1/receivers/test";
const PATH = "Grafana contact point (receiver test)";

interface Integration {
  uid: string;
  name: string;
  type: string;
  disableResolveMessage?: boolean;
  settings?: Record<string, unknown>;
}

interface Connection {
  url: string;
  headers: Record<string, string>;
}

function connection(ctx: DrillContext): Connection | { missing: string } {
  const url = ctx.setting("grafana:url", "GRAFANA_URL");
  if (!url) return { missing: "grafana:url is not set (expected it in the stack file or the environment variable GRAFANA_URL)" };
  const auth = ctx.credential("grafana:auth", "GRAFANA_AUTH");
  if ("missing" in auth) return auth;
  const authorization = auth.value.includes(":") ? `Basic ${Buffer.from(auth.value).toString("base64")}` : `Bearer ${auth.value}`;
  return { url: url.replace(/\/+$/, ""), headers: { authorization, accept: "application/json" } };
}

function routes(model: ResolvedModel, _settings: GrafanaSettings, ctx: DrillContext): DrillRoute[] {
  if (!model.services.some(usesGrafana)) return [];
  const conn = connection(ctx);
  return contactPointKeys(model).map((key) => ({
    id: `${key}/${VENDOR}`,
    contact: key,
    channel: model.contacts[key].contact.type,
    path: PATH,
    sends: `Grafana's test notification "${DRILL_MARKER}" through contact point ${key} (POST ${TEST_PATH})`,
    ...("missing" in conn ? { blocked: conn.missing } : {}),
  }));
}

/** The stored integrations of each contact point, by receiver name. */
async function storedReceivers(conn: Connection): Promise<Map<string, Integration[]> | string> {
  // grafana/grafana authorization.go: GET /api/alertmanager/grafana/config/api/v1/alerts (GettableUserConfig).
  const r = await drillRequest(`${conn.url}${CONFIG_PATH}`, { method: "GET", headers: conn.headers, timeoutMs: 15_000, idempotent: true });
  if (!r.ok) return `Grafana could not be reached: ${r.error}${afterAttempts(r.attempts)}`;
  if (r.status !== 200) return `Grafana answered ${answerText(r.status, r.text)} reading its contact points${r.status === 401 || r.status === 403 ? " (does grafana:auth have alert.notifications:read?)" : ""}`;
  const receivers = (r.json as { alertmanager_config?: { receivers?: unknown } } | undefined)?.alertmanager_config?.receivers;
  const out = new Map<string, Integration[]>();
  if (!Array.isArray(receivers)) return out;
  for (const rec of receivers as Array<{ name?: unknown; grafana_managed_receiver_configs?: unknown }>) {
    if (typeof rec?.name === "string" && Array.isArray(rec.grafana_managed_receiver_configs)) out.set(rec.name, rec.grafana_managed_receiver_configs as Integration[]);
  }
  return out;
}

/** The test alert: marked, `severity=info` so a PagerDuty contact point pages at its mildest. */
const testAlert = (ctx: DrillContext) => ({
  labels: { alertname: "[DRILL] monitoring drill", severity: "info", drill: ctx.runId, stack: ctx.stack },
  annotations: { summary: DRILL_MARKER, description: drillDetail(ctx.stack, ctx.runId) },
});

type TestAnswer = { name?: string; grafana_managed_receiver_configs?: Array<{ uid?: string; status?: string; error?: string }> };

async function testOne(conn: Connection, key: string, integrations: Integration[], ctx: DrillContext): Promise<[boolean, string]> {
  // The stored settings as Grafana returned them (no secure field among them) and each integration's
  // uid, so that Grafana fills the secure settings in from what it stores (crypto.go LoadSecureSettings).
  const body = {
    alert: testAlert(ctx),
    receivers: [{ name: key, grafana_managed_receiver_configs: integrations.map((i) => ({ uid: i.uid, name: i.name, type: i.type, disableResolveMessage: i.disableResolveMessage ?? false, settings: i.settings ?? {}, secureSettings: {} })) }],
  };
  // Not idempotent: Grafana notifies on every call, so only an answer that cannot have notified is retried.
  const r = await drillRequest(`${conn.url}${TEST_PATH}`, { method: "POST", headers: conn.headers, json: body, timeoutMs: 35_000, idempotent: false });
  if (!r.ok) return [false, `${r.error}${afterAttempts(r.attempts)}`];
  const configs = ((r.json as { receivers?: TestAnswer[] } | undefined)?.receivers ?? []).flatMap((x) => x.grafana_managed_receiver_configs ?? []);
  const failed = configs.filter((c) => c.status !== "ok");
  if ((r.status === 200 || r.status === 207) && configs.length > 0 && failed.length === 0) {
    const pager = integrations.some((i) => i.type === "pagerduty") ? "; Grafana's test sends no resolve: resolve the [DRILL] alert in PagerDuty" : "";
    return [true, `Grafana notified (${configs.length} integration${configs.length === 1 ? "" : "s"} ok)${pager}`];
  }
  if (failed.length > 0) return [false, `Grafana could not notify: ${failed.map((c) => c.error || c.status || "failed").join("; ")}`];
  return [false, `Grafana answered ${answerText(r.status, r.text)}`];
}

async function send(selected: readonly DrillRoute[], _model: ResolvedModel, _settings: GrafanaSettings, ctx: DrillContext): Promise<DrillResult[]> {
  if (selected.length === 0) return [];
  const conn = connection(ctx);
  if ("missing" in conn) return selected.map((r) => ({ id: r.id, delivered: false, why: conn.missing }));
  ctx.progress("grafana: reading the contact points Grafana stores");
  const stored = await storedReceivers(conn);
  if (typeof stored === "string") return selected.map((r) => ({ id: r.id, delivered: false, why: stored }));
  const results: DrillResult[] = [];
  for (const route of selected) {
    const integrations = stored.get(route.contact) ?? [];
    if (integrations.length === 0) {
      results.push({ id: route.id, delivered: false, why: `Grafana has no contact point ${route.contact} (expected the one pulumi up provisions: run pulumi up --stack ${ctx.stack})` });
      continue;
    }
    ctx.progress(`grafana: testing contact point ${route.contact}`);
    const [delivered, why] = await testOne(conn, route.contact, integrations, ctx);
    results.push({ id: route.id, delivered, why });
  }
  return results;
}

export const grafanaDrill: VendorDrill<GrafanaSettings> = { routes, send };
