/**
 * The relay: a Cloudflare Worker that receives the Stripe events of business alerts without a
 * path or url of their own, verifies and de-duplicates them, and tells each alert's contacts
 * through the stack's routing (Slack, PagerDuty, e-mail through Resend, webhooks); on a Cron
 * Trigger it sends the daily business digest. Docs: docs/relay.md.
 */
import { defineVendor } from "../types";
import { registerService, registerStack, type RelayShared } from "./mapping";
import { relayPricing } from "./pricing";
import { relayProblems } from "./problems";
import { RelaySettings, VENDOR } from "./settings";

export { relayConfig } from "./worker-config";
export { digestCrons } from "./mapping";
export { workerBundle } from "./bundle";

export const relay = defineVendor<typeof RelaySettings, RelayShared>({
  name: VENDOR,
  title: "Relay (Cloudflare Workers)",
  settings: RelaySettings,
  enabledByDefault: false,
  concerns: ["digest"],
  problems: relayProblems,
  registerStack,
  registerService,
  pricing: relayPricing,
  // pulumi-cloudflare: a Worker's account and name identify it; a KV namespace's account too.
  replaceOnChange: {
    "cloudflare:index/workersScript:WorkersScript": ["accountId", "scriptName"],
    "cloudflare:index/workersKvNamespace:WorkersKvNamespace": ["accountId"],
  },
});
