/**
 * The transport of Stripe's kinds: the official `stripe` SDK, which stays the client (its
 * idempotency keys and network retries are what make a lost create safe). It is `require`d when a
 * provider first connects, with settings from stack config (`stripe:apiKey`, a secret) or
 * STRIPE_API_KEY; `stripe:apiBase` points it at another host (tests).
 */
import type Stripe from "stripe";
import { apiError } from "../dynamic/errors";
import type { ConfigGetter, Transport } from "../dynamic/kind";
import { redact } from "../dynamic/values";

export const STRIPE_CONFIG_KEYS: readonly string[] = ["stripe:apiKey", "stripe:apiBase", "stripe:timeoutMs", "stripe:maxNetworkRetries"];

export type Endpoint = Stripe.WebhookEndpoint;

/** A create: the SDK's parameters, and whether to disable the endpoint right after (create takes no `disabled`). */
export interface EndpointCreate {
  params: Stripe.WebhookEndpointCreateParams;
  disabled: boolean;
}

interface StripeLikeError {
  statusCode?: number;
  message?: string;
}

function sdk(get: ConfigGetter): { stripe: Stripe; key: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("stripe") as typeof Stripe & { default?: typeof Stripe };
  const StripeCtor = mod.default ?? mod;
  const key = (get("stripe:apiKey") ?? process.env.STRIPE_API_KEY ?? "").trim();
  if (!key) {
    throw new Error("stripe:apiKey: not set (expected `pulumi config set --secret stripe:apiKey sk_...` or the environment variable STRIPE_API_KEY)");
  }
  const retries = get("stripe:maxNetworkRetries");
  const timeout = get("stripe:timeoutMs");
  const opts: Stripe.StripeConfig = {
    maxNetworkRetries: retries !== undefined ? Number(retries) : 3,
    timeout: timeout !== undefined ? Number(timeout) : 30_000,
    appInfo: { name: "monitoring-as-code" },
  };
  const base = get("stripe:apiBase") ?? process.env.STRIPE_API_BASE;
  if (base) {
    let u: URL;
    try {
      u = new URL(base);
    } catch {
      throw new Error(`stripe:apiBase: "${base}" is not a URL (expected e.g. http://127.0.0.1:12111)`);
    }
    opts.host = u.hostname;
    opts.port = u.port || (u.protocol === "http:" ? "80" : "443");
    opts.protocol = u.protocol === "http:" ? "http" : "https";
  }
  return { stripe: new StripeCtor(key, opts), key };
}

/** An SDK failure as a VendorApiError ("HTTP 404 No such webhook endpoint ..."), without the key. */
function failure(e: unknown, key: string): Error {
  const err = (e ?? {}) as StripeLikeError;
  const status = err.statusCode ? `HTTP ${err.statusCode} ` : "";
  const msg = redact(`${status}${err.message ?? String(e)}`, [key]);
  return apiError(msg, err.statusCode === 404 ? "not_found" : "client", err.statusCode, false);
}

/** Webhook endpoints through the SDK. */
export function webhookEndpointTransport(get: ConfigGetter): Transport<Endpoint, EndpointCreate, Stripe.WebhookEndpointUpdateParams> {
  const { stripe, key } = sdk(get);
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw failure(e, key);
    }
  };
  return {
    list: () =>
      call(async () => {
        const all: Endpoint[] = [];
        for await (const ep of stripe.webhookEndpoints.list({ limit: 100 })) all.push(ep);
        return all;
      }),
    get: (id) =>
      call(async () => {
        const ep = await stripe.webhookEndpoints.retrieve(id);
        return (ep as unknown as { deleted?: boolean }).deleted ? undefined : ep;
      }),
    create: ({ params, disabled }) =>
      call(async () => {
        // The SDK retries network failures with the same Idempotency-Key, so a lost response is
        // answered from Stripe's idempotency cache instead of creating a second endpoint. The
        // answer of the create is kept: it is the only one that carries the signing secret.
        const ep = await stripe.webhookEndpoints.create(params);
        if (disabled) await stripe.webhookEndpoints.update(ep.id, { disabled: true });
        return ep;
      }),
    update: (id, params) => call(() => stripe.webhookEndpoints.update(id, params)),
    delete: (id) =>
      call(async () => {
        await stripe.webhookEndpoints.del(id);
      }),
  };
}
