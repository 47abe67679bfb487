/**
 * Every vendor target, in the order their resources are registered. A new vendor plugs in here.
 */
import { cloudflareTarget } from "./cloudflare";
import { grafanaTarget } from "./grafana";
import { sentryTarget } from "./sentry";
import { stripeTarget } from "./stripe";
import type { Target } from "./types";
import { uptimeRobotTarget } from "./uptimerobot";

/** Each target keeps what its stack-wide resources hand its services to itself. */
export const TARGETS: readonly Target<unknown>[] = [uptimeRobotTarget, sentryTarget, cloudflareTarget, grafanaTarget, stripeTarget];

export type { Target, ServiceContext, StackContext } from "./types";
