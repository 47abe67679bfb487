/**
 * The Stripe webhook endpoint kind: validation (event names against the installed SDK's list), the
 * canonical form, create / update parameters, read-back, and the signing secret that Stripe returns
 * only on create (kept from state afterwards; a secret output). Its transport is the official SDK
 * (./sdk). Field meanings: Stripe's API reference for webhook endpoints, as typed by the SDK's
 * `WebhookEndpointCreateParams` / `WebhookEndpointUpdateParams`.
 *
 * Stripe's Dashboard e-mail notifications (failed payments, disputes...) have no API; a webhook
 * endpoint is the supported way to get those events into alerting.
 */
import type Stripe from "stripe";
import type { Failure } from "../dynamic/checker";
import type { Kind } from "../dynamic/kind";
import { sortedUnique, UNKNOWN, type Props } from "../dynamic/values";
import { closestEvents, knownStripeEvents } from "./events";
import { STRIPE_CONFIG_KEYS, webhookEndpointTransport, type Endpoint, type EndpointCreate } from "./sdk";

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

const MARKER_KEY = "monitoring_marker";

type EnabledEvents = Stripe.WebhookEndpointCreateParams.EnabledEvent[];

function userMetadata(m: Record<string, string> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m ?? {}).sort()) if (k !== MARKER_KEY) out[k] = (m ?? {})[k];
  return out;
}

function validateEvents(events: unknown, add: (property: string, reason: string) => void): void {
  if (events === UNKNOWN) return; // known at update time
  if (!Array.isArray(events) || events.length === 0) return add("enabledEvents", "missing (expected at least one Stripe event name, e.g. invoice.payment_failed)");
  const known = knownStripeEvents();
  events.forEach((ev: unknown, n) => {
    if (ev === UNKNOWN) return;
    if (typeof ev !== "string") return add(`enabledEvents[${n}]`, `${JSON.stringify(ev)} is not a string (expected an event name)`);
    if (ev === "*") return;
    if (known ? !known.includes(ev) : !/^[a-z_]+(\.[a-z_]+)+$/.test(ev)) {
      const near = closestEvents(known ?? [], ev);
      add(`enabledEvents[${n}]`, `"${ev}" is not a Stripe event the SDK knows (expected e.g. ${near.length ? near.join(", ") : "invoice.payment_failed, customer.subscription.deleted, charge.dispute.created"})`);
    }
  });
}

function validate(news: Props): Failure[] {
  const failures: Failure[] = [];
  const add = (property: string, reason: string) => failures.push({ property, reason });
  const url = news.url;
  if (url !== UNKNOWN && (typeof url !== "string" || !/^https:\/\/\S+$/.test(url))) add("url", `${JSON.stringify(url)} is not valid (expected an https:// URL)`);
  if (typeof news.marker !== "string" || news.marker === "") add("marker", "missing (expected a stable key for this endpoint)");
  validateEvents(news.enabledEvents, add);
  if (news.apiVersion !== undefined && news.apiVersion !== UNKNOWN && (typeof news.apiVersion !== "string" || !/^\d{4}-\d{2}-\d{2}(\.\w+)?$/.test(news.apiVersion))) {
    add("apiVersion", `${JSON.stringify(news.apiVersion)} is not valid (expected a Stripe API version such as 2026-10-28.endive)`);
  }
  if (typeof news.description === "string" && news.description.length > 5000) add("description", "is too long (expected at most 5000 characters)");
  const md = news.metadata;
  if (md !== undefined && (typeof md !== "object" || md === null || Array.isArray(md))) add("metadata", "is not an object (expected string keys and values)");
  else if (md && MARKER_KEY in (md as Props)) add(`metadata.${MARKER_KEY}`, "is reserved (expected it to be set from marker)");
  return failures;
}

export const webhookEndpointKind: Kind<WebhookEndpointInputs, Endpoint, EndpointCreate, Stripe.WebhookEndpointUpdateParams> = {
  id: "stripe:WebhookEndpoint",
  label: "Stripe webhook endpoint",
  vendor: "Stripe",
  configKeys: STRIPE_CONFIG_KEYS,
  connect: webhookEndpointTransport,
  secrets: ["secret"],
  replaceOnChange: ["apiVersion"],
  adoptable: true,
  // What the SDK reads back is the whole endpoint: a description it no longer has is gone.
  reportsAbsence: true,
  validate,
  nameOf: (i) => String(i.marker ?? i.url ?? ""),
  canonical: (i) => ({
    url: i.url,
    enabledEvents: sortedUnique(i.enabledEvents),
    description: i.description ?? "",
    apiVersion: i.apiVersion,
    metadata: userMetadata(i.metadata),
    disabled: i.disabled ?? false,
  }),
  identifies: (ep, i) => ep.metadata?.[MARKER_KEY] === i.marker,
  duplicate: (id) =>
    `one already exists with this marker (id ${id}) (expected no endpoint with this marker; set adopt: true to take it over — its signing secret cannot be read back, roll it in the Dashboard)`,
  createBody(i) {
    const params: Stripe.WebhookEndpointCreateParams = {
      url: i.url,
      enabled_events: sortedUnique(i.enabledEvents) as EnabledEvents,
      metadata: { ...userMetadata(i.metadata), [MARKER_KEY]: i.marker },
    };
    if (i.description) params.description = i.description;
    if (i.apiVersion) params.api_version = i.apiVersion as Stripe.WebhookEndpointCreateParams.ApiVersion;
    return { params, disabled: i.disabled === true };
  },
  updateBody: (i, olds) => ({
    url: i.url,
    enabled_events: sortedUnique(i.enabledEvents) as Stripe.WebhookEndpointUpdateParams.EnabledEvent[],
    description: i.description ?? "",
    // Keys set before and not any more are removed (an empty value deletes a metadata key).
    metadata: {
      ...Object.fromEntries(Object.keys(userMetadata(olds.metadata as Record<string, string>)).map((k) => [k, ""])),
      ...userMetadata(i.metadata),
      [MARKER_KEY]: i.marker,
    },
    disabled: i.disabled ?? false,
  }),
  fromVendor: (ep) => ({
    url: ep.url,
    enabledEvents: ep.enabled_events,
    description: ep.description ?? undefined,
    apiVersion: ep.api_version ?? undefined,
    metadata: userMetadata(ep.metadata),
    disabled: ep.status === "disabled",
  }),
  extraOuts: (ep, previous) => ({
    endpointId: ep.id,
    // Only the create answer carries the signing secret; afterwards it comes from state.
    secret: ep.secret ?? (typeof previous?.secret === "string" ? previous.secret : undefined),
    status: ep.status,
  }),
};
