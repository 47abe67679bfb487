/**
 * UptimeRobot: uptime checks and heartbeats, their contacts, maintenance windows and the public
 * status page, through this project's dynamic providers (./provider) on UptimeRobot's API v3.
 */
import { defineVendor } from "../types";
import { uptimeRobotDrill } from "./drill";
import { importUptimeRobot } from "./import";
import { registerService, registerStack, type UptimeRobotShared } from "./mapping";
import { uptimeRobotPricing } from "./pricing";
import { uptimeRobotProbes } from "./probes";
import { uptimeRobotProblems } from "./problems";
import { replaceOnChange } from "./provider";
import { UptimeRobotSettings, VENDOR } from "./settings";

export { maintenanceWindowArgs, monitorArgs, vendorName } from "./mapping";
export { uptimeRobotMappingProblems } from "./problems";

export const uptimeRobot = defineVendor<typeof UptimeRobotSettings, UptimeRobotShared>({
  name: VENDOR,
  title: "UptimeRobot",
  settings: UptimeRobotSettings,
  concerns: ["checks", "statusPage", "maintenance"],
  problems: uptimeRobotProblems,
  registerStack,
  registerService,
  pricing: uptimeRobotPricing,
  replaceOnChange,
  importer: { run: importUptimeRobot },
  probes: uptimeRobotProbes,
  drill: uptimeRobotDrill,
});
