/**
 * UptimeRobot dynamic resources. Each class registers a `pulumi-nodejs:dynamic/uptimerobot:<Kind>`
 * resource whose provider, serialized into state, is a thin stub (../dynamic/stub) that runs the
 * kind from the project's build; the provider reads its credentials in `configure()` (stack config
 * `uptimerobot:apiKey`, ...) or from `UPTIMEROBOT_API_KEY`.
 *
 * `dynamicKinds` is what the runtime entry (../dynamic/entry) looks kinds up in: a kind once
 * registered here stays, under the same id, for as long as any state may hold it.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, kindTable, moduleAndType, replaceOnChangeTable, secretIfSet, stubFor, withSecretOutputs } from "../dynamic/resources";
import {
  alertContactKind,
  integrationKind,
  maintenanceWindowKind,
  monitorKind,
  statusPageKind,
  uptimeRobotKinds,
  type AlertContactAssignment,
  type AlertContactInputs,
  type IntegrationInputs,
  type MaintenanceWindowInputs,
  type MonitorInputs,
  type StatusPageInputs,
} from "./kinds";

export type {
  AlertContactAssignment,
  AlertContactInputs,
  IntegrationInputs,
  IntegrationType,
  MaintenanceWindowInputs,
  MonitorInputs,
  MonitorType,
  NotifyFor,
  StatusPageInputs,
  HttpMethod,
} from "./kinds";

/** The kinds by id, for the runtime entry. */
export const dynamicKinds = kindTable(uptimeRobotKinds);

/** Input fields whose change forces replacement, by resource type token (read by `monitoring diff`). */
export const replaceOnChange: Readonly<Record<string, readonly string[]>> = replaceOnChangeTable(uptimeRobotKinds);

/** Each top-level input may be a Pulumi Input (e.g. another resource's id). */
export type Args<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export type MonitorArgs = Omit<Args<MonitorInputs>, "alertContacts" | "maintenanceWindowIds"> & {
  alertContacts?: pulumi.Input<Array<pulumi.Input<{ [K in keyof AlertContactAssignment]: pulumi.Input<AlertContactAssignment[K]> }>>>;
  maintenanceWindowIds?: pulumi.Input<Array<pulumi.Input<string | number>>>;
};
export type IntegrationArgs = Args<IntegrationInputs>;
export type AlertContactArgs = Args<AlertContactInputs>;
export type MaintenanceWindowArgs = Args<MaintenanceWindowInputs>;
export type StatusPageArgs = Omit<Args<StatusPageInputs>, "monitorIds"> & {
  monitorIds?: pulumi.Input<Array<pulumi.Input<string | number>>>;
};

/** The provider objects that get serialized (thin stubs). Exported for the provider-contract tests. */
export const providers = {
  monitor: stubFor(monitorKind),
  integration: stubFor(integrationKind),
  alertContact: stubFor(alertContactKind),
  maintenanceWindow: stubFor(maintenanceWindowKind),
  statusPage: stubFor(statusPageKind),
};

/** An UptimeRobot monitor (HTTP, KEYWORD, HEARTBEAT, PORT, PING). `heartbeatUrl` is a secret output. */
export class Monitor extends DynamicResource {
  declare readonly monitorId: pulumi.Output<number>;
  declare readonly heartbeatUrl: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;

  constructor(name: string, args: MonitorArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.monitor, name, { ...args, monitorId: undefined, heartbeatUrl: undefined }, withSecretOutputs(opts, monitorKind), ...moduleAndType(monitorKind));
  }
}

/** A Slack / webhook / PagerDuty integration. `url` and `integrationKey` are secrets. */
export class Integration extends DynamicResource {
  declare readonly integrationId: pulumi.Output<number>;

  constructor(name: string, args: IntegrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.integration,
      name,
      { ...args, url: secretIfSet(args.url), integrationKey: secretIfSet(args.integrationKey), integrationId: undefined },
      withSecretOutputs(opts, integrationKind),
      ...moduleAndType(integrationKind),
    );
  }
}

/** A personal e-mail alert contact (SMS/voice cannot be created through v3: reference them by id). */
export class AlertContact extends DynamicResource {
  declare readonly alertContactId: pulumi.Output<number>;

  constructor(name: string, args: AlertContactArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.alertContact, name, { ...args, alertContactId: undefined }, withSecretOutputs(opts, alertContactKind), ...moduleAndType(alertContactKind));
  }
}

export class MaintenanceWindow extends DynamicResource {
  declare readonly maintenanceWindowId: pulumi.Output<number>;

  constructor(name: string, args: MaintenanceWindowArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.maintenanceWindow, name, { ...args, maintenanceWindowId: undefined }, withSecretOutputs(opts, maintenanceWindowKind), ...moduleAndType(maintenanceWindowKind));
  }
}

/** A public status page (PSP). `password` is a secret. */
export class StatusPage extends DynamicResource {
  declare readonly statusPageId: pulumi.Output<number>;
  declare readonly urlKey: pulumi.Output<string>;
  declare readonly publicUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: StatusPageArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.statusPage,
      name,
      { ...args, password: secretIfSet(args.password), statusPageId: undefined, urlKey: undefined, publicUrl: undefined },
      withSecretOutputs(opts, statusPageKind),
      ...moduleAndType(statusPageKind),
    );
  }
}
