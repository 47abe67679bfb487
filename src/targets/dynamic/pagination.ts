/**
 * How a vendor pages its listings, for HttpClient.listAll: given one answered page, its items and
 * the request of the next page. Two common schemes live here; a vendor with its own (UptimeRobot's
 * `nextLink` cursor) declares it in its folder.
 *
 * A next-page URL given by the server is followed only when it points into the configured API URL:
 * the bearer token is never sent to another host.
 */

export type QueryValue = string | number | boolean | undefined;

export interface PageRequest {
  /** Path under the API URL, e.g. "/monitors". */
  path: string;
  query: Record<string, QueryValue>;
}

export interface PageResponse {
  body: unknown;
  /** Lower-cased header names. */
  headers: Record<string, string>;
}

export interface Pagination {
  /** The first page's request; `pageSize` when the caller asks for one. */
  first(path: string, query: Record<string, QueryValue>, pageSize: number | undefined): PageRequest;
  /** The page's items, and the next page's request (undefined on the last page). */
  next(page: PageResponse, request: PageRequest, apiUrl: string): { items: unknown[]; next?: PageRequest };
  /**
   * The object in an answer about one object, for APIs that wrap it (Better Stack:
   * `{ "data": { "id": ..., "attributes": ... } }`); absent, the answer is the object.
   */
  object?(body: unknown): unknown;
}

/** A URL inside the API (same origin, under the API URL's path) as a request; undefined otherwise. */
export function requestWithin(url: string, apiUrl: string): PageRequest | undefined {
  try {
    const base = new URL(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
    const u = new URL(url, base);
    if (u.origin !== base.origin || !u.pathname.startsWith(base.pathname)) return undefined;
    const query: Record<string, QueryValue> = {};
    for (const [k, v] of u.searchParams) query[k] = v;
    return { path: "/" + u.pathname.slice(base.pathname.length), query };
  } catch {
    return undefined;
  }
}

/** One query parameter of a (possibly relative) URL. */
export function queryParam(url: string, name: string): string | undefined {
  try {
    return new URL(url, "http://relative.invalid").searchParams.get(name) || undefined;
  } catch {
    return undefined;
  }
}

function itemsOf(body: unknown, field?: string): unknown[] {
  const list = field ? (body as Record<string, unknown> | undefined)?.[field] : body;
  return Array.isArray(list) ? list : [];
}

/**
 * RFC 8288 `Link` header paging with a cursor, as Sentry's API does:
 * `Link: <...&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"`. The body is the array
 * of items; `results="false"` on the next link marks the last page.
 */
export function linkHeaderPagination(opts: { pageSizeParam?: string } = {}): Pagination {
  return {
    first: (path, query, pageSize) => ({ path, query: pageSize && opts.pageSizeParam ? { ...query, [opts.pageSizeParam]: pageSize } : { ...query } }),
    next(page, request) {
      const items = itemsOf(page.body);
      const next = parseLinkHeader(page.headers.link ?? "").find((l) => l.params.rel === "next");
      if (!next || next.params.results === "false") return { items };
      const cursor = next.params.cursor ?? queryParam(next.url, "cursor");
      return { items, next: cursor ? { path: request.path, query: { ...request.query, cursor } } : undefined };
    },
  };
}

/** The links of a `Link` header with their parameters (quotes removed). */
export function parseLinkHeader(header: string): Array<{ url: string; params: Record<string, string> }> {
  const links: Array<{ url: string; params: Record<string, string> }> = [];
  for (const m of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const params: Record<string, string> = {};
    for (const p of m[2].matchAll(/;\s*([a-zA-Z_-]+)\s*=\s*("([^"]*)"|[^;,\s]+)/g)) params[p[1].toLowerCase()] = p[3] ?? p[2];
    links.push({ url: m[1], params });
  }
  return links;
}

/**
 * A next-page URL in the JSON body, as Better Stack's API does:
 * `{ "data": [...], "pagination": { "next": "https://.../monitors?page=2" } }` (null on the last page).
 */
export function nextUrlPagination(opts: { items?: string; next?: readonly string[]; pageSizeParam?: string; object?: string } = {}): Pagination {
  const field = opts.items ?? "data";
  const nextPath = opts.next ?? ["pagination", "next"];
  const objectField = opts.object;
  return {
    ...(objectField ? { object: (body: unknown) => (body && typeof body === "object" ? (body as Record<string, unknown>)[objectField] : undefined) } : {}),
    first: (path, query, pageSize) => ({ path, query: pageSize && opts.pageSizeParam ? { ...query, [opts.pageSizeParam]: pageSize } : { ...query } }),
    next(page, _request, apiUrl) {
      let url: unknown = page.body;
      for (const k of nextPath) url = url && typeof url === "object" ? (url as Record<string, unknown>)[k] : undefined;
      const items = itemsOf(page.body, field);
      if (typeof url !== "string" || url === "") return { items };
      const next = requestWithin(url, apiUrl);
      // Stopping here would return a partial listing, and a create could then duplicate what it missed.
      if (!next) throw new Error(`the next page is not under ${apiUrl} (expected the API to page within itself; the token is never sent elsewhere)`);
      return { items, next };
    },
  };
}
