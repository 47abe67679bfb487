/**
 * `monitoring drill --stack prod` (Pulumi.prod.yaml and monitors/), run as a user runs it, against
 * fakes of every API it calls, started here on 127.0.0.1: Grafana (../fakes/grafana.ts), Sentry
 * (../fakes/sentry.ts), the relay Worker in Cloudflare's own runtime (../targets/relay/harness.ts)
 * and, behind them all, Slack, PagerDuty and Resend (../fakes/channels.ts). Credentials and secrets
 * come from the environment, as they would for `pulumi up` with an encrypted stack file.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { load } from "../../src/pipeline";
import { FakeGrafana } from "../fakes/grafana";
import { FakeSentry } from "../fakes/sentry";
import { finsightCopy, ROOT, stackConfig, type CliResult } from "../helpers";
import { PD_KEY, SIGNING_SECRET, startRelay, type Harness } from "../targets/relay/harness";

const GRAFANA_TOKEN = "glsa_drill_fake_token_0123456789";
const SLACK_PATH = "/services/T000/B000/XXXX";

let relay: Harness;
let grafana: FakeGrafana;
let sentry: FakeSentry;
let env: Record<string, string>;

function drill(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "monitoring.js"), "drill", "--stack", "prod", ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The rows of one contact's table: its lines until the blank line. */
function table(out: string, contact: string): string[] {
  const start = out.split("\n").findIndex((l) => l.startsWith(`${contact} (`));
  if (start < 0) return [];
  const rest = out.split("\n").slice(start + 2);
  return rest.slice(0, rest.findIndex((l) => l.trim() === "") < 0 ? rest.length : rest.findIndex((l) => l.trim() === ""));
}
const row = (out: string, contact: string, path: string) => table(out, contact).find((l) => l.trim().startsWith(path)) ?? "";

/** Nothing secret in what a drill prints. */
function expectNoSecrets(r: CliResult): void {
  const all = r.stdout + r.stderr;
  for (const secret of [SLACK_PATH, "B000/XXXX", PD_KEY, GRAFANA_TOKEN, sentry.token, SIGNING_SECRET, "placeholder", relay.resend.apiKey]) expect(all).not.toContain(secret);
}

const requestsSoFar = () => ({
  grafana: grafana.requests.length,
  sentry: sentry.stats.requests,
  slack: relay.slack.received.length,
  pagerduty: relay.pagerduty.received.length,
  resend: relay.resend.received.length,
});

beforeAll(async () => {
  // The prod stack exactly, and the relay Worker built from it (CONFIG as pulumi up binds it).
  const model = load({ stack: "prod", services: [finsightCopy()], config: stackConfig("prod") });
  relay = await startRelay({ model, listen: true });
  const slackUrl = `${relay.slack.url}${SLACK_PATH}`;
  grafana = await new FakeGrafana(GRAFANA_TOKEN, `${relay.pagerduty.url}/v2/enqueue`).start();
  // The contact points as pulumi up leaves them (./src/targets/grafana/mapping.ts contactPointArgs).
  grafana.addContactPoint("oncall-email", "email", { addresses: "oncall@finsight.example", singleEmail: true });
  grafana.addContactPoint("oncall-pagerduty", "pagerduty", { integrationKey: PD_KEY, severity: "{{ .CommonLabels.severity }}" });
  grafana.addContactPoint("team-slack", "slack", { url: slackUrl, recipient: "#finsight-alerts" });
  sentry = new FakeSentry();
  // Both shipped services have their Sentry project (monitors/finsight.ts, monitors/billing-worker.ts).
  sentry.addOrg("finsight", ["finsight-api", "billing-worker"], { "finsight-api": ["production", "dev"], "billing-worker": ["production", "dev"] });
  await sentry.start();
  env = {
    GRAFANA_URL: grafana.url,
    GRAFANA_AUTH: GRAFANA_TOKEN,
    SENTRY_AUTH_TOKEN: sentry.token,
    SENTRY_API_URL: sentry.url,
    PAGERDUTY_EVENTS_URL: `${relay.pagerduty.url}/v2/enqueue`,
    MONITORING_CONTACT_TEAM_SLACK: slackUrl,
    MONITORING_CONTACT_ONCALL_PAGERDUTY: PD_KEY,
    MONITORING_STRIPE_SIGNING_SECRETS: JSON.stringify({ "finsight-api": { relay: SIGNING_SECRET } }),
    MONITORING_RELAY_URL_FINSIGHT_API: relay.url!,
  };
});

