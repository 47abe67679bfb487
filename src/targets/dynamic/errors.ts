/**
 * Vendor API failures as every transport reports them, so the generic provider can tell "gone"
 * (404 / 410: nothing to read or delete) and "ambiguous" (a write whose answer was lost: look before
 * writing again) apart from plain failures, whatever the vendor and client.
 */

export type ErrorKind = "not_found" | "client" | "rate_limited" | "server" | "network" | "timeout";

/** An API failure, with a message that names the call and never contains a credential. */
export interface VendorApiError extends Error {
  name: "VendorApiError";
  kind: ErrorKind;
  status: number | undefined;
  /** True when the server may have acted although the call failed (a POST that timed out, was reset, or got a 5xx). */
  ambiguous: boolean;
  /** The vendor's own error code from a JSON error body (`code`), when it sent one. */
  code?: string;
  /** With `ambiguous`: the vendor's answer says the write did happen (only the answer failed). */
  acted?: boolean;
}

/** Makes a VendorApiError (a plain Error with fields, so it survives any module boundary). */
export function apiError(message: string, kind: ErrorKind, status: number | undefined, ambiguous: boolean, code?: string): VendorApiError {
  const e = new Error(message) as VendorApiError;
  e.name = "VendorApiError";
  e.kind = kind;
  e.status = status;
  e.ambiguous = ambiguous;
  if (code !== undefined) e.code = code;
  return e;
}

export function isApiError(e: unknown): e is VendorApiError {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === "VendorApiError";
}

/** The object is not there (any more). */
export function isGone(e: unknown): boolean {
  return isApiError(e) && (e.status === 404 || e.status === 410);
}

/** The vendor may have applied the write although the call failed. */
export function isAmbiguous(e: unknown): boolean {
  return isApiError(e) && e.ambiguous;
}
