/**
 * Registers the resources of a resolved model: one component per service, every vendor's
 * resources parented under it, and stack-wide resources (such as a zone's ruleset) under one
 * shared component.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "./resolve";
import { TARGETS, type Target } from "./targets";

export const SERVICE_TYPE = "monitoring:index:Service";
export const SHARED_TYPE = "monitoring:index:Shared";

/** A component whose children are all registered synchronously; `done()` closes it. */
class Component extends pulumi.ComponentResource {
  done(): void {
    this.registerOutputs({});
  }
}

/** One per service: every resource of the service is its child. */
export class ServiceMonitoring extends Component {
  constructor(key: string, description: string, opts?: pulumi.ComponentResourceOptions) {
    super(SERVICE_TYPE, key, { description }, opts);
  }
}

export function provision(model: ResolvedModel): Record<string, unknown> {
  const enabled = TARGETS.filter((t) => model.settings.vendors[t.vendor].enabled);
  let shared: Component | undefined;
  const parent = () => (shared ??= new Component(SHARED_TYPE, "shared", {}, {}));
  // Stack-wide resources first: services depend on them (contact ids, data sources).
  const handed = new Map<Target<unknown>, unknown>();
  for (const target of enabled) if (target.registerStack) handed.set(target, target.registerStack({ model, parent }));
  shared?.done();
  for (const service of model.services) {
    const component = new ServiceMonitoring(service.key, service.name);
    for (const target of enabled) target.registerService?.({ model, service, parent: component }, handed.get(target));
    component.done();
  }
  return {
    environment: model.environment,
    services: model.services.map((s) => s.key),
    vendors: enabled.map((t) => t.vendor),
  };
}
