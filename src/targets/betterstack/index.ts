/**
 * Better Stack: log aggregation. Each service's log sources become Telemetry sources through this
 * project's dynamic provider (./provider); their ingest tokens are the secret stack output
 * `logSourceTokens`, for the app's BETTERSTACK_SOURCE_TOKEN.
 */
import { defineVendor } from "../types";
import { registerService } from "./mapping";
import { betterStackPricing } from "./pricing";
import { betterStackProblems } from "./problems";
import { replaceOnChange } from "./provider";
import { BetterStackSettings, VENDOR } from "./settings";

export { sourceArgs, TOKEN_OUTPUT, vendorName } from "./mapping";

export const betterStack = defineVendor<typeof BetterStackSettings>({
  name: VENDOR,
  title: "Better Stack",
  settings: BetterStackSettings,
  concerns: ["logs"],
  problems: betterStackProblems,
  registerService,
  pricing: betterStackPricing,
  replaceOnChange,
});
