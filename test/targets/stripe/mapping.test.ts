/**
 * The Stripe mapping under Pulumi's mocks, for the FinSight service on prod: its business alerts
 * become webhook endpoints keyed by the URL they deliver to.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { load } from "../../../src/pipeline";
import { endpointsOf } from "../../../src/targets/stripe";
import { finsightCopy, stackConfig } from "../../helpers";
import { finder, provisionUnderMocks, type Registered } from "../mocks";

const TYPE = "pulumi-nodejs:dynamic/stripe:WebhookEndpoint";
let registered: Registered[] = [];
let model: ReturnType<typeof load>;
const find = (type: string, name: string) => {
  const { __provider, ...inputs } = finder(registered)(`pulumi-nodejs:dynamic/${type}`, name);
  expect(typeof __provider).toBe("string");
  return inputs;
};

beforeAll(async () => {
  registered = await provisionUnderMocks("prod", [finsightCopy()], stackConfig("prod"));
  model = load({ stack: "prod", services: [finsightCopy()], config: stackConfig("prod") });
});

describe("Stripe mapping (prod)", () => {
  // Changed with the relay: the alerts name no path of their own any more, so their endpoint is the
  // relay Worker's (it was finsight-api-stripe-webhooks-stripe-billing on the app's URL).
  it("the three business alerts share one endpoint on the relay's URL, with the union of their events", () => {
    expect(find("stripe:WebhookEndpoint", "finsight-api-stripe-relay")).toEqual({
      url: "https://finsight-api-relay-production.finsight.workers.dev/stripe",
      enabledEvents: ["charge.dispute.created", "customer.subscription.deleted", "invoice.payment_failed", "payment_intent.payment_failed"],
      description: "FinSight API: Customer cancelled, Dispute opened, Failed payment",
      apiVersion: "2024-06-20",
      marker: "prod/finsight-api/relay",
      metadata: { alerts: "churn,dispute,failed-payment" },
    });
    expect(registered.filter((r) => r.type === TYPE)).toHaveLength(1);
  });

  it("an alert that names its own path keeps its endpoint on the app's URL", async () => {
    const svc = finsightCopy();
    svc.business.stripe.churn.path = "/webhooks/stripe/billing";
    const r = await provisionUnderMocks("prod", [svc], stackConfig("prod"));
    const endpoints = r.filter((x) => x.type === TYPE).map((x) => [x.name, x.inputs.url, x.inputs.metadata.alerts]);
    expect(endpoints).toEqual(
      expect.arrayContaining([
        ["finsight-api-stripe-webhooks-stripe-billing", "https://api.finsight.example/webhooks/stripe/billing", "churn"],
        ["finsight-api-stripe-relay", "https://finsight-api-relay-production.finsight.workers.dev/stripe", "dispute,failed-payment"],
      ]),
    );
  });

  it("endpoints are keyed by path, so adding an alert or reordering does not rename them", () => {
    const base = model.services[0].stripeAlerts.map((a) => ({ ...a, url: "https://api.finsight.example/webhooks/stripe/billing" }));
    const more = [{ ...base[0], key: "aaa-first", url: "https://api.finsight.example/hooks/other" }, ...base];
    expect(endpointsOf(more).map((e) => e.key)).toEqual(["hooks-other", "webhooks-stripe-billing"]);
    expect(endpointsOf([...base].reverse()).map((e) => e.key)).toEqual(["webhooks-stripe-billing"]);
    // Alerts without a URL of their own share the relay's endpoint, when there is a relay.
    const relayed = model.services[0].stripeAlerts;
    expect(endpointsOf(relayed, "https://relay.example/stripe").map((e) => [e.key, e.url])).toEqual([["relay", "https://relay.example/stripe"]]);
    expect(endpointsOf(relayed)).toEqual([]);
  });
});
