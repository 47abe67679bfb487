/**
 * The daily digest in workerd: on its Cron Trigger the Worker reads the fake Stripe account of
 * ./billing-fixture (two currencies, yearly and quarterly prices, quantities, trials, discounts,
 * a cancellation at period end, more than one page), UptimeRobot and Sentry, and sends one
 * message whose figures are the hand-computed ones.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { digestCrons } from "../../../src/targets/relay";
import { FakeSentry, FakeUptimeStats } from "../../fakes/digest-sources";
import { FakeStripe } from "../../fakes/stripe";
import { billing, T } from "./billing-fixture";
import { startRelay, type Harness } from "./harness";

const READ_KEY = "rk_test_digest_read_only_key";
let stripe: FakeStripe;
let uptime: FakeUptimeStats;
let sentry: FakeSentry;
let h: Harness;

beforeAll(async () => {
  stripe = new FakeStripe(READ_KEY);
  Object.assign(stripe.billing, billing());
  await stripe.start();
  uptime = await new FakeUptimeStats("ur_read_key", [
    { id: 101, friendlyName: "FinSight API - Health [production]", stats: { uptime: 99.95, total_downtime_seconds: 43, incident_count: 1 } },
    { id: 102, friendlyName: "FinSight API - Register [production]", stats: { uptime: 100, total_downtime_seconds: 0, incident_count: 0 } },
  ]).start();
  sentry = await new FakeSentry("sntrys_token", "finsight", "finsight-api", [
    { shortId: "FINSIGHT-API-7", title: "TypeError: <b>amount</b> & total", permalink: "https://finsight.sentry.io/issues/7/", count: "12", level: "error", firstSeen: new Date((T - 5 * 3600) * 1000).toISOString() },
    { shortId: "FINSIGHT-API-8", title: "Timeout in /api/v1/reports", permalink: "javascript:alert(1)", count: "3", level: "error", firstSeen: new Date((T - 3600) * 1000).toISOString() },
    { shortId: "FINSIGHT-API-1", title: "Old issue", permalink: "https://finsight.sentry.io/issues/1/", count: "999", level: "error", firstSeen: new Date((T - 9 * 86_400) * 1000).toISOString() },
  ]).start();
});
afterAll(async () => {
  await Promise.all([stripe.stop(), uptime.stop(), sentry.stop()]);
});

beforeEach(async () => {
  h = await startRelay({
    api: { stripe: stripe.url, uptimerobot: uptime.url },
    bindings: { STRIPE_READ_KEY: READ_KEY, UPTIMEROBOT_READ_KEY: "ur_read_key", SENTRY_TOKEN: "sntrys_token" },
    mutate: (c) => {
      c.digest!.sentry!.url = sentry.url;
    },
  });
});
afterEach(async () => {
  await h.stop();
});

// miniflare's Fetcher has `scheduled` (it runs the Worker's scheduled handler); its typings lag behind.
type Scheduler = { scheduled(o: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }> };
const run = async (at: number) => ((await h.mf.getWorker()) as unknown as Scheduler).scheduled({ cron: "0 8 * * *", scheduledTime: new Date(at * 1000) });

describe("digest", () => {
  it("sends the hand-computed figures, uptime and new issues to e-mail, Slack and the webhook at 09:00 Berlin", async () => {
    expect((await run(T)).outcome).toBe("ok");
    const slack = h.slack.accepted[0].body;
    const text = slack.blocks.map((b: any) => b.text.text).join("\n");
    expect(slack.blocks[0].text.text).toBe("📊 FinSight API - Daily digest – 2026-11-27");
    for (const line of [
      "• New customers: 2",
      "• Cancellations: 1 (1 more set to cancel at period end)",
      "• MRR: 70.00 EUR + 293.00 USD",
      "• Active subscriptions: 112 (+1 trialing)",
      "• Monthly churn: 1.8% ✅ (goal under 5%)",
      "• Failed payments: 2",
      "• Free → paid conversion (30 days): 33.3% ✅ (goal over 10%); 2 free users",
      "• FinSight API - Health [production]: 99.95%, 1 incident(s), 1 min down",
      "• FinSight API - Register [production]: 100.00%",
      "• FinSight - Daily metrics report [production]: could not be read (no monitor with this name)",
    ]) {
      expect(text).toContain(line);
    }
    // Issue titles are escaped; a non-http permalink is not linked.
    expect(text).toContain("<https://finsight.sentry.io/issues/7/|FINSIGHT-API-7: TypeError: &lt;b&gt;amount&lt;/b&gt; &amp; total (12 events)>");
    expect(text).toContain("• FINSIGHT-API-8: Timeout in /api/v1/reports (3 events)");
    expect(text).not.toContain("javascript:");
    expect(text).not.toContain("Old issue");
    const mail = h.resend.sent[0].body;
    expect(mail.subject).toBe("FinSight API - Daily digest – 2026-11-27");
    expect(mail.html).toContain("<li>MRR: 70.00 EUR + 293.00 USD</li>");
    expect(mail.html).toContain("TypeError: &lt;b&gt;amount&lt;/b&gt; &amp; total");
    expect(h.webhook.accepted).toHaveLength(1);
    expect(h.pagerduty.received).toHaveLength(0);
    // Two pages of subscriptions were read with discounts expanded; every UptimeRobot call fits its API description.
    expect(stripe.requests.filter((r) => r.path === "/v1/subscriptions")).toHaveLength(2);
    expect(uptime.problems).toEqual([]);
  });

  it("sends nothing at the other UTC time of its schedule, and once a day", async () => {
    expect((await run(T - 3600)).outcome).toBe("ok");
    expect(h.slack.received).toHaveLength(0);
    await run(T);
    await run(T);
    expect(h.slack.accepted).toHaveLength(1);
    expect(h.resend.sent).toHaveLength(1);
  });

  it("says what could not be read instead of leaving it out", async () => {
    await h.stop();
    h = await startRelay({ api: { stripe: stripe.url, uptimerobot: uptime.url }, bindings: { STRIPE_READ_KEY: "rk_test_revoked", UPTIMEROBOT_READ_KEY: "ur_read_key" }, mutate: (c) => void (c.digest!.sentry!.url = sentry.url) });
    expect((await run(T)).outcome).toBe("ok");
    const text = h.resend.sent[0].body.text as string;
    expect(text).toContain("- Stripe could not be read: HTTP 401");
    expect(text).toContain("- Sentry could not be read: no Sentry token is bound (monitoring:vendors.relay.keys.sentry)");
    expect(text).not.toContain("rk_test_revoked");
  });

  it("a recipient that cannot be reached fails the run (shown in the Worker's Cron Events); a re-run reaches only it", async () => {
    h.slack.failNext(3, 500);
    expect((await run(T)).outcome).not.toBe("ok");
    expect(h.resend.sent).toHaveLength(1);
    expect(h.slack.accepted).toHaveLength(0);
    expect((await run(T)).outcome).toBe("ok");
    expect(h.slack.accepted).toHaveLength(1);
    expect(h.resend.received).toHaveLength(1);
  });
});

describe("digest schedule", () => {
  it("09:00 in Berlin is 07:00 UTC in summer and 08:00 UTC in winter; UTC and half-hour zones are one time", () => {
    expect(digestCrons("09:00", "Europe/Berlin", 2026)).toEqual(["0 7 * * *", "0 8 * * *"]);
    expect(digestCrons("09:00", "UTC", 2026)).toEqual(["0 9 * * *"]);
    expect(digestCrons("09:00", "Asia/Kolkata", 2026)).toEqual(["30 3 * * *"]);
  });
});
