/**
 * Log aggregation: the log sources a service ships its logs to (Better Stack Telemetry), one per
 * stable key. What differs per environment (retention on a free plan, the team) is stack settings.
 */
import { z } from "zod";

/**
 * Source platforms Better Stack's Telemetry API accepts (`platform` of "Create a source",
 * https://betterstack.com/docs/logs/api/create-a-source/), as the official Terraform provider
 * validates them (BetterStackHQ/terraform-provider-logtail, internal/provider/resource_source.go,
 * `platformTypes`). The platform only sets up ingestion and parsing; `http` takes any JSON.
 */
export const LOG_PLATFORMS = [
  "apache2",
  "aws",
  "aws_cloudwatch",
  "aws_ecs",
  "aws_elb",
  "aws_fargate",
  "azure_logs",
  "cloudflare_logpush",
  "cloudflare_worker",
  "datadog_agent",
  "digitalocean",
  "docker",
  "dokku",
  "dotnet",
  "elasticsearch",
  "erlang",
  "filebeat",
  "flights",
  "fluentbit",
  "fluentd",
  "fly_io",
  "go",
  "google_cloud_pubsub",
  "haproxy",
  "heroku",
  "http",
  "java",
  "javascript",
  "kubernetes",
  "logstash",
  "minio",
  "mongodb",
  "mysql",
  "nginx",
  "open_telemetry",
  "php",
  "postgresql",
  "prometheus",
  "prometheus_scrape",
  "python",
  "rabbitmq",
  "redis",
  "render",
  "rsyslog",
  "ruby",
  "syslog-ng",
  "traefik",
  "ubuntu",
  "vector",
  "vercel_integration",
  "winlogbeat",
] as const;
export type LogPlatform = (typeof LOG_PLATFORMS)[number];

/** Longest retention Better Stack takes: 3652 days (the official Terraform provider's `logs_retention` validation, "between 1 day and 10 years"). */
export const MAX_LOG_RETENTION_DAYS = 3652;

/** Printable text: no control characters (they would reach the vendor's UI and API as they are). */
export const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

export const LogSource = z.strictObject({
  /** Name shown in Better Stack (the stack's environment is appended); defaults to the service name and the key. */
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(PRINTABLE, { error: "expected a name without control characters" })
    .refine((n) => n.trim() === n && n !== "", { error: "expected a name without leading or trailing spaces" })
    .optional(),
  /** How the logs arrive (library or agent); fixed when the source is created, so a change replaces it (and its token). */
  platform: z.enum(LOG_PLATFORMS, { error: `expected a Better Stack platform such as python, javascript, http, docker or vector` }).default("http"),
  /** Days Better Stack keeps the logs; left out, the plan's default. `monitoring:vendors.betterstack.retentionDays` overrides it per stack. */
  retentionDays: z
    .number()
    .int({ error: "expected a whole number of days" })
    .min(1, { error: "expected at least 1 day" })
    .max(MAX_LOG_RETENTION_DAYS, { error: `expected at most ${MAX_LOG_RETENTION_DAYS} days (10 years)` })
    .optional(),
  /** Stop ingesting without deleting the source (e.g. over the plan's quota). */
  ingestingPaused: z.boolean().default(false),
  /** Take over an existing source of the same name (with or without the environment suffix) instead of failing. */
  adopt: z.boolean().default(false),
});
export type LogSource = z.infer<typeof LogSource>;
