/**
 * Sentry's REST API over the shared HTTP client (../dynamic/http-client): its settings (stack config
 * `sentry:token` / `sentry:apiUrl` / tuning keys, or SENTRY_AUTH_TOKEN / SENTRY_API_URL / SENTRY_*),
 * its `Link`-header paging, and one transport for collections scoped by organization and project.
 *
 * Evidence (getsentry/sentry):
 * - `src/sentry/api/paginator.py` and `api/base.py` (`build_cursor_link`): listings answer
 *   `Link: <…&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"`, `results="false"` on
 *   the last page (../dynamic/pagination `linkHeaderPagination`).
 * - `api/endpoints/project_rules.py`, `project_rule_details.py`: issue alert rules live at
 *   `/projects/{org}/{project}/rules/` (GET, POST) and `…/rules/{id}/` (GET, PUT, DELETE).
 * - `incidents/endpoints/organization_alert_rule_index.py`, `…_details.py`: metric alert rules at
 *   `/organizations/{org}/alert-rules/` and `…/{id}/` (PUT replaces the rule, triggers included).
 * - Both answer a write whose Slack channel must be looked up asynchronously with 202 and
 *   `{"uuid": …}`; the result is polled at `/projects/{org}/{project}/rule-task/{uuid}/`
 *   (`{status, rule, error}`) or `…/alert-rule-task/{uuid}/` (`{status, alertRule, error}`); go-sentry
 *   `sentry/metric_alerts.go` `getMetricAlertFromMetricAlertTaskDetail` polls the same way.
 */
import type { HttpClient } from "../dynamic/http-client";
import { httpConfigKeys, readHttpSettings, type HttpSettings, type HttpSettingsSource } from "../dynamic/http-settings";
import { sharedHttpClient } from "../dynamic/http-transport";
import { apiError, isApiError } from "../dynamic/errors";
import type { ConfigGetter, Transport } from "../dynamic/kind";
import { linkHeaderPagination } from "../dynamic/pagination";

export const DEFAULT_API_URL = "https://sentry.io/api/0";

const SOURCE: HttpSettingsSource = {
  vendor: "Sentry",
  configPrefix: "sentry",
  envPrefix: "SENTRY",
  credential: { key: "token", env: "SENTRY_AUTH_TOKEN", placeholder: "<auth token>" },
  url: { env: "SENTRY_API_URL", default: DEFAULT_API_URL },
  // Sentry rate-limits per endpoint and token (40 requests a second on most); a minute of 600 stays well under.
  defaults: { requestsPerMinute: 600 },
};

/** Every stack config key the Sentry providers read. */
export const CONFIG_KEYS: readonly string[] = httpConfigKeys(SOURCE);

export function settingsFrom(get: ConfigGetter, env: Record<string, string | undefined>): HttpSettings {
  return readHttpSettings(SOURCE, get, env);
}

/** Sentry pages with `per_page` (at most 100) and the `Link` header's cursor. */
const pagination = linkHeaderPagination({ pageSizeParam: "per_page" });

/** The client shared by every Sentry resource in this process (pacing and listing cache included). */
export function sharedClient(settings: HttpSettings): HttpClient {
  return sharedHttpClient(settings, pagination);
}

/** A vendor object with the composite id the provider keys it by (`org/project/123`) and Sentry's own id. */
export interface Scoped {
  id: string;
  sentryId: string;
}

/** A request body, and the scope (`[org, project]`) whose collection it is sent to. */
export interface ScopedBody {
  scope: string[];
  body: Record<string, unknown>;
}

/** Where one kind lives, per resource: the scope is part of every id, so get and delete need no inputs. */
export interface SentryCollection<V> {
  /** `/projects/{org}/{project}/rules/` for the scope of these inputs. */
  collectionOf(scope: string[]): string;
  /** The scope (`[org, project]`) of inputs. */
  scopeOf(inputs: object): string[];
  /** Where a 202's task is polled, and the field of its answer that holds the object. */
  task?: { path(scope: string[], uuid: string): string; field: string };
  /** Whether a listed object belongs to the scope (an organization's metric alerts of one project). */
  within?(raw: V, scope: string[]): boolean;
  /** What to do about a refusal, appended to Sentry's message where the kind knows. */
  explain?(message: string): string | undefined;
}

