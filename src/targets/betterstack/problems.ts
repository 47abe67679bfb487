/**
 * Better Stack plan limits and mapping checks, before anything is registered (pure: no Pulumi, no HTTP).
 *
 * - Retention: the free plan keeps logs 3 days and "doesn't support custom retention" (the 422 of
 *   "Create a source", https://betterstack.com/docs/logs/api/create-a-source/); paid plans take
 *   1..3652 days (longer than the included 30 is billed per GB-month, ./pricing).
 * - Volume: the free plan includes 3 GB of logs a month (./pricing).
 * - Names: at most 255 characters with the environment (./settings MAX_NAME_LENGTH), and unique in
 *   the stack, since the name is what a source is found by.
 */
import type { Problem, ResolvedModel } from "../../resolve";
import { sharedIdentities } from "../collisions";
import { retentionOf, vendorName } from "./mapping";
import { MAX_NAME_LENGTH, type BetterStackPlan, type BetterStackSettings } from "./settings";

export interface BetterStackPlanLimits {
  /** Retention every source has; undefined where the plan takes any (1..3652 days). */
  fixedRetentionDays?: number;
  /** Logs included a month, in GB; Infinity where more is billed per GB rather than refused. */
  includedGbPerMonth: number;
}

export const BETTERSTACK_PLAN_LIMITS: Record<BetterStackPlan, BetterStackPlanLimits> = {
  free: { fixedRetentionDays: 3, includedGbPerMonth: 3 },
  nano: { includedGbPerMonth: Number.POSITIVE_INFINITY },
  enterprise: { includedGbPerMonth: Number.POSITIVE_INFINITY },
};

export function betterStackProblems(model: ResolvedModel, settings: BetterStackSettings): Problem[] {
  const problems: Problem[] = [];
  const error = (where: string, message: string) => problems.push({ level: "error", where, message });
  const limits = BETTERSTACK_PLAN_LIMITS[settings.plan];
  const stackKey = (key: string) => `Pulumi.${model.stack}.yaml monitoring:vendors.betterstack.${key}`;
  const names = model.services.flatMap((s) => s.logs.map((source) => ({ at: `${s.key}.logs.${source.key}`, identity: vendorName(model, source.name) })));
  for (const { claim, first } of sharedIdentities(names)) {
    error(`${claim.at}.name`, `the Better Stack name "${claim.identity}" is also the name of ${first.at} (expected one name per source: a source is found by its name)`);
  }
  for (const service of model.services) {
    for (const source of service.logs) {
      const where = `${service.key}.logs.${source.key}`;
      const name = vendorName(model, source.name);
      if (name.length > MAX_NAME_LENGTH) {
        error(`${where}.name`, `the Better Stack name "${name.slice(0, 40)}…" is ${name.length} characters long with the environment (expected at most ${MAX_NAME_LENGTH})`);
      }
      const retention = retentionOf(settings, source);
      if (limits.fixedRetentionDays !== undefined && retention !== undefined && retention !== limits.fixedRetentionDays) {
        const at = settings.retentionDays !== undefined ? stackKey("retentionDays") : `${where}.retentionDays`;
        error(
          at,
          `the Better Stack ${settings.plan} plan keeps logs ${limits.fixedRetentionDays} days and does not support custom retention (expected ${limits.fixedRetentionDays}, monitoring:vendors.betterstack.retentionDays: ${limits.fixedRetentionDays} on this stack, or a higher monitoring:vendors.betterstack.plan)`,
        );
      }
    }
  }
  const sources = model.services.reduce((n, s) => n + s.logs.length, 0);
  if (sources > 0 && settings.monthlyGb !== undefined && settings.monthlyGb > limits.includedGbPerMonth) {
    error(
      stackKey("monthlyGb"),
      `the Better Stack ${settings.plan} plan includes ${limits.includedGbPerMonth} GB of logs a month and this stack expects ${settings.monthlyGb} GB (expected at most ${limits.includedGbPerMonth}, or a higher monitoring:vendors.betterstack.plan)`,
    );
  }
  return problems;
}
