/**
 * UptimeRobot dynamic resources. Each class registers a `pulumi-nodejs:dynamic/uptimerobot:<Kind>`
 * resource whose provider is serialized into state; the provider reads its credentials in
 * `configure()` (stack config `uptimerobot:apiKey`, ...) or from `UPTIMEROBOT_API_KEY`.
 */
import * as pulumi from "@pulumi/pulumi";
import { KindProvider } from "./core";
import {
  alertContactKind,
  integrationKind,
  maintenanceWindowKind,
  monitorKind,
  statusPageKind,
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

/** The provider objects that get serialized. Exported for the provider-contract tests. */
export const providers = {
  monitor: new KindProvider(monitorKind),
  integration: new KindProvider(integrationKind),
  alertContact: new KindProvider(alertContactKind),
  maintenanceWindow: new KindProvider(maintenanceWindowKind),
  statusPage: new KindProvider(statusPageKind),
};

function withSecrets(opts: pulumi.CustomResourceOptions | undefined, secrets: string[]): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

function secretIfSet(v: pulumi.Input<string | undefined> | undefined): pulumi.Input<string | undefined> | undefined {
  return v === undefined ? undefined : pulumi.secret(v);
}

/** An UptimeRobot monitor (HTTP, KEYWORD, HEARTBEAT, PORT, PING). `heartbeatUrl` is a secret output. */
export class Monitor extends pulumi.dynamic.Resource {
  declare readonly monitorId: pulumi.Output<number>;
  declare readonly heartbeatUrl: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;

  constructor(name: string, args: MonitorArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.monitor, name, { ...args, monitorId: undefined, heartbeatUrl: undefined }, withSecrets(opts, ["heartbeatUrl"]), "uptimerobot", "Monitor");
  }
}

/** A Slack / webhook / PagerDuty integration. `url` and `integrationKey` are secrets. */
export class Integration extends pulumi.dynamic.Resource {
  declare readonly integrationId: pulumi.Output<number>;

  constructor(name: string, args: IntegrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.integration,
      name,
      { ...args, url: secretIfSet(args.url), integrationKey: secretIfSet(args.integrationKey), integrationId: undefined },
      withSecrets(opts, ["url", "integrationKey"]),
      "uptimerobot",
      "Integration",
    );
  }
}

/** A personal e-mail alert contact (SMS/voice cannot be created through v3: reference them by id). */
export class AlertContact extends pulumi.dynamic.Resource {
  declare readonly alertContactId: pulumi.Output<number>;

  constructor(name: string, args: AlertContactArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.alertContact, name, { ...args, alertContactId: undefined }, opts, "uptimerobot", "AlertContact");
  }
}

export class MaintenanceWindow extends pulumi.dynamic.Resource {
  declare readonly maintenanceWindowId: pulumi.Output<number>;

  constructor(name: string, args: MaintenanceWindowArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.maintenanceWindow, name, { ...args, maintenanceWindowId: undefined }, opts, "uptimerobot", "MaintenanceWindow");
  }
}

/** A public status page (PSP). `password` is a secret. */
export class StatusPage extends pulumi.dynamic.Resource {
  declare readonly statusPageId: pulumi.Output<number>;
  declare readonly urlKey: pulumi.Output<string>;
  declare readonly publicUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: StatusPageArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.statusPage,
      name,
      { ...args, password: secretIfSet(args.password), statusPageId: undefined, urlKey: undefined, publicUrl: undefined },
      withSecrets(opts, ["password"]),
      "uptimerobot",
      "StatusPage",
    );
  }
}
