/** Runs the real provisioning of a stack under Pulumi's mocks and records what is registered. */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import { load } from "../../src/pipeline";
import { provision } from "../../src/provision";
import type { RawConfig } from "../../src/settings";

export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

export const TYPES = {
  folder: "grafana:oss/folder:Folder",
  dashboard: "grafana:oss/dashboard:Dashboard",
  dataSource: "grafana:oss/dataSource:DataSource",
  contactPoint: "grafana:alerting/contactPoint:ContactPoint",
  notificationPolicy: "grafana:alerting/notificationPolicy:NotificationPolicy",
  ruleGroup: "grafana:alerting/ruleGroup:RuleGroup",
  slo: "grafana:slo/sLO:SLO",
} as const;

/** Provisions `services` on `stack` with `config` and returns every registered resource. */
export async function provisionUnderMocks(stack: string, services: unknown[], config: RawConfig): Promise<Registered[]> {
  const registered: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "finsight-monitoring",
    stack,
  );
  provision(load({ stack, services, config }));
  // Wait until every registration has reached the mock monitor (internal to @pulumi/pulumi).
  await (runtimeSettings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return registered;
}

export function finder(registered: Registered[]) {
  return (type: string, name: string): Record<string, any> => {
    const r = registered.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`${type} ${name} was not registered; registered: ${registered.filter((x) => x.type === type).map((x) => x.name).join(", ") || "none of that type"}`);
    return r.inputs;
  };
}
