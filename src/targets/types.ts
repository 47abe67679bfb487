/**
 * The seam every vendor target plugs into. A target is handed resolved values only: it never
 * reads stack config or files itself.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Problem, ResolvedModel, ResolvedService } from "../resolve";
import type { Vendor } from "../settings";

export interface ServiceContext {
  model: ResolvedModel;
  service: ResolvedService;
  /** The service's component; every resource of the service is its child. */
  parent: pulumi.ComponentResource;
}

export interface StackContext {
  model: ResolvedModel;
  /**
   * Parent for resources shared by all services (e.g. one Cloudflare ruleset per zone). Made on
   * first call, so a target that registers nothing shared leaves no empty component behind.
   */
  parent(): pulumi.ComponentResource;
}

/**
 * A vendor target. `Shared` is what its stack-wide resources give its services (contact ids, a
 * data source to depend on): `registerStack` runs first, for every target, and what it returns
 * is handed to each `registerService`.
 */
export interface Target<Shared = void> {
  vendor: Vendor;
  /** The vendor's plan limits and capabilities, checked over the whole model before anything is registered. */
  limits(model: ResolvedModel): Problem[];
  /** Resources shared by all services of the stack, registered before any service's. */
  registerStack?(ctx: StackContext): Shared;
  /** Resources of one service. */
  registerService?(ctx: ServiceContext, shared: Shared): void;
}

/** Logical resource names: the service key and the definition's stable key, never a list index. */
export function logicalName(...parts: string[]): string {
  return parts.join("-");
}
