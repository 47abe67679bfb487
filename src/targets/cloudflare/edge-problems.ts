/**
 * Which edge settings each Cloudflare plan has (evidence in ./edge), checked before anything is
 * registered: a setting the zone's plan does not have is an error naming it, and `monitoring cost`
 * reads the same table for the tier the edge settings need.
 */
import type { Problem, ResolvedModel } from "../../resolve";
import type { EdgeSettings } from "./edge";
import { CLOUDFLARE_PLANS, type CloudflarePlan, type CloudflareSettings } from "./settings";

/** One edge feature the stack uses, the plans that have it, and how to say so. */
interface EdgeNeed {
  /** Path under `monitoring:vendors.cloudflare.edge`. */
  path: string;
  /** What the feature is, for messages: "Super Bot Fight Mode". */
  feature: string;
  plans: readonly CloudflarePlan[];
  /** What to use instead on plans without it. */
  instead: string;
}

const PAID: readonly CloudflarePlan[] = ["pro", "business", "enterprise"];

/** The features of an edge block that not every plan has. */
export function edgeNeeds(edge: EdgeSettings | undefined): EdgeNeed[] {
  const needs: EdgeNeed[] = [];
  if (!edge) return needs;
  if (edge.securityLevel === "off") {
    needs.push({ path: "securityLevel", feature: 'the "off" security level', plans: ["enterprise"], instead: "essentially_off" });
  }
  const bots = edge.bots;
  if (bots?.mode === "fight-mode") {
    needs.push({ path: "bots.mode", feature: "Bot Fight Mode", plans: ["free"], instead: "mode: super-bot-fight-mode, which replaces it on paid plans" });
  }
  if (bots?.mode === "super-bot-fight-mode") {
    needs.push({ path: "bots.mode", feature: "Super Bot Fight Mode", plans: PAID, instead: "mode: fight-mode (Bot Fight Mode)" });
    if (bots.likelyAutomated !== undefined && bots.likelyAutomated !== "allow") {
      needs.push({ path: "bots.likelyAutomated", feature: 'Super Bot Fight Mode\'s "likely automated" action', plans: ["business", "enterprise"], instead: "likelyAutomated: allow, or leaving it out" });
    }
  }
  return needs;
}

/** The cheapest plan that has every feature the edge block uses, and which features decided it. */
export function edgeTier(edge: EdgeSettings | undefined): { tier: CloudflarePlan; reasons: string[] } {
  const needs = edgeNeeds(edge).filter((n) => !n.plans.includes("free"));
  const tier = CLOUDFLARE_PLANS.find((p) => needs.every((n) => n.plans.includes(p))) ?? "enterprise";
  return { tier, reasons: needs.map((n) => `${n.feature} (${n.plans.join(", ")})`) };
}

export function edgeProblems(model: ResolvedModel, cf: CloudflareSettings): Problem[] {
  const edge = cf.edge;
  if (!edge) return [];
  const where = (path: string) => `Pulumi.${model.stack}.yaml monitoring:vendors.cloudflare.${path}`;
  const problems: Problem[] = [];
  if (!cf.zoneId) {
    problems.push({ level: "error", where: where("zoneId"), message: "missing (expected the id of the zone the edge settings apply to, or no monitoring:vendors.cloudflare.edge)" });
  }
  for (const need of edgeNeeds(edge)) {
    if (need.plans.includes(cf.plan)) continue;
    problems.push({
      level: "error",
      where: where(`edge.${need.path}`),
      message: `the Cloudflare ${cf.plan} plan does not have ${need.feature} (expected ${need.instead}, or monitoring:vendors.cloudflare.plan ${need.plans.join(" or ")})`,
    });
  }
  return problems;
}
