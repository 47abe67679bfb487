/**
 * Every vendor target, in the order their resources are registered. A new vendor plugs in here.
 */
import { cloudflareTarget } from "./cloudflare";
import { grafanaTarget } from "./grafana";
import { sentryTarget } from "./sentry";
import type { Target } from "./types";
import { uptimeRobotLimits } from "./uptimerobot/limits";

const uptimeRobotTarget: Target = { vendor: "uptimerobot", limits: uptimeRobotLimits };

export const TARGETS: readonly Target[] = [uptimeRobotTarget, sentryTarget, cloudflareTarget, grafanaTarget];

export type { Target, ServiceContext, StackContext } from "./types";
