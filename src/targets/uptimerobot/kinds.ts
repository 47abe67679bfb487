/**
 * The UptimeRobot kinds, one file each under ./kinds/ (this barrel keeps the module path other code
 * imports); `uptimeRobotKinds` in the order resources depend on each other.
 */
import { alertContactKind } from "./kinds/alert-contact";
import { integrationKind } from "./kinds/integration";
import { maintenanceWindowKind } from "./kinds/maintenance-window";
import { monitorKind } from "./kinds/monitor";
import { statusPageKind } from "./kinds/status-page";

export * from "./kinds/alert-contact";
export * from "./kinds/integration";
export * from "./kinds/maintenance-window";
export * from "./kinds/monitor";
export * from "./kinds/status-page";
export type { UptimeRobotKind } from "./kinds/common";

export const uptimeRobotKinds = [integrationKind, alertContactKind, maintenanceWindowKind, monitorKind, statusPageKind] as const;
