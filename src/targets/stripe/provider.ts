/**
 * Stripe webhook endpoint as a Pulumi dynamic resource, using the official `stripe` SDK.
 *
 * The SDK is `require`d inside the provider's methods so the serialized provider stays small.
 * Credentials come from `configure()` (stack config `stripe:apiKey`, a secret) or STRIPE_API_KEY,
 * never from the program's closure. `stripe:apiBase` points the SDK at another host (tests).
 *
 * Stripe's Dashboard e-mail notifications (failed payments, disputes...) have no API; a webhook
 * endpoint is the supported way to get those events into alerting.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type Stripe from "stripe";

/** Event names the installed SDK knows (compile-time check for code that builds inputs). */
export type StripeEventName = Stripe.WebhookEndpointCreateParams.EnabledEvent;

export interface WebhookEndpointInputs {
  /** HTTPS URL Stripe posts events to. */
  url: string;
  /** Event names (validated against the SDK's list), or ["*"]. */
  enabledEvents: string[];
  description?: string;
  /** Stripe API version of the event payloads; fixed at creation, so a change replaces the endpoint. Default: the account's. */
  apiVersion?: string;
  metadata?: Record<string, string>;
  disabled?: boolean;
  /**
   * Stable marker of this endpoint (e.g. the definition's key), stored in metadata so a create
   * whose response was lost, or a re-run, finds the endpoint instead of making a second one.
   */
  marker: string;
  /** Take over an existing endpoint with the same marker (its signing secret cannot be read back). */
  adopt?: boolean;
}

export interface WebhookEndpointOutputs extends WebhookEndpointInputs {
  endpointId: string;
  /** The signing secret (`whsec_...`), returned by Stripe only on create. Secret output. */
  secret?: string;
  status?: string;
}

type Props = Record<string, unknown>;
const MARKER_KEY = "monitoring_marker";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

interface StripeConfigValues {
  apiKey?: string;
  apiBase?: string;
  timeoutMs?: string;
  maxNetworkRetries?: string;
}

interface StripeLikeError {
  type?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

type Endpoint = Stripe.WebhookEndpoint;

function sorted(xs: readonly string[] | undefined): string[] {
  return [...new Set(Array.isArray(xs) ? xs : [])].sort();
}

function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v as Props).some(containsUnknown);
  return false;
}

function userMetadata(m: Record<string, string> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m ?? {}).sort()) if (k !== MARKER_KEY) out[k] = (m ?? {})[k];
  return out;
}

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Props).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
}

function canonical(i: Partial<WebhookEndpointInputs>): Props {
  return {
    url: i.url,
    enabledEvents: sorted(i.enabledEvents),
    description: i.description ?? "",
    apiVersion: i.apiVersion,
    metadata: userMetadata(i.metadata),
    disabled: i.disabled ?? false,
  };
}

function defined(p: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out;
}

/** Edit distance, to suggest the closest event names. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_x, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Event names from the installed SDK's own type definitions (one source of truth with the TS type). */
export function knownStripeEvents(): string[] | undefined {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require("fs") as typeof import("fs");
  const path = require("path") as typeof import("path");
  /* eslint-enable @typescript-eslint/no-require-imports */
  try {
    const file = path.join(path.dirname(require.resolve("stripe")), "resources", "WebhookEndpoints.d.ts");
    const text = fs.readFileSync(file, "utf8");
    const m = /namespace WebhookEndpointCreateParams \{[\s\S]*?type EnabledEvent = ([^;]+);/.exec(text);
    if (!m) return undefined;
    return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]);
  } catch {
    return undefined;
  }
}

