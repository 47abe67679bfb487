/** The Sentry kinds, one file each under ./kinds/; `sentryKinds` in the order resources depend on each other. */
import { environmentKind } from "./kinds/environment";
import { issueAlertKind } from "./kinds/issue-alert";
import { metricAlertKind } from "./kinds/metric-alert";

export * from "./kinds/environment";
export * from "./kinds/issue-alert";
export * from "./kinds/metric-alert";

export const sentryKinds = [environmentKind, issueAlertKind, metricAlertKind] as const;
