/**
 * Better Stack's Telemetry API over the shared HTTP client (../dynamic/http-client): settings from
 * stack config (`betterstack:*`) or the environment (`BETTERSTACK_*`), and its paging.
 *
 * - Base URL `https://telemetry.betterstack.com/api/v1`: the official Terraform provider's default
 *   (BetterStackHQ/terraform-provider-logtail, internal/provider/client.go) and the `base_url` of
 *   "Update a source" (https://betterstack.com/docs/logs/api/update-source.md).
 * - Authentication: `Authorization: Bearer $TOKEN`, a Telemetry API token (every sources page).
 * - Paging: `?page=N&per_page=M` ("List all existing sources",
 *   https://betterstack.com/docs/logs/api/list-all-existing-sources/: per_page at most 50), answered
 *   as `{ "data": [...], "pagination": { "first", "last", "prev", "next" } }` with `next` null on
 *   the last page; the next URL is only followed inside the API URL.
 * - One object is answered as `{ "data": { "id", "type": "source", "attributes": {...} } }`
 *   (the provider's `sourceHTTPResponse`).
 * - Rate limits: Better Stack publishes none; calls are paced under `betterstack:requestsPerMinute`
 *   (60) and a 429 waits for its Retry-After.
 */
import type { HttpClient } from "../dynamic/http-client";
import { httpConfigKeys, readHttpSettings, type HttpSettings, type HttpSettingsSource } from "../dynamic/http-settings";
import { sharedHttpClient } from "../dynamic/http-transport";
import type { ConfigGetter } from "../dynamic/kind";
import { nextUrlPagination, type Pagination } from "../dynamic/pagination";

export const DEFAULT_API_URL = "https://telemetry.betterstack.com/api/v1";
/** Sources per page: the documented maximum of `per_page`. */
export const PAGE_SIZE = 50;

const SOURCE: HttpSettingsSource = {
  vendor: "Better Stack",
  configPrefix: "betterstack",
  envPrefix: "BETTERSTACK",
  credential: { key: "apiToken", env: "BETTERSTACK_API_TOKEN", placeholder: "<Telemetry API token>" },
  url: { env: "BETTERSTACK_API_URL", default: DEFAULT_API_URL },
  defaults: { requestsPerMinute: 60 },
};

/** Every stack config key the Better Stack provider reads. */
export const CONFIG_KEYS: readonly string[] = httpConfigKeys(SOURCE);

export function settingsFrom(get: ConfigGetter, env: Record<string, string | undefined>): HttpSettings {
  return readHttpSettings(SOURCE, get, env);
}

const pages = nextUrlPagination({ pageSizeParam: "per_page", object: "data" });

/** `pagination.next` URLs, with the first page asked for explicitly (`page=1&per_page=50`). */
export const betterStackPagination: Pagination = {
  ...pages,
  first: (path, query, pageSize) => ({ path, query: { ...query, page: 1, ...(pageSize ? { per_page: pageSize } : {}) } }),
};

/** The client shared by every Better Stack resource in this process (pacing and listing cache included). */
export function sharedClient(settings: HttpSettings): HttpClient {
  return sharedHttpClient(settings, betterStackPagination);
}