export class WebhookEndpointProvider implements dynamic.ResourceProvider {
  // Assigned in configure() only (never before serialization), no field initializers.
  declare private values: StripeConfigValues | undefined;

  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.values = {
      apiKey: req.config.get("stripe:apiKey"),
      apiBase: req.config.get("stripe:apiBase"),
      timeoutMs: req.config.get("stripe:timeoutMs"),
      maxNetworkRetries: req.config.get("stripe:maxNetworkRetries"),
    };
  }

  private stripe(): Stripe {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require("stripe") as typeof Stripe & { default?: typeof Stripe };
    const StripeCtor = mod.default ?? mod;
    const v = this.values ?? {};
    const key = (v.apiKey ?? process.env.STRIPE_API_KEY ?? "").trim();
    if (!key) {
      throw new Error("stripe:apiKey: not set (expected `pulumi config set --secret stripe:apiKey sk_...` or the environment variable STRIPE_API_KEY)");
    }
    const base = v.apiBase ?? process.env.STRIPE_API_BASE;
    const opts: Stripe.StripeConfig = {
      maxNetworkRetries: v.maxNetworkRetries !== undefined ? Number(v.maxNetworkRetries) : 3,
      timeout: v.timeoutMs !== undefined ? Number(v.timeoutMs) : 30_000,
      appInfo: { name: "monitoring-as-code" },
    };
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
    return new StripeCtor(key, opts);
  }

  private fail(e: unknown, where: string): Error {
    const err = (e ?? {}) as StripeLikeError;
    const key = (this.values?.apiKey ?? process.env.STRIPE_API_KEY ?? "").trim();
    let msg = err.message ?? String(e);
    if (key) msg = msg.split(key).join("***");
    const status = err.statusCode ? `HTTP ${err.statusCode} ` : "";
    return new Error(`${where}: ${status}${msg}`);
  }

  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    const failures: dynamic.CheckFailure[] = [];
    const where = `Stripe webhook endpoint "${String(news.marker ?? news.url ?? "")}"`;
    const add = (property: string, reason: string) => failures.push({ property, reason: `${where}: ${property}: ${reason}` });
    const url = news.url;
    if (url !== UNKNOWN && (typeof url !== "string" || !/^https:\/\/\S+$/.test(url))) add("url", `${JSON.stringify(url)} is not valid (expected an https:// URL)`);
    if (typeof news.marker !== "string" || news.marker === "") add("marker", "missing (expected a stable key for this endpoint)");
    const events = news.enabledEvents;
    if (events === UNKNOWN) {
      // known at update time
    } else if (!Array.isArray(events) || events.length === 0) {
      add("enabledEvents", "missing (expected at least one Stripe event name, e.g. invoice.payment_failed)");
    } else {
      const known = knownStripeEvents();
      events.forEach((ev: unknown, n) => {
        if (ev === UNKNOWN) return;
        if (typeof ev !== "string") return add(`enabledEvents[${n}]`, `${JSON.stringify(ev)} is not a string (expected an event name)`);
        if (ev === "*") return;
        if (known ? !known.includes(ev) : !/^[a-z_]+(\.[a-z_]+)+$/.test(ev)) {
          const near = (known ?? [])
            .map((k) => ({ k, d: distance(k, ev) }))
            .sort((a, b) => a.d - b.d)
            .slice(0, 3)
            .map((x) => x.k);
          add(`enabledEvents[${n}]`, `"${ev}" is not a Stripe event the SDK knows (expected e.g. ${near.length ? near.join(", ") : "invoice.payment_failed, customer.subscription.deleted, charge.dispute.created"})`);
        }
      });
    }
    if (news.apiVersion !== undefined && news.apiVersion !== UNKNOWN && (typeof news.apiVersion !== "string" || !/^\d{4}-\d{2}-\d{2}(\.\w+)?$/.test(news.apiVersion))) {
      add("apiVersion", `${JSON.stringify(news.apiVersion)} is not valid (expected a Stripe API version such as 2026-10-28.endive)`);
    }
    if (typeof news.description === "string" && news.description.length > 5000) add("description", "is too long (expected at most 5000 characters)");
    const md = news.metadata;
    if (md !== undefined && (typeof md !== "object" || md === null || Array.isArray(md))) add("metadata", "is not an object (expected string keys and values)");
    else if (md && MARKER_KEY in (md as Props)) add(`metadata.${MARKER_KEY}`, "is reserved (expected it to be set from marker)");
    return { inputs: news, failures };
  }

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    // Inputs not known yet (preview) count as changed; the rest are compared.
    const unknown = Object.keys(news).filter((k) => containsUnknown(news[k]));
    const known: Props = { ...news };
    for (const k of unknown) known[k] = olds[k];
    const a = canonical(olds as Partial<WebhookEndpointInputs>);
    const b = canonical(known as Partial<WebhookEndpointInputs>);
    const changed = [...new Set([...unknown.filter((k) => k in b), ...Object.keys(b).filter((k) => stable(a[k]) !== stable(b[k]))])];
    return { changes: changed.length > 0, replaces: changed.filter((k) => k === "apiVersion"), deleteBeforeReplace: false };
  }

  private async findByMarker(stripe: Stripe, marker: string): Promise<Endpoint | undefined> {
    for await (const ep of stripe.webhookEndpoints.list({ limit: 100 })) {
      if (ep.metadata?.[MARKER_KEY] === marker) return ep;
    }
    return undefined;
  }

  private outs(i: WebhookEndpointInputs, ep: Endpoint, secret: string | undefined): Props {
    return defined({ ...i, endpointId: ep.id, secret, status: ep.status });
  }

  async create(inputs: Props): Promise<dynamic.CreateResult> {
    const i = inputs as unknown as WebhookEndpointInputs;
    const where = `Stripe webhook endpoint "${i.marker}"`;
    const stripe = this.stripe();
    let existing: Endpoint | undefined;
    try {
      existing = await this.findByMarker(stripe, i.marker);
    } catch (e) {
      throw this.fail(e, where);
    }
    if (existing) {
      if (i.adopt !== true) {
        throw new Error(`${where}: one already exists with this marker (id ${existing.id}) (expected no endpoint with this marker; set adopt: true to take it over — its signing secret cannot be read back, roll it in the Dashboard)`);
      }
      const updated = await this.update(existing.id, {}, inputs);
      return { id: existing.id, outs: updated.outs };
    }
    try {
      // The SDK retries network failures with the same Idempotency-Key, so a lost response is
      // answered from Stripe's idempotency cache instead of creating a second endpoint.
      const params: Stripe.WebhookEndpointCreateParams = {
        url: i.url,
        enabled_events: sorted(i.enabledEvents) as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
        metadata: { ...userMetadata(i.metadata), [MARKER_KEY]: i.marker },
      };
      if (i.description) params.description = i.description;
      if (i.apiVersion) params.api_version = i.apiVersion as Stripe.WebhookEndpointCreateParams.ApiVersion;
      const ep = await stripe.webhookEndpoints.create(params);
      if (i.disabled) await stripe.webhookEndpoints.update(ep.id, { disabled: true });
      return { id: ep.id, outs: this.outs(i, ep, ep.secret) };
    } catch (e) {
      throw this.fail(e, where);
    }
  }

  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    const stripe = this.stripe();
    let ep: Endpoint;
    try {
      ep = await stripe.webhookEndpoints.retrieve(id);
    } catch (e) {
      if ((e as StripeLikeError).statusCode === 404) return { id: "", props: {} };
      throw this.fail(e, `Stripe webhook endpoint "${String(props.marker ?? id)}" (id ${id})`);
    }
    if ((ep as unknown as { deleted?: boolean }).deleted) return { id: "", props: {} };
    const observed: Partial<WebhookEndpointInputs> = {
      url: ep.url,
      enabledEvents: ep.enabled_events,
      description: ep.description ?? undefined,
      apiVersion: ep.api_version ?? undefined,
      metadata: userMetadata(ep.metadata),
      disabled: ep.status === "disabled",
    };
    const oc = canonical(observed);
    const sc = canonical(props as Partial<WebhookEndpointInputs>);
    const next: Props = { ...props };
    for (const k of Object.keys(oc)) {
      if (k === "apiVersion" && props.apiVersion === undefined) continue; // account default
      if (stable(oc[k]) !== stable(sc[k])) next[k] = (observed as Props)[k];
    }
    return { id: ep.id, props: defined({ ...next, endpointId: ep.id, status: ep.status, secret: props.secret }) };
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const i = news as unknown as WebhookEndpointInputs;
    const stripe = this.stripe();
    try {
      const ep = await stripe.webhookEndpoints.update(id, {
        url: i.url,
        enabled_events: sorted(i.enabledEvents) as Stripe.WebhookEndpointUpdateParams.EnabledEvent[],
        description: i.description ?? "",
        metadata: { ...Object.fromEntries(Object.keys(userMetadata(olds.metadata as Record<string, string>)).map((k) => [k, ""])), ...userMetadata(i.metadata), [MARKER_KEY]: i.marker },
        disabled: i.disabled ?? false,
      });
      return { outs: this.outs(i, ep, typeof olds.secret === "string" ? olds.secret : undefined) };
    } catch (e) {
      if ((e as StripeLikeError).statusCode === 404) {
        throw new Error(`Stripe webhook endpoint "${i.marker}" (id ${id}): it no longer exists at Stripe (expected it to exist; run \`pulumi refresh\` so it is recreated)`);
      }
      throw this.fail(e, `Stripe webhook endpoint "${i.marker}" (id ${id})`);
    }
  }

  async delete(id: string, props: Props): Promise<void> {
    const stripe = this.stripe();
    try {
      await stripe.webhookEndpoints.del(id);
    } catch (e) {
      if ((e as StripeLikeError).statusCode === 404) return;
      throw this.fail(e, `Stripe webhook endpoint "${String(props.marker ?? id)}" (id ${id})`);
    }
  }
}

/** The provider object that gets serialized. */
export const webhookEndpointProvider = new WebhookEndpointProvider();

export type WebhookEndpointArgs = { [K in keyof WebhookEndpointInputs]: pulumi.Input<WebhookEndpointInputs[K]> };

/** A Stripe webhook endpoint. `secret` (the signing secret) is a secret output. */
export class WebhookEndpoint extends pulumi.dynamic.Resource {
  declare readonly endpointId: pulumi.Output<string>;
  declare readonly secret: pulumi.Output<string | undefined>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: WebhookEndpointArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      webhookEndpointProvider,
      name,
      { ...args, endpointId: undefined, secret: undefined, status: undefined },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "secret"] },
      "stripe",
      "WebhookEndpoint",
    );
  }
}
