/**
 * Stripe mapping: a service's business alerts become webhook endpoints. Alerts delivered to the
 * same URL share one endpoint (one signing secret for the app to verify), whose events are the
 * union of theirs. The logical name derives from the URL's path, the stable identity of an
 * endpoint (`<service>-stripe-<path>`); the marker stored in Stripe adds the stack.
 *
 * Alerts without a path or url of their own go to the stack's relay (src/targets/relay): one
 * endpoint per service, `<service>-stripe-relay`, on the relay Worker's URL, whose signing secret the
 * relay verifies events with (published as `stripeSigningSecrets.relay`).
 *
 * Stripe's Dashboard e-mail notifications have no API; the webhook is the supported way.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel, ResolvedStripeAlert } from "../../resolve";
import { relayUrl } from "../relay/settings";
import { logicalName, type ServiceContext } from "../types";
import { WebhookEndpoint } from "./provider";
import type { StripeSettings } from "./settings";

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "root";
}

/** The key of the endpoint on the relay's URL. */
export const RELAY_ENDPOINT = "relay";

type Endpoint = { url: string; key: string; alerts: ResolvedStripeAlert[] };

/**
 * Alerts grouped by the URL Stripe delivers to, in a stable order. Alerts without a URL of their
 * own share one endpoint on `relay` (the relay Worker's URL), when the stack has a relay.
 */
export function endpointsOf(alerts: readonly ResolvedStripeAlert[], relay?: string): Endpoint[] {
  const byUrl = new Map<string, ResolvedStripeAlert[]>();
  for (const a of alerts) if (a.url !== undefined) byUrl.set(a.url, [...(byUrl.get(a.url) ?? []), a]);
  const relayed = alerts.filter((a) => a.url === undefined).sort((a, b) => (a.key < b.key ? -1 : 1));
  const toRelay: Endpoint[] = relay !== undefined && relayed.length > 0 ? [{ url: relay, key: RELAY_ENDPOINT, alerts: relayed }] : [];
  const groups = [...byUrl.entries()].map(([url, list]) => ({ url, list }));
  const pathKey = (url: string) => slug(new URL(url).pathname);
  const clash = new Set(groups.map((g) => pathKey(g.url)).filter((k, i, all) => all.indexOf(k) !== i));
  return groups
    .map(({ url, list }) => {
      const u = new URL(url);
      const key = clash.has(pathKey(url)) ? slug(u.host + u.pathname) : pathKey(url);
      return { url, key, alerts: [...list].sort((a, b) => (a.key < b.key ? -1 : 1)) };
    })
    .concat(toRelay)
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The endpoint's description: the service and the alerts it delivers (stripeProblems checks its length). */
export function endpointDescription(serviceName: string, alerts: readonly ResolvedStripeAlert[]): string {
  return `${serviceName}: ${alerts.map((a) => a.name).join(", ")}`;
}

/** The keys of the endpoint's alerts, kept in its metadata (stripeProblems checks its length). */
export function endpointAlertKeys(alerts: readonly ResolvedStripeAlert[]): string {
  return alerts.map((a) => a.key).join(",");
}

/** Whether the stack has a relay to receive the events of alerts without a URL of their own. */
export const relayOn = (model: ResolvedModel): boolean => model.settings.vendors[RELAY_ENDPOINT]?.enabled === true;

/**
 * A service's webhook endpoints. Publishes each endpoint's signing secret (which the receiving app
 * verifies events with) as the secret stack output `stripeSigningSecrets`, keyed by endpoint.
 */
export function registerService({ model, settings, service, parent, output }: ServiceContext<StripeSettings>): void {
  const apiVersion = settings.apiVersion;
  for (const ep of endpointsOf(service.stripeAlerts, relayOn(model) ? relayUrl(model, service) : undefined)) {
    const endpoint = new WebhookEndpoint(
      logicalName(service.key, "stripe", ep.key),
      {
        url: ep.url,
        enabledEvents: [...new Set(ep.alerts.flatMap((a) => a.events))].sort(),
        description: endpointDescription(service.name, ep.alerts),
        apiVersion,
        marker: `${model.stack}/${service.key}/${ep.key}`,
        metadata: { alerts: endpointAlertKeys(ep.alerts) },
      },
      { parent } satisfies pulumi.CustomResourceOptions,
    );
    output("stripeSigningSecrets", ep.key, pulumi.secret(endpoint.secret));
  }
}
