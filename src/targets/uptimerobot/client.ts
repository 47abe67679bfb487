/**
 * UptimeRobot API v3 over the shared HTTP client (../dynamic/http-client): its settings (stack
 * config `uptimerobot:*`, environment `UPTIMEROBOT_*`), its paging (a `nextLink` URL carrying the
 * next `cursor`), and listing for `monitoring import`.
 */
import { HttpClient, type ClientHooks } from "../dynamic/http-client";
import { httpConfigKeys, readHttpSettings, type HttpSettings, type HttpSettingsSource } from "../dynamic/http-settings";
import { sharedHttpClient, type HttpCollection } from "../dynamic/http-transport";
import type { ConfigGetter, Identified } from "../dynamic/kind";
import { queryParam, type Pagination } from "../dynamic/pagination";

export { isApiError } from "../dynamic/errors";

export const DEFAULT_API_URL = "https://api.uptimerobot.com/v3";

/** Where the settings come from: `uptimerobot:apiKey` or UPTIMEROBOT_API_KEY, ... */
const SOURCE: HttpSettingsSource = {
  vendor: "UptimeRobot",
  configPrefix: "uptimerobot",
  envPrefix: "UPTIMEROBOT",
  credential: { key: "apiKey", env: "UPTIMEROBOT_API_KEY", placeholder: "<key>" },
  url: { env: "UPTIMEROBOT_API_URL", default: DEFAULT_API_URL },
};

/** Every stack config key the UptimeRobot providers read. */
export const CONFIG_KEYS: readonly string[] = httpConfigKeys(SOURCE);

/**
 * Reads settings from stack config (`uptimerobot:*`, through the dynamic provider's configure())
 * or the environment. Throws one clear error listing every problem.
 */
export function settingsFrom(get: ConfigGetter, env: Record<string, string | undefined>): HttpSettings {
  return readHttpSettings(SOURCE, get, env);
}

/** The cursor of a page's `nextLink` (a URL carrying `cursor=`), or undefined on the last page. */
export function cursorFrom(nextLink: string | null | undefined): string | undefined {
  return nextLink ? queryParam(nextLink, "cursor") : undefined;
}

/** `{ data: [...], nextLink: ".../monitors?cursor=123&limit=200" }`: the same path again with the cursor. */
const nextLinkPagination: Pagination = {
  first: (path, query, pageSize) => ({ path, query: pageSize ? { ...query, limit: pageSize } : { ...query } }),
  next(page, request) {
    const body = page.body as { data?: unknown[]; nextLink?: string | null } | undefined;
    const cursor = cursorFrom(body?.nextLink);
    return { items: body?.data ?? [], next: cursor === undefined ? undefined : { path: request.path, query: { ...request.query, cursor } } };
  },
};

/** A client of the UptimeRobot API (tests and the importer build their own; providers share one per process). */
export class UptimeRobotClient extends HttpClient {
  constructor(settings: HttpSettings, hooks?: ClientHooks) {
    super(settings, nextLinkPagination, hooks);
  }
}

/** The client shared by every UptimeRobot resource in this process (pacing and listing cache included). */
export function sharedClient(settings: HttpSettings): HttpClient {
  return sharedHttpClient(settings, nextLinkPagination);
}

/**
 * Every object of one kind's collection in the account, with settings read from a config getter
 * plus the environment (for `monitoring import`). Calls share one client: one pace for all.
 */
export async function listCollection<V extends Identified>(
  kind: HttpCollection & { fromVendor(v: V): unknown },
  get: ConfigGetter,
  env: Record<string, string | undefined> = process.env,
): Promise<V[]> {
  return sharedClient(settingsFrom(get, env)).listAll<V>(kind.collection, { pageSize: kind.pageSize });
}
