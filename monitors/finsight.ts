/**
 * FinSight API: the monitoring the setup guide builds by hand, as code.
 *
 * What differs per environment (base URL, contacts, plan tiers, check interval, whether the
 * status page exists) lives in Pulumi.<stack>.yaml, not here.
 */
import { defineService, type Runbook } from "../src/model";

/** The guide's incident-response plan, step by step; each alert adds its own first steps. */
const INCIDENT_RESPONSE = [
  "Assess (2 min): check UptimeRobot (is the site down?), Sentry (what is the error?) and the logs (when did it start?).",
  "Communicate (5 min): if users are affected, post on the status page; if major, e-mail active users.",
  "Fix: roll back the deploy if recent, restart the server if needed, or fix the bug and deploy; then watch for 30 minutes.",
  "Post-mortem (1 day later): what happened, what we did, how we prevent it; post it publicly.",
];
const runbook = (...firstSteps: string[]): Runbook => ({
  url: "https://github.com/finsight/runbooks/blob/main/incident-response.md",
  steps: [...firstSteps, ...INCIDENT_RESPONSE],
});

export default defineService({
  key: "finsight-api",
  name: "FinSight API",
  description: "Public REST API of FinSight",
  sentryProject: "finsight-api",

  // 1. Uptime monitoring
  checks: {
    health: {
      kind: "http",
      name: "FinSight API - Health",
      path: "/health",
      keyword: { text: "ok", expect: "present" },
      alertAfter: "5m",
      // The API's certificate and domain: a reminder 30, 14 and 7 days before either lapses.
      ssl: { expiryDaysBefore: [30, 14, 7] },
      domainExpiry: true,
      severity: "critical",
      runbook: runbook("Open /health yourself; if it times out, check the host's status page and restart the server."),
    },
    register: {
      kind: "http",
      name: "FinSight API - Register",
      path: "/api/v1/auth/register",
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: { json: { email: "test@test.com" } },
      // 400 is the endpoint validating the incomplete body: it is up.
      expectStatus: [200, 400],
      severity: "critical",
      runbook: runbook("Try a registration by hand; a 5xx here usually means the database is unreachable."),
    },
    "daily-report": {
      kind: "heartbeat",
      name: "FinSight - Daily metrics report",
      period: "1d",
      grace: "1h",
      severity: "warning",
      runbook: runbook("Check the cron host: `crontab -l` and the daily_report.py log; rerun it by hand."),
    },
  },

  // 2. Error monitoring, and 9. the error-rate rule
  errors: {
    "first-seen": {
      kind: "first-seen",
      name: "FinSight API - New issue",
      severity: "warning",
      runbook: runbook("Read the new issue in Sentry; decide whether it is a regression from the latest deploy."),
    },
    "error-spike": {
      kind: "event-frequency",
      name: "FinSight API - Error spike (10+ in 1h)",
      moreThan: 10,
      interval: "1h",
      severity: "warning",
      runbook: runbook("Check the logs around the spike's start for the failing endpoint."),
    },
    "error-rate": {
      kind: "failure-rate",
      name: "FinSight API - Error rate over 50%",
      abovePercent: 50,
      window: "5m",
      severity: "critical",
      runbook: runbook("Roll back the last deploy first, then investigate."),
    },
  },

  // 3. Performance monitoring
  performance: {
    "p95-slow": {
      name: "FinSight API - p95 over 2s",
      percentile: 95,
      aboveMs: 2000,
      window: "10m",
      severity: "warning",
      runbook: runbook("Investigate the next day: Sentry Performance → slowest transactions and their database spans."),
    },
  },

  // 6. Prometheus metrics (defaults follow the common client conventions) and API alerts
  // Requests carry the API client's id as `client_id` (bounded: one value per API key).
  metrics: { selector: 'job="finsight-api"', databaseSelector: 'job="postgres"', clientLabel: "client_id" },
  metricAlerts: {
    "latency-p99": {
      kind: "latency",
      percentile: 99,
      aboveMs: 1000,
      for: "10m",
      severity: "warning",
      runbook: runbook("Open the API overview dashboard; find the endpoint whose p99 moved."),
    },
    "error-rate": {
      kind: "error-rate",
      abovePercent: 5,
      for: "5m",
      severity: "critical",
      runbook: runbook("Roll back the last deploy first, then investigate."),
    },
  },

  // 8. Database monitoring
  database: {
    name: "PostgreSQL",
    poolSize: 20,
    slowQueryMs: 1000,
    alerts: {
      cpu: { kind: "cpu", abovePercent: 80, for: "5m", severity: "warning", runbook: runbook("Find the heaviest queries (pg_stat_statements); consider a bigger instance.") },
      connections: {
        kind: "connections",
        abovePercentOfPool: 80,
        for: "5m",
        severity: "critical",
        runbook: runbook("Look for leaked connections or a traffic spike; the pool is nearly exhausted."),
      },
      disk: { kind: "disk", abovePercent: 80, for: "15m", severity: "warning", runbook: runbook("Free space (old logs, bloat) or grow the volume before it fills.") },
      "slow-queries": {
        kind: "slow-queries",
        moreThan: 10,
        window: "5m",
        severity: "warning",
        runbook: runbook("List slow queries in the PostgreSQL log; add the missing index."),
      },
      down: { kind: "down", for: "1m", severity: "critical", runbook: runbook("Check the database provider's status page and the connection errors in Sentry.") },
    },
  },

  // 6. Dashboards
  dashboards: {
    "api-overview": {
      title: "FinSight API - Overview",
      panels: [
        { kind: "requests-per-endpoint" },
        { kind: "latency-percentiles", percentiles: [50, 95, 99] },
        { kind: "error-rate" },
        { kind: "active-connections" },
      ],
    },
    database: {
      title: "FinSight API - Database",
      panels: [{ kind: "db-cpu" }, { kind: "db-connections" }, { kind: "db-disk" }, { kind: "db-slow-queries" }],
    },
    slo: {
      title: "FinSight API - SLOs",
      panels: [{ kind: "slo-error-budget" }, { kind: "slo-burn-rate" }],
    },
    // 14. Product metrics: most used endpoints, failed requests, API calls per client, daily active clients
    product: {
      title: "FinSight API - Product",
      timeRange: "7d",
      panels: [{ kind: "top-endpoints" }, { kind: "failures-per-endpoint" }, { kind: "calls-per-client", top: 20 }, { kind: "active-clients" }],
    },
  },

  // 14. Key metrics as SLOs. The guide's "Uptime > 99.9%" and "Error rate < 0.1%" are one
  // measure (the share of failed requests) with one objective: one SLO, so one outage pages once.
  slos: {
    availability: {
      kind: "availability",
      objectivePercent: 99.9,
      window: "30d",
      alerts: { budgetExhausted: true },
      runbook: runbook("The availability budget is burning: see the error-rate panels, then Sentry for the top issues."),
    },
    "latency-p95": { kind: "latency", percentile: 95, thresholdMs: 500, window: "30d", runbook: runbook("Latency budget burning: see the latency panels.") },
    "latency-p99": { kind: "latency", percentile: 99, thresholdMs: 1000, window: "30d", runbook: runbook("Latency budget burning: see the latency panels.") },
  },

  // 7. Cloudflare rate limiting (a backup to the app's own Redis limiter)
  rateLimits: {
    "auth-register": {
      description: "Registration attempts per IP",
      path: "/api/v1/auth/register",
      methods: ["POST"],
      requests: 5,
      period: "10s",
      action: "block",
      mitigationTimeout: "10s",
    },
    "api-burst": {
      description: "Any API burst per IP",
      path: "/api/*",
      requests: 100,
      period: "1m",
      action: "managed_challenge",
      mitigationTimeout: "1m",
    },
  },

  // 4. Log aggregation (Better Stack): the app sends its logs with BETTERSTACK_SOURCE_TOKEN, the
  // source's ingest token (`pulumi stack output logSourceTokens --show-secrets`), and they are
  // searched by user_id and level. Kept 30 days; a stack on Better Stack's free plan keeps 3.
  logs: {
    api: { name: "FinSight API", platform: "python", retentionDays: 30 },
  },

  // 5. and 9. Business alerts from Stripe: with no path of their own, the stack's relay receives
  // the events and tells the contacts of each alert's severity. 11. and 15. The daily report and
  // the daily checklist as one digest.
  business: {
    stripe: {
      "failed-payment": {
        name: "Failed payment",
        events: ["invoice.payment_failed", "payment_intent.payment_failed"],
        severity: "warning",
        runbook: { steps: ["E-mail the customer (card expired?)", "Check Stripe → Payments → Failed for a pattern"] },
      },
      churn: {
        name: "Customer cancelled",
        events: ["customer.subscription.deleted"],
        severity: "warning",
        runbook: { steps: ["Send the exit survey", "Review monthly churn against the 5% goal"] },
      },
      dispute: {
        name: "Dispute opened",
        events: ["charge.dispute.created"],
        severity: "critical",
        runbook: { steps: ["Gather evidence in Stripe → Disputes before the deadline", "Contact the customer"] },
      },
    },
    digest: {
      at: "09:00",
      timeZone: "Europe/Berlin",
      goals: { monthlyChurnPercent: 5, conversionPercent: 10 },
      // FinSight's free plan is a $0 price in Stripe.
      freeUsers: "zero-amount-subscriptions",
    },
  },

  // 10. Status page: the stack's own page (monitoring:statusPage in Pulumi.prod.yaml) lists
  // finsight-api/health and finsight-api/register, beside any other service's checks.

  // Deploys happen Sunday night; pause the uptime checks meanwhile.
  maintenance: {
    "weekly-deploy": {
      name: "FinSight weekly deploy",
      repeat: "weekly",
      days: ["sun"],
      at: "02:00",
      duration: "30m",
      timeZone: "Europe/Berlin",
      checks: ["health", "register"],
    },
  },
});
