/**
 * The relay in workerd: Stripe's signed events in, the contacts of each alert's severity out, with
 * the payloads Slack, PagerDuty and Resend document (checked by the fakes), once per event.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dispute, failedInvoice, PD_KEY, startRelay, stripeEvent, type Harness } from "./harness";

let h: Harness;
beforeEach(async () => {
  h = await startRelay();
});
afterEach(async () => {
  await h.stop();
});

describe("relay: signatures", () => {
  it("accepts an event signed with the endpoint's secret by the stripe SDK's test helper", async () => {
    const r = await h.post(stripeEvent("invoice.payment_failed", failedInvoice()));
    expect(r.status).toBe(200);
    expect(r.body.alerts).toEqual(["failed-payment"]);
  });

  it("rejects a tampered body, a stale timestamp, another secret and a missing header with 400, and tells no one", async () => {
    const event = stripeEvent("charge.dispute.created", dispute());
    const tampered = await h.post(event, { tamper: (b) => b.replace("19900", "1") });
    const stale = await h.post(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const other = await h.post(event, { secret: "whsec_someone_else" });
    const missing = await h.post(event, { header: null });
    expect([tampered.status, stale.status, other.status, missing.status]).toEqual([400, 400, 400, 400]);
    expect(h.slack.received.length + h.pagerduty.received.length + h.resend.received.length + h.webhook.received.length).toBe(0);
  });

  it("answers only POST /stripe", async () => {
    expect((await h.mf.dispatchFetch("https://relay.example/stripe")).status).toBe(405);
    expect((await h.mf.dispatchFetch("https://relay.example/other", { method: "POST" })).status).toBe(404);
  });
});

describe("relay: routing by severity", () => {
  it("a failed payment (warning) reaches e-mail, Slack and the webhook, and pages no one", async () => {
    const event = stripeEvent("invoice.payment_failed", failedInvoice());
    expect((await h.post(event)).status).toBe(200);
    expect(h.pagerduty.received).toHaveLength(0);
    const slack = h.slack.accepted[0].body;
    expect(slack.text).toBe("WARNING: Failed payment: Jane Doe, 49.00 EUR");
    expect(slack.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "⚠️ Failed payment" } });
    expect(slack.blocks[1].text.text).toContain("*Customer:* Jane Doe");
    expect(slack.blocks[2].text.text).toContain("1. E-mail the customer (card expired?)");
    const mail = h.resend.sent[0];
    expect(mail.body).toMatchObject({ from: "FinSight alerts <alerts@finsight.example>", to: ["oncall@finsight.example"], subject: "[warning] Failed payment: Jane Doe, 49.00 EUR" });
    expect(mail.headers["idempotency-key"]).toBe(`sent:${event.id}:failed-payment:oncall-email`);
    expect(h.webhook.accepted[0].body).toMatchObject({ alert: { key: "failed-payment", severity: "warning" }, event: { id: event.id, type: "invoice.payment_failed" } });
  });

  it("a dispute (critical) pages through PagerDuty with a dedup key, and e-mails on-call", async () => {
    const event = stripeEvent("charge.dispute.created", dispute());
    expect((await h.post(event)).status).toBe(200);
    expect(h.pagerduty.accepted).toHaveLength(1);
    const pd = h.pagerduty.accepted[0].body;
    expect(pd).toMatchObject({
      routing_key: PD_KEY,
      event_action: "trigger",
      dedup_key: `stripe/${event.id}/dispute`,
      payload: { summary: "Dispute opened: Acme Corp, 199.00 USD", severity: "critical", component: "FinSight API", class: "charge.dispute.created" },
    });
    expect(h.resend.sent.map((m) => m.body.to)).toEqual([["oncall@finsight.example"]]);
    expect(h.slack.received).toHaveLength(0);
  });

  it("an event no alert covers is acknowledged and delivered nowhere", async () => {
    const r = await h.post(stripeEvent("customer.created", { id: "cus_1" }));
    expect(r.status).toBe(200);
    expect(r.body.alerts).toEqual([]);
    expect(h.resend.received).toHaveLength(0);
  });
});

describe("relay: replays and failures", () => {
  it("a replayed event is delivered once", async () => {
    const event = stripeEvent("charge.dispute.created", dispute());
    const first = await h.post(event);
    const again = await h.post(event);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.duplicate).toBe(true);
    expect(h.pagerduty.received).toHaveLength(1);
    expect(h.resend.received).toHaveLength(1);
  });

  it("a channel that keeps failing is retried, then reported with a 503 so Stripe retries; the retry reaches only what was missed", async () => {
    h.slack.failNext(3, 500);
    const event = stripeEvent("invoice.payment_failed", failedInvoice());
    const first = await h.post(event);
    expect(first.status).toBe(503);
    expect(first.body.failed).toEqual(["failed-payment → team-slack (slack): HTTP 500 after 3 attempt(s)"]);
    expect(h.slack.received).toHaveLength(3);
    expect(h.resend.sent).toHaveLength(1);
    // Stripe's retry, once Slack is back.
    const retry = await h.post(event);
    expect(retry.status).toBe(200);
    expect(h.slack.accepted).toHaveLength(1);
    expect(h.resend.received).toHaveLength(1);
    expect(h.webhook.received).toHaveLength(1);
  });

  it("a 429 is retried and the message still arrives", async () => {
    h.pagerduty.failNext(1, 429);
    expect((await h.post(stripeEvent("charge.dispute.created", dispute()))).status).toBe(200);
    expect(h.pagerduty.received).toHaveLength(2);
    expect(h.pagerduty.alerts.size).toBe(1);
  });

  it("a failure names the contact and channel, never its URL or key", async () => {
    h.slack.failNext(3, 503);
    h.pagerduty.failNext(3, 500);
    const r = await h.post(stripeEvent("invoice.payment_failed", failedInvoice()));
    expect(r.text).not.toContain(h.slack.url);
    expect(r.text).not.toContain(PD_KEY);
    expect(r.text).not.toContain(h.resend.apiKey);
  });
});

describe("relay: hostile event data", () => {
  it("a customer name with markup is escaped for Slack mrkdwn and for HTML mail", async () => {
    const name = `<!channel> Eve & <script>alert("x")</script> <https://evil.example|click>`;
    expect((await h.post(stripeEvent("invoice.payment_failed", failedInvoice(name)))).status).toBe(200);
    const slack = JSON.stringify(h.slack.accepted[0].body);
    expect(slack).not.toContain("<!channel>");
    expect(slack).not.toContain("<https://evil.example");
    expect(slack).toContain("&lt;!channel&gt; Eve &amp; &lt;script&gt;");
    const html = h.resend.sent[0].body.html as string;
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;!channel&gt; Eve &amp; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });
});
