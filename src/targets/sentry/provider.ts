/**
 * Sentry dynamic resources, on the shared dynamic-provider core (../dynamic): issue alert rules,
 * metric alert rules and the environments they filter on. Each class registers a
 * `pulumi-nodejs:dynamic/sentry:<Kind>` resource whose provider, serialized into state, is a thin
 * stub (../dynamic/stub) that runs the kind from the project's build; credentials come from
 * `configure()` (stack config `sentry:token`, `sentry:apiUrl`, ...) or `SENTRY_AUTH_TOKEN`.
 *
 * Replaces `@pulumiverse/sentry` (a bridge of Terraform provider v0.11.2 over go-sentry v2.2.0,
 * which could not read back a metric alert paging PagerDuty: see ./kinds/metric-alert.ts).
 *
 * `dynamicKinds` is what the runtime entry (../dynamic/entry) looks kinds up in: a kind once
 * registered here stays, under the same id, for as long as any state may hold it.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, kindTable, moduleAndType, replaceOnChangeTable, stubFor, withSecretOutputs } from "../dynamic/resources";
import { environmentKind, issueAlertKind, metricAlertKind, sentryKinds, type EnvironmentInputs, type IssueAlertInputs, type MetricAlertInputs } from "./kinds";

export type { EnvironmentInputs, IssueAlertInputs, MetricAlertAction, MetricAlertInputs, MetricAlertTrigger, RuleNode } from "./kinds";

/** The kinds by id, for the runtime entry. */
export const dynamicKinds = kindTable(sentryKinds);

/** Input fields whose change forces replacement, by resource type token (read by `monitoring diff`). */
export const replaceOnChange: Readonly<Record<string, readonly string[]>> = replaceOnChangeTable(sentryKinds);

/** The provider objects that get serialized (thin stubs). Exported for the provider-contract tests. */
export const providers = {
  environment: stubFor(environmentKind),
  issueAlert: stubFor(issueAlertKind),
  metricAlert: stubFor(metricAlertKind),
};

type Args<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** An environment alerts filter on: looked up (Sentry creates environments from events), never created or deleted. */
export class Environment extends DynamicResource {
  declare readonly hidden: pulumi.Output<boolean>;

  constructor(name: string, args: Args<EnvironmentInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.environment, name, { ...args, hidden: undefined }, withSecretOutputs(opts, environmentKind), ...moduleAndType(environmentKind));
  }
}

/** An issue alert rule of a project. */
export class IssueAlert extends DynamicResource {
  declare readonly ruleId: pulumi.Output<string>;

  constructor(name: string, args: Args<IssueAlertInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.issueAlert, name, { ...args, ruleId: undefined }, withSecretOutputs(opts, issueAlertKind), ...moduleAndType(issueAlertKind));
  }
}

/** A metric alert rule watching one project. */
export class MetricAlert extends DynamicResource {
  declare readonly alertRuleId: pulumi.Output<string>;

  constructor(name: string, args: Args<MetricAlertInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.metricAlert, name, { ...args, alertRuleId: undefined }, withSecretOutputs(opts, metricAlertKind), ...moduleAndType(metricAlertKind));
  }
}
