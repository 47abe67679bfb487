/**
 * Billing worker: FinSight's background job that issues invoices and retries failed charges.
 *
 * A second service beside the API, to show what a service without a public endpoint declares: a
 * heartbeat its job sends (`pulumi stack output heartbeatUrls`), its own Sentry project, and
 * alerts on its own metrics (a histogram, a counter and a gauge) in its own Grafana rule group.
 * Who hears of it differs per stack: prod pages through PagerDuty only, without waking the API's
 * SMS on-call (`monitoring:services.billing-worker.routing` in Pulumi.prod.yaml).
 */
import { defineService, type Runbook } from "../src/model";

const runbook = (...steps: string[]): Runbook => ({
  url: "https://github.com/finsight/runbooks/blob/main/billing-worker.md",
  steps: [...steps, "If invoices are late, tell support before customers ask."],
});

export default defineService({
  key: "billing-worker",
  name: "Billing worker",
  description: "Issues invoices and retries failed charges from the billing queue",
  sentryProject: "billing-worker",

  checks: {
    // The worker calls this URL after every hourly invoice run.
    "invoice-run": {
      kind: "heartbeat",
      name: "Billing worker - Hourly invoice run",
      period: "1h",
      grace: "10m",
      severity: "critical",
      runbook: runbook("Check the worker's last log lines in Better Stack; restart it if it is stuck."),
    },
  },

  errors: {
    "first-seen": {
      kind: "first-seen",
      name: "Billing worker - New issue",
      severity: "warning",
      runbook: runbook("Read the new issue in Sentry; a new payment-provider error usually means an API change."),
    },
  },

  metrics: { selector: 'job="billing-worker"' },
  metricAlerts: {
    // "Queue wait p95 above 30 s", worded in seconds, in the worker's own rule group.
    "queue-wait": {
      kind: "histogram",
      name: "Billing worker - Queue wait p95 over 30s",
      metric: "billing_queue_wait_seconds",
      percentile: 95,
      above: 30,
      unit: "s",
      group: "Billing worker",
      for: "10m",
      severity: "critical",
      runbook: runbook("Scale the worker out; look for one slow job blocking the queue."),
    },
    "failed-invoices": {
      kind: "rate",
      name: "Billing worker - Failed invoices",
      metric: "billing_invoices_failed_total",
      above: 5,
      per: "minute",
      window: "10m",
      group: "Billing worker",
      severity: "warning",
      runbook: runbook("Open the failed invoices in Stripe; a card network outage shows as many at once."),
    },
    "queue-depth": {
      kind: "gauge",
      name: "Billing worker - Queue depth",
      metric: "billing_queue_depth",
      selector: 'queue="invoices"',
      above: 1000,
      unit: "jobs",
      group: "Billing worker",
      for: "15m",
      severity: "warning",
      runbook: runbook("The worker is falling behind: scale it out before the month-end run."),
    },
  },
});
