/**
 * Every vendor target, in the order their resources are registered. A new vendor plugs in here.
 */
import { cloudflareTarget } from "./cloudflare";
import { sentryTarget } from "./sentry";
import type { Target } from "./types";

export const TARGETS: readonly Target[] = [sentryTarget, cloudflareTarget];

export type { Target, ServiceContext, StackContext } from "./types";
