/** Sentry: error and performance alerts (issue alerts and metric alerts), routed to what Sentry can deliver. */
import { defineVendor } from "../types";
import { importSentry } from "./import";
import { registerService } from "./mapping";
import { replaceOnChange } from "./provider";
import { sentryPricing } from "./pricing";
import { sentryProblems } from "./problems";
import { SentrySettings, VENDOR } from "./settings";

export { issueActions, metricActions } from "./mapping";

export const sentry = defineVendor<typeof SentrySettings>({
  name: VENDOR,
  title: "Sentry",
  settings: SentrySettings,
  concerns: ["errors", "performance"],
  problems: sentryProblems,
  registerService,
  pricing: sentryPricing,
  // From the kinds' own declarations: an alert's organization and project are part of its id at Sentry.
  replaceOnChange,
  importer: { run: importSentry },
});
