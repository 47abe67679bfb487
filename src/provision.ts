/**
 * Registers the resources of a resolved model: one component per service, every vendor's
 * resources parented under it, and stack-wide resources (such as a zone's ruleset) under one
 * shared component. What the vendors publish becomes the stack's outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedModel } from "./resolve";
import { enabledVendors } from "./targets";

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

/** Stack outputs published by the vendors: `{ [name]: { [service or key]: ... } }`, keys in a stable order. */
class Outputs {
  private readonly values = new Map<string, Map<string, unknown>>();

  put(name: string, path: readonly string[], value: pulumi.Input<unknown>): void {
    const [first, ...rest] = path;
    const byName = this.values.get(name) ?? new Map<string, unknown>();
    this.values.set(name, byName);
    if (rest.length === 0) byName.set(first, value);
    else byName.set(first, { ...((byName.get(first) as Record<string, unknown> | undefined) ?? {}), [rest[0]]: value });
  }

  /** What was put under `name` for one service (or key) so far. */
  under(name: string, first: string): Readonly<Record<string, pulumi.Input<unknown>>> {
    return { ...((this.values.get(name)?.get(first) as Record<string, pulumi.Input<unknown>> | undefined) ?? {}) };
  }

  toRecord(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of [...this.values.keys()].sort()) out[name] = Object.fromEntries(this.values.get(name)!);
    return out;
  }
}

export function provision(model: ResolvedModel): Record<string, unknown> {
  const vendors = enabledVendors(model);
  const outputs = new Outputs();
  let shared: Component | undefined;
  const parent = () => (shared ??= new Component(SHARED_TYPE, "shared", {}, {}));
  // Stack-wide resources first: services depend on them (contact ids, data sources).
  const handed = new Map<string, unknown>();
  for (const vendor of vendors) {
    if (!vendor.registerStack) continue;
    const settings = model.settings.vendors[vendor.name];
    handed.set(vendor.name, vendor.registerStack({ model, settings, parent, output: (name, key, value) => outputs.put(name, [key], value) }));
  }
  shared?.done();
  for (const service of model.services) {
    const component = new ServiceMonitoring(service.key, service.name);
    const output = (name: string, key: string, value: pulumi.Input<unknown>) => outputs.put(name, [service.key, key], value);
    for (const vendor of vendors) {
      const published = (name: string) => outputs.under(name, service.key);
      vendor.registerService?.({ model, settings: model.settings.vendors[vendor.name], service, parent: component, output, published }, handed.get(vendor.name));
    }
    component.done();
  }
  return {
    environment: model.environment,
    services: model.services.map((s) => s.key),
    vendors: vendors.map((v) => v.name),
    ...outputs.toRecord(),
  };
}
