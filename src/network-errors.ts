/**
 * Words for the error codes Node's fetch (undici) and its sockets give when a request gets no
 * answer, for the commands that call out (`monitoring check`'s probes, `monitoring drill`).
 */
const WORDS: Readonly<Record<string, string>> = Object.freeze({
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found (DNS)",
  EAI_AGAIN: "host name could not be resolved (DNS)",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "connection closed",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host",
});

/** `connection refused (ECONNREFUSED)`; `request failed (CODE)` for a code without words. */
export function networkErrorText(code: string): string {
  return `${Object.prototype.hasOwnProperty.call(WORDS, code) ? WORDS[code] : "request failed"} (${code})`;
}
