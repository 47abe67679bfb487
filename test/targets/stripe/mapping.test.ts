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
  it("the three business alerts share one endpoint on their URL, with the union of their events", () => {
    expect(find("stripe:WebhookEndpoint", "finsight-api-stripe-webhooks-stripe-billing")).toEqual({
      url: "https://api.finsight.example/webhooks/stripe/billing",
      enabledEvents: ["charge.dispute.created", "customer.subscription.deleted", "invoice.payment_failed", "payment_intent.payment_failed"],
      description: "FinSight API: Customer cancelled, Dispute opened, Failed payment",
      apiVersion: "2024-06-20",
      marker: "prod/finsight-api/webhooks-stripe-billing",
      metadata: { alerts: "churn,dispute,failed-payment" },
    });
    expect(registered.filter((r) => r.type === TYPE)).toHaveLength(1);
  });

  it("endpoints are keyed by path, so adding an alert or reordering does not rename them", () => {
    const base = model.services[0].stripeAlerts;
    const more = [{ ...base[0], key: "aaa-first", url: "https://api.finsight.example/hooks/other" }, ...base];
    expect(endpointsOf(more).map((e) => e.key)).toEqual(["hooks-other", "webhooks-stripe-billing"]);
    expect(endpointsOf([...base].reverse()).map((e) => e.key)).toEqual(["webhooks-stripe-billing"]);
  });
});
