/**
 * Every vendor module, in the order their resources are registered. A new vendor is one folder
 * under src/targets/ and one line here.
 */
import type { ResolvedModel } from "../resolve";
import { betterStack } from "./betterstack";
import { cloudflare } from "./cloudflare";
import { grafana } from "./grafana";
import { relay } from "./relay";
import { sentry } from "./sentry";
import { stripe } from "./stripe";
import type { VendorModule } from "./types";
import { uptimeRobot } from "./uptimerobot";

// The relay after Stripe: it binds the signing secret of the endpoint Stripe's module registers.
export const VENDORS: readonly VendorModule[] = [uptimeRobot, sentry, cloudflare, grafana, stripe, relay, betterStack];

/** The vendors enabled on a stack, in registration order. */
export function enabledVendors(model: ResolvedModel, vendors: readonly VendorModule[] = VENDORS): VendorModule[] {
  return vendors.filter((v) => model.settings.vendors[v.name]?.enabled === true);
}

export type { VendorModule, ServiceContext, StackContext } from "./types";
