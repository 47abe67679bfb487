/**
 * What Stripe accepts for webhook endpoints, checked over the resolved model before anything is
 * registered. Pure checks: the event names come from the installed Stripe SDK.
 */
import { shown } from "../../model";
import type { Problem, ResolvedModel } from "../../resolve";
import { endpointAlertKeys, endpointDescription, endpointsOf, relayOn } from "./mapping";
import { knownStripeEvents } from "./provider";

/**
 * Stripe's limits: a description of at most 5000 characters (the limit Stripe's API puts on
 * description strings, also checked by ./provider's `check`), and metadata values of at most 500
 * characters ("You can specify up to 50 keys, with key names up to 40 characters long and values
 * up to 500 characters long", docs.stripe.com/api/metadata).
 */
export const STRIPE_LIMITS = { description: 5000, metadataValue: 500 } as const;

/** Event names the installed Stripe SDK does not know, non-https URLs, and endpoints over Stripe's limits. */
export function stripeProblems(model: ResolvedModel): Problem[] {
  const known = knownStripeEvents();
  const problems: Problem[] = [];
  const error = (where: string, message: string) => problems.push({ level: "error", where, message });
  for (const service of model.services) {
    for (const alert of service.stripeAlerts) {
      alert.events.forEach((ev, i) => {
        if (known && ev !== "*" && !known.includes(ev)) {
          error(`${service.key}.business.stripe.${alert.key}.events[${i}]`, `${shown(ev)} is not a Stripe event type (expected one the Stripe SDK knows, e.g. invoice.payment_failed)`);
        }
      });
      if (alert.url === undefined) {
        if (!relayOn(model)) {
          error(`${service.key}.business.stripe.${alert.key}`, "no path or url, and the stack has no relay to receive the events (expected path or url, or monitoring:vendors.relay.enabled: true)");
        }
      } else if (!alert.url.startsWith("https://")) {
        error(`${service.key}.business.stripe.${alert.key}`, `Stripe delivers webhooks to https:// URLs only, not ${shown(alert.url)} (expected an https base URL or url)`);
      }
    }
    // Only alerts with a full URL form endpoints of their own (without a base URL, resolve has reported it).
    for (const ep of endpointsOf(service.stripeAlerts.filter((a) => a.url !== undefined && URL.canParse(a.url)))) {
      const where = `${service.key}.business.stripe.${ep.alerts[0].key}`;
      const description = endpointDescription(service.name, ep.alerts);
      if (description.length > STRIPE_LIMITS.description) {
        error(where, `the webhook endpoint's description (the service's and its alerts' names) is ${description.length} characters long (expected at most ${STRIPE_LIMITS.description}, Stripe's limit: shorten the names)`);
      }
      const keys = endpointAlertKeys(ep.alerts);
      if (keys.length > STRIPE_LIMITS.metadataValue) {
        error(where, `the keys of the ${ep.alerts.length} alerts delivered to one URL make ${keys.length} characters of metadata (expected at most ${STRIPE_LIMITS.metadataValue}, Stripe's limit on a metadata value: fewer or shorter keys per URL)`);
      }
    }
  }
  return problems;
}
