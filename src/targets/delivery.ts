/**
 * Whether a vendor can deliver each alert to the contacts it is routed to: the same three checks
 * for every vendor that sends alerts itself (Sentry, Grafana).
 *
 * - a contact the vendor cannot reach is one warning, naming the alerts that skip it (none for a
 *   phone when a PagerDuty contact pages for the same alert: nothing is lost);
 * - an alert none of whose contacts the vendor can reach is an error;
 * - a critical alert whose paging contacts are all unreachable through the vendor breaks the
 *   `criticalReachesPager` policy at the stack's level.
 */
import type { Problem, ResolvedModel, Routed } from "../resolve";

export interface DeliveredAlert {
  where: string;
  alert: Pick<Routed, "severity" | "contacts">;
}

export interface DeliveryRules {
  /** "Sentry", "Grafana": used in messages. */
  vendor: string;
  /** Why the vendor cannot deliver this alert to a contact, or undefined when it can. */
  undeliverable(contactKey: string, alert: DeliveredAlert): string | undefined;
  /** The tail of the error when nothing of an alert can be delivered, e.g. "(expected an e-mail ...)". */
  expectedReachable: string;
  /** The tail of the policy problem when only unreachable contacts page. */
  expectedPager: string;
}

export function deliveryProblems(model: ResolvedModel, alerts: Iterable<DeliveredAlert>, rules: DeliveryRules): Problem[] {
  const problems: Problem[] = [];
  const skipped = new Map<string, { key: string; why: string; alerts: string[] }>();
  const paging = (key: string) => model.contacts[key]?.paging === true;
  for (const entry of alerts) {
    const { where, alert } = entry;
    const reached = alert.contacts.filter((k) => model.contacts[k] !== undefined && rules.undeliverable(k, entry) === undefined);
    const pagedAnyway = reached.some(paging);
    for (const key of alert.contacts) {
      const why = rules.undeliverable(key, entry);
      if (!why || (pagedAnyway && paging(key))) continue;
      const id = `${key}\0${why}`;
      const seen = skipped.get(id) ?? { key, why, alerts: [] };
      seen.alerts.push(where);
      skipped.set(id, seen);
    }
    if (alert.contacts.length > 0 && reached.length === 0) {
      problems.push({ level: "error", where, message: `no contact of this alert can be reached through ${rules.vendor} ${rules.expectedReachable}` });
    } else if (alert.severity === "critical" && model.settings.policy.criticalReachesPager !== "off" && !pagedAnyway && alert.contacts.some(paging)) {
      problems.push({
        level: model.settings.policy.criticalReachesPager,
        where,
        message: `critical, but its paging contacts are ones ${rules.vendor} cannot deliver to ${rules.expectedPager} [policy criticalReachesPager]`,
      });
    }
  }
  for (const { key, why, alerts: skippedBy } of skipped.values()) {
    problems.push({
      level: "warning",
      where: `Pulumi.${model.stack}.yaml monitoring:contacts.${key}`,
      message: `skipped by ${skippedBy.length} ${rules.vendor} alert${skippedBy.length === 1 ? "" : "s"} (${skippedBy.join(", ")}): ${why}`,
    });
  }
  return problems;
}
