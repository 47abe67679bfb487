/**
 * The transport of a kind kept in one REST collection (`GET /things`, `POST /things`,
 * `PATCH /things/{id}`, `DELETE /things/{id}`), over the shared HTTP client.
 */
import { HttpClient, type ClientHooks } from "./http-client";
import type { HttpSettings } from "./http-settings";
import type { Identified, Transport } from "./kind";
import type { Pagination } from "./pagination";

/** Where a kind lives in a REST API. */
export interface HttpCollection {
  /** Collection path, e.g. "/monitors". */
  readonly collection: string;
  /** Page size asked for when listing (only where the API takes one). */
  readonly pageSize?: number;
  /** How create and update bodies are sent. */
  readonly encoding: "json" | "form";
}

const clients = new Map<string, HttpClient>();

/**
 * One client per (vendor, API URL, key, tuning) per process, so that pacing and the listing cache
 * are shared by every resource the provider host handles.
 */
export function sharedHttpClient(settings: HttpSettings, pagination: Pagination, hooks?: ClientHooks): HttpClient {
  const id = JSON.stringify(settings);
  let client = clients.get(id);
  if (!client) {
    client = new HttpClient(settings, pagination, hooks);
    clients.set(id, client);
  }
  return client;
}

export function httpTransport<V extends Identified>(client: HttpClient, where: HttpCollection): Transport<V, Record<string, unknown>, Record<string, unknown>> {
  const { collection, pageSize } = where;
  // Vendors that wrap one object in their answer (Better Stack's `{ data: {...} }`) are unwrapped by the client's pagination plug-in.
  const one = <T>(body: unknown) => client.objectOf(body) as T;
  const send = async (method: "POST" | "PATCH", path: string, body: Record<string, unknown>) =>
    one<V>(await client.request<unknown>(method, path, where.encoding === "form" ? { form: body as Record<string, never> } : { json: body }));
  return {
    list: ({ fresh }) => client.listAll<V>(collection, { pageSize, fresh }),
    async get(id, opts) {
      // One listing serves every read of a refresh; an object it misses (lag) is fetched alone.
      const listed = opts?.fresh ? undefined : (await client.listAll<V>(collection, { pageSize })).find((x) => String(x.id) === id);
      return listed ?? one<V | undefined>(await client.request<unknown>("GET", `${collection}/${id}`));
    },
    create: (body) => send("POST", collection, body),
    async update(id, body) {
      const v = await send("PATCH", `${collection}/${id}`, body);
      // Some routes answer a PATCH without the object: read it back.
      return v && typeof v === "object" && "id" in v ? v : one<V>(await client.request<unknown>("GET", `${collection}/${id}`));
    },
    async delete(id) {
      await client.request("DELETE", `${collection}/${id}`);
    },
    waitAfterAmbiguous: (look) => client.sleep(Math.min(client.settings.retryMaxMs, client.settings.retryBaseMs * 2 ** look)),
    waitBeforeReread: (n) => client.sleep(Math.min(client.settings.retryMaxMs, client.settings.retryBaseMs * 2 ** n)),
  };
}