afterAll(async () => {
  await Promise.all([relay?.stop(), grafana?.stop(), sentry?.stop()]);
});

describe("monitoring drill --stack prod", () => {
  it("--dry-run lists every route and what it would send, and sends nothing", async () => {
    const before = requestsSoFar();
    const r = await drill(["--dry-run"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Dry run of stack prod, nothing sent: 11 test notifications would be sent, 6 not drillable/);
    expect(row(r.stdout, "team-slack", "Grafana contact point")).toMatch(/would send\s+Grafana's test notification/);
    expect(row(r.stdout, "team-slack", "relay Worker")).toContain("customer.subscription.deleted (churn)");
    expect(row(r.stdout, "oncall-pagerduty", "relay Worker")).toContain("charge.dispute.created (dispute)");
    expect(row(r.stdout, "oncall-sms", "UptimeRobot alert contact")).toMatch(/not drillable\s+UptimeRobot's API v3 has no test notification/);
    expect(row(r.stdout, "oncall-email", "e-mail (direct)")).toContain("not drillable");
    expect(requestsSoFar()).toEqual(before);
    expectNoSecrets(r);
  });

  it("says what to set when a credential or a secret stack output is missing, sends nothing, and exits 1", async () => {
    const before = requestsSoFar();
    const saved = env;
    env = { ...env, GRAFANA_AUTH: "", MONITORING_STRIPE_SIGNING_SECRETS: "" };
    const r = await drill(["--dry-run"]).finally(() => (env = saved));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Dry run of stack prod, nothing sent: 5 test notifications would be sent, 6 blocked, 6 not drillable/);
    expect(row(r.stdout, "team-slack", "Grafana contact point")).toMatch(/BLOCKED\s+grafana:auth is not set \(expected it in Pulumi\.prod\.yaml or the environment variable GRAFANA_AUTH\)/);
    expect(row(r.stdout, "team-slack", "relay Worker")).toContain(
      `BLOCKED        the relay's signing secret is a secret stack output (expected MONITORING_STRIPE_SIGNING_SECRETS="$(pulumi stack output stripeSigningSecrets --show-secrets --stack prod)")`,
    );
    expect(requestsSoFar()).toEqual(before);
  });

  it("--only picks routes by glob; the relay event chosen reaches the picked contact", async () => {
    const sentBefore = sentry.testNotifications.length;
    const r = await drill(["--only", "team-slack/*"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Drill \w+ of stack prod: 4 delivered, 0 failed, 1 not drillable/);
    expect(table(r.stdout, "oncall-email")).toEqual([]);
    expect(sentry.testNotifications.slice(sentBefore).map((n) => n.actions[0].id)).toEqual(["sentry.integrations.slack.notify_action.SlackNotifyServiceAction"]);
    expect(row(r.stdout, "team-slack", "relay Worker")).toMatch(/delivered\s+the relay verified and delivered customer\.subscription\.deleted \(evt_drill_\w+_1, which also reached oncall-email\)/);
    expectNoSecrets(r);

    const none = await drill(["--only", "nobody/*"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--only nobody/*: no route matches (expected a glob over contact/path ids or contact keys, e.g. "team-slack/*" or "*/direct"; routes: oncall-email/uptimerobot');
  });

  it("reports every route, with the reason a removed Slack webhook fails on each path, and exits 1", async () => {
    relay.slack.breakWith(404, "no_service");
    const pdBefore = relay.pagerduty.received.length;
    const sentBefore = sentry.testNotifications.length;
    const notifiedBefore = grafana.notified.length;
    const r = await drill([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Drill \w+ of stack prod: 8 delivered, 3 failed, 6 not drillable/);
    // The broken Slack webhook, as each path reports it.
    expect(row(r.stdout, "team-slack", "Grafana contact point")).toMatch(/FAILED\s+Grafana could not notify: the incoming webhook is either disabled, removed, or invalid/);
    expect(row(r.stdout, "team-slack", "relay Worker")).toMatch(/FAILED\s+the relay could not deliver \(churn\): HTTP 404/);
    expect(row(r.stdout, "team-slack", "Slack incoming webhook (direct)")).toMatch(/FAILED\s+Slack answered HTTP 404: no_service \(the webhook or its channel is gone/);
    // Sentry posts to Slack through its own integration, not the webhook.
    expect(row(r.stdout, "team-slack", "Sentry alert action")).toMatch(/delivered\s+Sentry fired the action at a sample event in finsight\/billing-worker/);
    for (const path of ["Grafana contact point", "Sentry alert action", "relay Worker", "PagerDuty Events API v2 (direct)"]) expect(row(r.stdout, "oncall-pagerduty", path)).toContain("delivered");
    for (const path of ["Grafana contact point", "Sentry alert action", "relay Worker"]) expect(row(r.stdout, "oncall-email", path)).toContain("delivered");
    for (const contact of ["oncall-email", "oncall-pagerduty", "oncall-sms", "team-slack"]) expect(row(r.stdout, contact, "UptimeRobot alert contact")).toContain("not drillable");
    expect(r.stderr).toMatch(/\[\d+\/11\] team-slack\/direct: FAILED: Slack answered HTTP 404: no_service/);

    // Sentry: the provisioned actions, marked, PagerDuty at severity info.
    const fired = sentry.testNotifications.slice(sentBefore);
    // One test per contact, in the first project (by service file) whose alerts reach it: the
    // billing worker's warnings reach e-mail and Slack; only the API's critical alerts page.
    expect(fired.map((n) => [n.project, n.name, String(n.actions[0].id).split(".").pop()])).toEqual([
      ["billing-worker", "[DRILL] monitoring drill (prod)", "NotifyEmailAction"],
      ["finsight-api", "[DRILL] monitoring drill (prod)", "PagerDutyNotifyServiceAction"],
      ["billing-worker", "[DRILL] monitoring drill (prod)", "SlackNotifyServiceAction"],
    ]);
    expect(fired[0].actions[0]).toMatchObject({ targetType: "Team", targetIdentifier: "1001" });
    expect(fired[1].actions[0]).toMatchObject({ account: "3003", service: "3004", severity: "info" });
    expect(grafana.notified.slice(notifiedBefore).map((n) => n.receiver).sort()).toEqual(["oncall-email", "oncall-pagerduty", "team-slack"]);

    // PagerDuty direct: a trigger, then a resolve with the same dedup key.
    const events = relay.pagerduty.received.slice(pdBefore).map((e) => e.body);
    const direct = events.filter((e) => String(e.dedup_key).startsWith("monitoring-drill/prod/oncall-pagerduty/"));
    expect(direct.map((e) => e.event_action)).toEqual(["trigger", "resolve"]);
    expect(direct[0].dedup_key).toBe(direct[1].dedup_key);
    expect(direct[0].payload).toMatchObject({ severity: "info", summary: expect.stringContaining("[DRILL]") });
    // The relay's page is resolved too, with the relay's own key.
    const relayed = events.filter((e) => String(e.dedup_key).startsWith("stripe/evt_drill_"));
    expect(relayed.map((e) => e.event_action)).toEqual(["trigger", "resolve"]);
    expect(relayed[0].dedup_key).toMatch(/\/dispute$/);
    expect(relay.pagerduty.resolved).toEqual(expect.arrayContaining([direct[0].dedup_key, relayed[0].dedup_key]));
    expect(row(r.stdout, "oncall-pagerduty", "Grafana contact point")).toContain("Grafana's test sends no resolve");
    expectNoSecrets(r);
  });
});
