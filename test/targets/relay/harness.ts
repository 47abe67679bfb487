/**
 * The relay Worker in Cloudflare's own runtime (workerd, through miniflare), bundled exactly as the
 * program deploys it, with the CONFIG the program builds for the FinSight service on prod and its
 * bindings pointed at fakes on 127.0.0.1.
 */
import { Miniflare } from "miniflare";
import Stripe from "stripe";
import { load } from "../../../src/pipeline";
import { relayConfig, workerBundle } from "../../../src/targets/relay";
import { relaySettings } from "../../../src/targets/relay/settings";
import type { RelayConfig } from "../../../src/targets/relay/worker/config";
import { FakePagerDuty, FakeResend, type FakeService, fakeSlack, fakeWebhook } from "../../fakes/channels";
import { finsightCopy, stackConfig, withSetting } from "../../helpers";

export const SIGNING_SECRET = "whsec_test_relay_0123456789abcdefABCDEF";
export const PD_KEY = "0123456789abcdef0123456789abcdef";

/** The stripe SDK's own helpers: test signatures (stripe-node `webhooks.generateTestHeaderString`). */
export const stripe = new Stripe("sk_test_unused");

export interface Harness {
  mf: Miniflare;
  config: RelayConfig;
  slack: FakeService;
  webhook: FakeService;
  pagerduty: FakePagerDuty;
  resend: FakeResend;
  post(event: object, opts?: { secret?: string; timestamp?: number; tamper?: (body: string) => string; header?: string | null }): Promise<{ status: number; body: any; text: string }>;
  stop(): Promise<void>;
}

/**
 * prod with an extra webhook contact on warnings, so every channel the relay has is exercised.
 * Sentry cannot post to a contact's URL (src/targets/sentry/limits.ts), so its warning alerts
 * name their contacts with `notify`, as that problem tells a user to.
 */
export function relayModel(edit: (svc: Record<string, any>) => void = () => undefined) {
  const svc = finsightCopy();
  for (const alert of [svc.errors["first-seen"], svc.errors["error-spike"], svc.performance["p95-slow"]]) alert.notify = ["oncall-email", "team-slack"];
  edit(svc);
  const base = stackConfig("prod");
  const contacts = { ...JSON.parse(base["monitoring:contacts"]), "ops-webhook": { type: "webhook", url: "https://hooks.example/ops" } };
  const routing = JSON.parse(base["monitoring:routing"]);
  const config = withSetting(withSetting(base, "contacts", contacts), "routing", { ...routing, warning: [...routing.warning, "ops-webhook"] });
  return load({ stack: "prod", services: [svc], config });
}

export async function startRelay(opts: { model?: ReturnType<typeof relayModel>; api?: Partial<RelayConfig["api"]>; bindings?: Record<string, string>; mutate?: (c: RelayConfig) => void } = {}): Promise<Harness> {
  const [slack, webhook, pagerduty, resend] = await Promise.all([fakeSlack().start(), fakeWebhook().start(), new FakePagerDuty().start(), new FakeResend().start()]);
  const model = opts.model ?? relayModel();
  const service = model.services[0];
  const config = relayConfig(model, service, relaySettings(model), {
    stripe: "http://127.0.0.1:9",
    uptimerobot: "http://127.0.0.1:9",
    pagerduty: `${pagerduty.url}/v2/enqueue`,
    resend: `${resend.url}/emails`,
    ...opts.api,
  });
  // Tests never wait for real backoff.
  config.delivery.baseDelayMs = 1;
  opts.mutate?.(config);
  const mf = new Miniflare({
    modules: true,
    script: workerBundle().code,
    compatibilityDate: relaySettings(model).compatibilityDate,
    kvNamespaces: ["REPLAY"],
    bindings: {
      CONFIG: config as unknown as Record<string, unknown>,
      STRIPE_WEBHOOK_SECRET: SIGNING_SECRET,
      CONTACT_TEAM_SLACK: `${slack.url}/services/T000/B000/XXXX`,
      CONTACT_OPS_WEBHOOK: `${webhook.url}/ops`,
      CONTACT_ONCALL_PAGERDUTY: PD_KEY,
      MAIL_API_KEY: resend.apiKey,
      ...opts.bindings,
    },
  });
  const post: Harness["post"] = async (event, o = {}) => {
    const payload = JSON.stringify(event, null, 2);
    const header = o.header !== undefined ? o.header : stripe.webhooks.generateTestHeaderString({ payload, secret: o.secret ?? SIGNING_SECRET, timestamp: o.timestamp });
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (header !== null) headers["stripe-signature"] = header;
    const res = await mf.dispatchFetch("https://finsight-api-relay-production.finsight.workers.dev/stripe", { method: "POST", body: o.tamper ? o.tamper(payload) : payload, headers });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body, text };
  };
  return {
    mf,
    config,
    slack,
    webhook,
    pagerduty,
    resend,
    post,
    async stop() {
      await mf.dispose();
      await Promise.all([slack.stop(), webhook.stop(), pagerduty.stop(), resend.stop()]);
    },
  };
}

let seq = 0;
/** A Stripe event as the API sends it (https://docs.stripe.com/api/events/object). */
export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_test_${++seq}_${Date.now()}`): Record<string, unknown> {
  return { id, object: "event", api_version: "2024-06-20", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}

export const failedInvoice = (name = "Jane Doe") => ({ id: "in_1Failed", object: "invoice", customer: "cus_123", customer_name: name, customer_email: "jane@example.com", amount_due: 4900, currency: "eur", attempt_count: 2, description: "FinSight Pro" });
export const dispute = () => ({ id: "dp_1Dispute", object: "dispute", amount: 19900, currency: "usd", reason: "fraudulent", charge: "ch_1", evidence: { customer_name: "Acme Corp" }, evidence_details: { due_by: 1_900_000_000 } });
