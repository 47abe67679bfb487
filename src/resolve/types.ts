/**
 * The resolved model: one per stack, every default applied, every reference checked. Targets
 * map it to resources and never look at definitions or stack config themselves.
 */
import type {
  Contact,
  Dashboard,
  DatabaseAlert,
  Duration,
  ErrorAlert,
  HeartbeatCheck,
  HttpCheck,
  LatencyAlert,
  LogSource,
  MaintenanceWindow,
  MetricAlert,
  PrometheusMetrics,
  RateLimit,
  Runbook,
  Severity,
  Slo,
  StripeAlert,
  Digest,
} from "../model";
import type { Settings } from "../settings";
import type { BurnRateSource, ResolvedBurnRatePair } from "./burn-rate";

/** Omit that keeps a union a union (`Omit` alone would merge its members). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface Problem {
  level: "error" | "warning";
  /** `finsight-api.checks.health.interval` or `Pulumi.dev.yaml monitoring:routing.critical[0]` */
  where: string;
  /** What is wrong, ending in "(expected ...)" where that helps. */
  message: string;
}

export interface ResolvedContact {
  key: string;
  contact: Contact;
  /** SMS, voice and PagerDuty wake someone up. */
  paging: boolean;
}

/** What every resolved alert carries: stable key, display name, route and runbook. */
export interface Routed {
  key: string;
  /** Display name in vendor UIs, e.g. "FinSight API - Health". */
  name: string;
  severity: Severity;
  /** Contact keys that hear of it (the definition's `notify`, else the stack's routing). */
  contacts: string[];
  runbook?: Runbook;
}

export type ResolvedHttpCheck = Omit<HttpCheck, "name" | "notify" | "interval"> &
  Routed & {
    /** The full URL on this stack. */
    url: string;
    interval: Duration;
  };
export type ResolvedHeartbeatCheck = Omit<HeartbeatCheck, "name" | "notify"> & Routed;
export type ResolvedCheck = ResolvedHttpCheck | ResolvedHeartbeatCheck;

export type ResolvedErrorAlert = DistributiveOmit<ErrorAlert, "name" | "notify"> & Routed & { environment: string };
export type ResolvedLatencyAlert = Omit<LatencyAlert, "name" | "notify"> & Routed & { environment: string };
export type ResolvedMetricAlert = DistributiveOmit<MetricAlert, "name" | "notify"> & Routed;
export type ResolvedDatabaseAlert = DistributiveOmit<DatabaseAlert, "name" | "notify"> & Routed;

export interface ResolvedDatabase {
  name: string;
  poolSize: number;
  slowQueryMs: number;
  alerts: ResolvedDatabaseAlert[];
}

/** The page or the ticket of an SLO: any of its pairs burning fires it. */
export interface SloBurnAlert {
  pairs: ResolvedBurnRatePair[];
  /** Contact keys it reaches (the stack's routing for its severity). */
  contacts: string[];
}

export type ResolvedSlo = Slo & {
  key: string;
  name: string;
  /** Target share of good events, 0..1 (e.g. 0.999). */
  objective: number;
  /** 1 - objective. */
  errorBudget: number;
  /** What is counted as bad: two SLOs of one service never share a measure and an objective. */
  measure: string;
  /** Where the burn-rate pairs come from: a built-in table for the window, or the definition. */
  burnRateSource: BurnRateSource;
  /** Critical; undefined when switched off (`alerts.page: false`). */
  page?: SloBurnAlert;
  /** Warning; undefined when switched off (`alerts.ticket: false`). */
  ticket?: SloBurnAlert;
  /** Warning once the window's whole budget is spent; only with `alerts.budgetExhausted: true`. */
  budgetExhausted?: { contacts: string[] };
};

export type ResolvedRateLimit = RateLimit & {
  key: string;
  periodSeconds: number;
  mitigationTimeoutSeconds: number;
};

export type ResolvedStripeAlert = Omit<StripeAlert, "name" | "notify" | "path" | "url"> &
  Routed & {
    /** Where Stripe delivers the events on this stack; undefined when the stack's relay receives them. */
    url?: string;
  };

/** The daily digest: when (local time and zone, the stack's override applied), to whom, and against which goals. */
export type ResolvedDigest = Omit<Digest, "notify"> & {
  name: string;
  /** Contact keys that receive it (the definition's `notify`, else the stack's warning routing). */
  contacts: string[];
};

export interface ResolvedStatusPage {
  title: string;
  checks: string[];
  customDomain?: string;
}

/** The stack's own status page: checks of several services. */
export interface ResolvedStackStatusPage {
  title: string;
  checks: Array<{ service: string; check: string }>;
  customDomain?: string;
}

export type ResolvedMaintenanceWindow = DistributiveOmit<MaintenanceWindow, "checks" | "name"> & {
  key: string;
  name: string;
  /** Keys of the checks paused in the window. */
  checks: string[];
};

/** A log source: the definition with its key and display name (the stack's environment is added by the vendor). */
export type ResolvedLogSource = LogSource & {
  key: string;
  name: string;
};

export interface ResolvedService {
  key: string;
  name: string;
  description?: string;
  /** Base URL on this stack, when one is set. */
  baseUrl?: string;
  /** The Sentry project slug the error and performance alerts watch, when the definition names one. */
  sentryProject?: string;
  checks: ResolvedCheck[];
  errors: ResolvedErrorAlert[];
  performance: ResolvedLatencyAlert[];
  metrics: PrometheusMetrics;
  metricAlerts: ResolvedMetricAlert[];
  database?: ResolvedDatabase;
  dashboards: (Dashboard & { key: string })[];
  slos: ResolvedSlo[];
  rateLimits: ResolvedRateLimit[];
  stripeAlerts: ResolvedStripeAlert[];
  /** The daily business digest, when the definition has one. */
  digest?: ResolvedDigest;
  statusPage?: ResolvedStatusPage;
  maintenance: ResolvedMaintenanceWindow[];
  logs: ResolvedLogSource[];
}

export interface ResolvedModel {
  stack: string;
  environment: string;
  settings: Settings;
  contacts: Record<string, ResolvedContact>;
  services: ResolvedService[];
  /** The stack's own status page (`monitoring:statusPage.checks`), when it publishes one. */
  statusPage?: ResolvedStackStatusPage;
  /** Problems at level "warning": reported, but they do not stop provisioning. */
  warnings: Problem[];
}

