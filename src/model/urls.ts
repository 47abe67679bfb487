/**
 * URLs, URL paths, host names and HTTP headers: parsed with the WHATWG URL parser and Node's own
 * header validators (the rules the HTTP clients that send them apply), never with hand-written
 * patterns where a parser exists.
 *
 * The URL parser silently drops tabs and line breaks and trims spaces, so the raw text is checked
 * first: what the definition says is what is sent.
 */
import { validateHeaderName, validateHeaderValue } from "node:http";
import { z } from "zod";
import { hasInvisible, shown } from "./text";

/** UptimeRobot's limit on a monitor URL (CreateHttpMonitorDto.url maxLength), the largest any vendor here takes. */
export const MAX_URL_LENGTH = 10_000;

const CREDENTIALS =
  "contains credentials (user:password@), which would be printed in plans and pull-request comments (expected a URL without them; " +
  "secrets belong in stack config set with `pulumi config set --secret`, as a contact's webhook url)";

/** What is wrong with an http(s) URL, or undefined. `secret`: credentials are allowed (the whole value is a secret). */
export function urlProblem(value: string, opts: { https?: boolean; secret?: boolean } = {}): string | undefined {
  const expected = opts.https ? "an https:// URL" : "an http:// or https:// URL";
  if (value.length > MAX_URL_LENGTH) return `is ${value.length} characters long (expected ${expected} of at most ${MAX_URL_LENGTH})`;
  if (hasInvisible(value) || /\s/.test(value)) {
    return `${opts.secret ? "contains" : `${shown(value)} contains`} white space or a control character (expected ${expected}, with spaces percent-encoded as %20)`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${opts.secret ? "is not a URL" : `${shown(value)} is not a URL`} (expected ${expected})`;
  }
  if (url.protocol !== "https:" && (opts.https || url.protocol !== "http:")) return `has the scheme ${shown(url.protocol.slice(0, -1))} (expected ${expected})`;
  if (url.hostname === "") return `has no host (expected ${expected})`;
  if (!opts.secret && (url.username !== "" || url.password !== "")) return CREDENTIALS;
  return undefined;
}

function urlSchema(opts: { https?: boolean; secret?: boolean }) {
  return z.string({ error: opts.https ? "expected an https:// URL" : "expected an http:// or https:// URL" }).check((ctx) => {
    const problem = urlProblem(ctx.value, opts);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  });
}

/** An http(s) URL without credentials, printed in plans as written. */
export const HttpUrl = urlSchema({});
/** An https URL without credentials. */
export const HttpsUrl = urlSchema({ https: true });
/** An http(s) URL that is a secret as a whole (a webhook): credentials in it are kept secret with it. */
export const SecretUrl = urlSchema({ secret: true });
export const SecretHttpsUrl = urlSchema({ https: true, secret: true });

// RFC 3986 §3.3 and §3.4: a path is segments of unreserved, percent-encoded, sub-delim, ":" and
// "@" characters; a query may add "/" and "?". Anything else (spaces, quotes, backslashes,
// control characters) must be percent-encoded to be sent at all.
const PCHAR = String.raw`(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})`;
const PATH = new RegExp(String.raw`^/(?:${PCHAR}|/)*$`);
const PATH_AND_QUERY = new RegExp(String.raw`^/(?:${PCHAR}|/)*(?:\?(?:${PCHAR}|[/?])*)?$`);

function pathSchema(pattern: RegExp, expected: string) {
  return z.string({ error: `expected ${expected}` }).check((ctx) => {
    const value = ctx.value;
    let problem: string | undefined;
    if (!value.startsWith("/")) problem = `${shown(value)} does not start with "/" (expected ${expected})`;
    else if (value.length > MAX_URL_LENGTH) problem = `is ${value.length} characters long (expected ${expected} of at most ${MAX_URL_LENGTH})`;
    else if (!pattern.test(value)) problem = `${shown(value)} has characters a URL path cannot carry (expected ${expected}: letters, digits and - . _ ~ ! $ & ' ( ) * + , ; = : @ /, anything else percent-encoded like %20)`;
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: value });
  });
}

/** A path under a base URL, with an optional query: "/health", "/api/v1/items?limit=1". */
export const UrlPath = pathSchema(PATH_AND_QUERY, 'a path starting with "/"');
/** A path without a query (what Cloudflare's http.request.uri.path holds); a trailing "*" is a wildcard. */
export const PlainUrlPath = pathSchema(PATH, 'a path starting with "/" (without a query)');

/**
 * A host name as DNS allows it (RFC 1035 §2.3.4: labels of at most 63 characters, 253 in all)
 * with a top-level domain of letters.
 */
export const HostName = z.string({ error: "expected a host name like status.example.com" }).check((ctx) => {
  const host = ctx.value;
  const labels = host.split(".");
  const ok =
    host.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(l)) &&
    /^[a-z]{2,63}$/i.test(labels[labels.length - 1]);
  if (!ok) ctx.issues.push({ code: "custom", message: `${shown(host)} is not a host name (expected one like status.example.com)`, input: host });
});

/** Node's own check of a header name (an RFC 9110 token) and value (no CR, LF or NUL), as a message. */
export function headerProblem(name: string, value: string): string | undefined {
  try {
    validateHeaderName(name);
  } catch {
    return `${shown(name)} is not a header name (expected letters, digits and ! # $ % & ' * + - . ^ _ \` | ~, as RFC 9110 allows)`;
  }
  try {
    validateHeaderValue(name, value);
  } catch {
    return `the value ${shown(value)} has a character a header cannot carry (expected visible ASCII text on one line: no line breaks, which would inject another header)`;
  }
  if (value !== value.trim()) return `the value ${shown(value)} starts or ends with white space (expected none: HTTP drops it)`;
  return undefined;
}

/** Request headers: valid names and values, each name once whatever its case (RFC 9110 §5.1). */
export const HttpHeaders = z.record(z.string(), z.string({ error: "expected a header value (text)" })).check((ctx) => {
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(ctx.value)) {
    const problem = headerProblem(name, value);
    if (problem) ctx.issues.push({ code: "custom", message: problem, input: value, path: [name] });
    const lower = name.toLowerCase();
    const before = seen.get(lower);
    if (before !== undefined) {
      ctx.issues.push({ code: "custom", message: `repeats the header ${shown(before)} in another case (expected each header once: names are case-insensitive)`, input: value, path: [name] });
    }
    seen.set(lower, name);
  }
});

/** A media type such as "application/json; charset=utf-8" (RFC 9110 §8.3.1), sent as the Content-Type header. */
export const MediaType = z.string().check((ctx) => {
  const token = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  const ok = new RegExp(`^${token}/${token}(?:\\s*;\\s*${token}=(?:${token}|"[^"\\\\\\r\\n]*"))*$`).test(ctx.value) && ctx.value.length <= 255;
  if (!ok) ctx.issues.push({ code: "custom", message: `${shown(ctx.value)} is not a media type (expected one like "text/plain" or "application/json")`, input: ctx.value });
});
