/**
 * Every vendor target, in the order their resources are registered. A new vendor plugs in here.
 */
import { cloudflareTarget } from "./cloudflare";
import { grafanaTarget } from "./grafana";
import { sentryTarget } from "./sentry";
import { stripeTarget } from "./stripe";
import type { Target } from "./types";
import { uptimeRobotTarget } from "./uptimerobot";

export const TARGETS: readonly Target[] = [uptimeRobotTarget, sentryTarget, cloudflareTarget, grafanaTarget, stripeTarget];

export type { Target, ServiceContext, StackContext } from "./types";
