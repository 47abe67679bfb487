/**
 * Cloudflare rate-limiting rules per plan. Pure data and checks, run before anything is registered.
 */
import type { Problem, ResolvedModel, ResolvedRateLimit } from "../../resolve";
import { fmtSeconds as fmt } from "../format";
import { expressionProblem, MAX_EXPRESSION_LENGTH, ruleExpression } from "./expression";
import type { CloudflarePlan as Plan, CloudflareSettings } from "./settings";

/** Periods Cloudflare's rate-limiting rules accept, in seconds. */
export const ALLOWED_PERIODS = [10, 60, 120, 300, 600, 3600] as const;
/** Mitigation timeouts Cloudflare accepts, in seconds. */
export const ALLOWED_MITIGATION_TIMEOUTS = [10, 60, 120, 300, 600, 3600, 86400] as const;

export interface PlanLimits {
  rules: number;
  maxPeriodSeconds: number;
  maxMitigationSeconds: number;
  /** The "log" action needs Enterprise. */
  logAction: boolean;
}

export const PLAN_LIMITS: Record<Plan, PlanLimits> = {
  free: { rules: 1, maxPeriodSeconds: 10, maxMitigationSeconds: 10, logAction: false },
  pro: { rules: 2, maxPeriodSeconds: 60, maxMitigationSeconds: 3600, logAction: false },
  business: { rules: 5, maxPeriodSeconds: 600, maxMitigationSeconds: 86400, logAction: false },
  enterprise: { rules: 100, maxPeriodSeconds: 3600, maxMitigationSeconds: 86400, logAction: true },
};

export function cloudflareProblems(model: ResolvedModel, cf: CloudflareSettings): Problem[] {
  const problems: Problem[] = [];
  const error = (where: string, message: string) => problems.push({ level: "error", where, message });
  const limits = PLAN_LIMITS[cf.plan];
  const all: { where: string; rule: ResolvedRateLimit }[] = model.services.flatMap((s) =>
    s.rateLimits.map((rule) => ({ where: `${s.key}.rateLimits.${rule.key}`, rule })),
  );
  if (all.length > 0 && !cf.zoneId) {
    error(`Pulumi.${model.stack}.yaml monitoring:vendors.cloudflare.zoneId`, "missing (expected the zone id the rate-limit rules apply to, or vendors.cloudflare.enabled: false)");
  }
  const active = all.filter((r) => r.rule.enabled);
  if (active.length > limits.rules) {
    error(
      active[limits.rules].where,
      `the Cloudflare ${cf.plan} plan allows ${limits.rules} rate-limiting rule${limits.rules === 1 ? "" : "s"} per zone and this stack declares ${active.length} (expected at most ${limits.rules}, or a higher monitoring:vendors.cloudflare.plan)`,
    );
  }
  for (const { where, rule } of all) {
    if (!(ALLOWED_PERIODS as readonly number[]).includes(rule.periodSeconds)) {
      error(`${where}.period`, `Cloudflare has no ${rule.period} period (expected one of ${ALLOWED_PERIODS.map(fmt).join(", ")})`);
    } else if (rule.periodSeconds > limits.maxPeriodSeconds) {
      error(`${where}.period`, `the Cloudflare ${cf.plan} plan allows periods up to ${fmt(limits.maxPeriodSeconds)} (expected at most ${fmt(limits.maxPeriodSeconds)})`);
    }
    if (!(ALLOWED_MITIGATION_TIMEOUTS as readonly number[]).includes(rule.mitigationTimeoutSeconds)) {
      error(`${where}.mitigationTimeout`, `Cloudflare has no ${rule.mitigationTimeout} mitigation timeout (expected one of ${ALLOWED_MITIGATION_TIMEOUTS.map(fmt).join(", ")})`);
    } else if (rule.mitigationTimeoutSeconds > limits.maxMitigationSeconds) {
      error(`${where}.mitigationTimeout`, `the Cloudflare ${cf.plan} plan allows mitigation timeouts up to ${fmt(limits.maxMitigationSeconds)} (expected at most ${fmt(limits.maxMitigationSeconds)})`);
    }
    if (rule.expression !== undefined) {
      const problem = expressionProblem(rule.expression);
      if (problem) error(`${where}.expression`, problem);
    }
    const expression = ruleExpression(rule);
    if (expression.length > MAX_EXPRESSION_LENGTH) {
      error(`${where}.${rule.path !== undefined ? "path" : "expression"}`, `makes a rule expression of ${expression.length} characters (expected at most ${MAX_EXPRESSION_LENGTH}, Cloudflare's limit)`);
    }
    if (rule.action === "log" && !limits.logAction) {
      error(`${where}.action`, `the "log" action needs the Cloudflare enterprise plan (expected block, managed_challenge, js_challenge or challenge)`);
    }
  }
  return problems;
}
