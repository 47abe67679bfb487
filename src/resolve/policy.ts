/**
 * The policy rules, each at the level the stack sets (`monitoring:policy`): every uptime check
 * reaches someone, every critical alert reaches a paging contact, every alert has a runbook.
 * They cover the concerns of the vendors enabled on the stack.
 */
import type { Settings } from "../settings";
import { CONCERNS, routedEntries, type Concern } from "./concerns";
import type { Problem, ResolvedContact, ResolvedService } from "./types";

export function policyProblems(
  services: readonly ResolvedService[],
  settings: Settings,
  contacts: Readonly<Record<string, ResolvedContact>>,
  active: ReadonlySet<Concern>,
): Problem[] {
  const { policy } = settings;
  const problems: Problem[] = [];
  const report = (level: "error" | "warning" | "off", where: string, message: string) => {
    if (level !== "off") problems.push({ level, where, message });
  };
  for (const service of services) {
    for (const concern of CONCERNS) {
      if (!active.has(concern)) continue;
      for (const { where, alert, kind } of routedEntries(service, concern)) {
        if (kind === "check" && alert.contacts.length === 0) {
          report(policy.checkHasContact, where, `reaches no contact (expected notify, or contacts in monitoring:routing.${alert.severity}) [policy checkHasContact]`);
        }
        if (alert.severity === "critical" && !alert.contacts.some((k) => contacts[k]?.paging)) {
          report(
            policy.criticalReachesPager,
            where,
            "critical but reaches no paging contact (expected at least one sms, voice or pagerduty contact) [policy criticalReachesPager]",
          );
        }
        if (!alert.runbook) report(policy.alertHasRunbook, `${where}.runbook`, "missing (expected a runbook URL or steps) [policy alertHasRunbook]");
      }
    }
  }
  return problems;
}