const enc = (s: string) => encodeURIComponent(s);
export const pathOf = (...segments: string[]) => "/" + segments.map(enc).join("/") + "/";

/** Splits a composite id `a/b/123` into its scope and Sentry's id. */
export function splitId(id: string, scopeLength: number): { scope: string[]; sentryId: string } {
  const parts = id.split("/");
  if (parts.length !== scopeLength + 1 || parts.some((p) => p === "")) {
    throw apiError(`"${id}" is not an id of this kind (expected ${scopeLength === 2 ? "organization/project/id" : "organization/id"})`, "client", undefined, false);
  }
  return { scope: parts.slice(0, scopeLength), sentryId: parts[scopeLength] };
}

const TASK_LOOKS = 10;

/** The transport of one Sentry kind: PUT replaces, 202 answers are polled, ids carry their scope. */
export function sentryTransport<V extends { id: string | number }>(
  client: HttpClient,
  where: SentryCollection<V>,
  scopeLength: number,
): Transport<V & Scoped, ScopedBody, ScopedBody> {
  const scoped = (raw: V, scope: string[]): V & Scoped => ({ ...raw, sentryId: String(raw.id), id: [...scope, String(raw.id)].join("/") });
  const settle = async (scope: string[], answer: unknown): Promise<V> => {
    const uuid = answer && typeof answer === "object" && !("id" in answer) ? (answer as { uuid?: unknown }).uuid : undefined;
    if (typeof uuid !== "string" || !where.task) return answer as V;
    for (let look = 0; look < TASK_LOOKS; look++) {
      await client.sleep(Math.min(client.settings.retryMaxMs, client.settings.retryBaseMs * 2 ** look));
      const task = await client.request<Record<string, unknown>>("GET", where.task.path(scope, uuid));
      if (task?.status === "success" && task[where.task.field]) return task[where.task.field] as V;
      if (task?.status === "failed") throw apiError(`Sentry could not save it: ${String(task.error ?? "the task failed")}`, "client", 400, false);
    }
    throw apiError(`Sentry did not finish saving it (task ${uuid} still pending) (expected it to finish; run pulumi up again)`, "server", undefined, true);
  };
  const explained = async <T>(write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (e) {
      const hint = isApiError(e) && e.kind === "client" ? where.explain?.(e.message) : undefined;
      throw hint ? apiError(`${e instanceof Error ? e.message : String(e)} ${hint}`, "client", (e as { status?: number }).status, false) : e;
    }
  };
  return {
    async list({ fresh, near }) {
      if (!near) return [];
      const scope = where.scopeOf(near);
      const all = await client.listAll<V>(where.collectionOf(scope), { pageSize: 100, fresh });
      return all.filter((v) => !where.within || where.within(v, scope)).map((v) => scoped(v, scope));
    },
    async get(id) {
      const { scope, sentryId } = splitId(id, scopeLength);
      const collection = where.collectionOf(scope);
      const listed = (await client.listAll<V>(collection, { pageSize: 100 })).find((x) => String(x.id) === sentryId);
      const v = listed ?? (await client.request<V | undefined>("GET", `${collection}${enc(sentryId)}/`));
      return v ? scoped(v, scope) : undefined;
    },
    async create({ scope, body }) {
      const collection = where.collectionOf(scope);
      return explained(async () => scoped(await settle(scope, await client.request("POST", collection, { json: body, collection })), scope));
    },
    async update(id, { body }) {
      const { scope, sentryId } = splitId(id, scopeLength);
      const collection = where.collectionOf(scope);
      return explained(async () => scoped(await settle(scope, await client.request("PUT", `${collection}${enc(sentryId)}/`, { json: body, collection })), scope));
    },
    async delete(id) {
      const { scope, sentryId } = splitId(id, scopeLength);
      const collection = where.collectionOf(scope);
      await client.request("DELETE", `${collection}${enc(sentryId)}/`, { collection });
    },
    waitAfterAmbiguous: (look) => client.sleep(Math.min(client.settings.retryMaxMs, client.settings.retryBaseMs * 2 ** look)),
  };
}
