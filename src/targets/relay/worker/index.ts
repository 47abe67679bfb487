/**
 * The relay Worker (module syntax: https://developers.cloudflare.com/workers/reference/migrate-to-module-workers/):
 * `fetch` receives Stripe's events on POST /stripe (./relay), `scheduled` runs the daily digest on
 * its Cron Triggers (./digest; https://developers.cloudflare.com/workers/configuration/cron-triggers/).
 */
import type { Env, ExecutionContext, ScheduledController } from "./env";
import { runDigest } from "./digest";
import { handleStripe } from "./relay";

const STRIPE_PATH = "/stripe";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === STRIPE_PATH && request.method === "POST") return handleStripe(request, env);
    if (url.pathname === STRIPE_PATH) return new Response("method not allowed", { status: 405, headers: { allow: "POST" } });
    return new Response("not found", { status: 404 });
  },

  /** A digest that cannot be sent throws, so the run shows as failed in the Worker's Cron Events. */
  async scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
    await runDigest(env, new Date(controller.scheduledTime));
  },
};
