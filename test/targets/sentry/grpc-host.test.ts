/**
 * The Sentry metric alert provider driven through @pulumi/pulumi's own dynamic-provider host over
 * gRPC, as the engine does: Configure with the token as a secret, then Check / Create / Read / Diff /
 * Delete with the serialized stub in `__provider`. The seed's critical route (a failure-rate alert
 * paging PagerDuty) is created once, read back without drift, and the token appears nowhere.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled } from "../../fakes/engine";
import { ProviderHost } from "../../fakes/provider-host";
import { FakeSentry, sentryConfig } from "../../fakes/sentry";

const { providers } = compiled<{ providers: Record<"metricAlert", object> }>("src/targets/sentry/provider");
const fake = new FakeSentry();
const URN = "urn:pulumi:prod::finsight-monitoring::monitoring:index:Service$pulumi-nodejs:dynamic/sentry:MetricAlert::finsight-api-errors-error-rate";
let host: ProviderHost;
let stub: string;

beforeAll(async () => {
  await fake.start();
  stub = (await pulumi.runtime.serializeFunction(() => providers.metricAlert, { allowSecrets: true })).text;
  const env = { ...process.env };
  delete env.SENTRY_AUTH_TOKEN;
  host = await ProviderHost.start({ env });
  await host.configure(sentryConfig(fake), ["sentry:token"]);
});
afterAll(async () => {
  host?.stop();
  await fake.stop();
});

const INPUTS = {
  organization: "finsight",
  project: "finsight-api",
  name: "FinSight API - Error rate over 50%",
  environment: "production",
  dataset: "transactions",
  eventTypes: ["transaction"],
  query: "",
  aggregate: "failure_rate()",
  timeWindow: 5,
  thresholdType: 0,
  triggers: [{ label: "critical", alertThreshold: 0.5, actions: [{ type: "pagerduty", targetType: "specific", targetIdentifier: "3004", integrationId: 3003 }] }],
  description: "Severity: critical.",
  severity: "critical",
};

describe("Sentry metric alert through Pulumi's dynamic-provider host", () => {
  it("creates the paging alert once, reads it back without drift, and deletes it", async () => {
    const news = { ...INPUTS, __provider: stub };
    const checked = await host.check(URN, {}, news);
    expect(checked.failures).toEqual([]);
    const created = await host.create(URN, checked.inputs);
    expect(created.id).toMatch(/^finsight\/finsight-api\/\d+$/);
    expect(fake.metricRules()).toHaveLength(1);
    const read = await host.read(URN, created.id, created.properties);
    expect(read.id).toBe(created.id);
    expect(await host.diff(URN, created.id, read.properties, checked.inputs)).toEqual({ changes: "none", replaces: [] });
    await host.delete(URN, created.id, read.properties);
    expect(fake.metricRules()).toHaveLength(0);
    expect(host.stderr).not.toContain(fake.token);
    expect(JSON.stringify(read.properties)).not.toContain(fake.token);
  });
});
