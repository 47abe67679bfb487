/** What `monitoring check` runs from this machine: every HTTP check, with UptimeRobot's assertions. */
import { durationMs } from "../../model";
import type { ResolvedModel } from "../../resolve";
import type { Probe } from "../types";

export function uptimeRobotProbes(model: ResolvedModel): Probe[] {
  return model.services.flatMap((s) =>
    s.checks.map((c): Probe => {
      const id = `${s.key}/${c.key}`;
      if (c.kind === "heartbeat") return { id, name: c.name, skipped: `heartbeat: the job reports in every ${c.period}; not checkable from here` };
      const body =
        c.body && "json" in c.body
          ? { text: JSON.stringify(c.body.json), contentType: "application/json" }
          : c.body
            ? { text: c.body.raw, contentType: c.body.contentType }
            : undefined;
      return {
        id,
        name: c.name,
        url: c.url,
        method: c.method,
        headers: c.headers,
        body,
        timeoutMs: durationMs(c.timeout),
        expectStatus: c.expectStatus,
        keyword: c.keyword,
      };
    }),
  );
}
