/**
 * Lifecycle soak of the Sentry providers, with the UptimeRobot soak's figures: a few hundred
 * create/read/diff/update/delete operations through the serialized providers while the fake Sentry
 * injects faults into at least 20% of requests (429s, 5xx, resets, answers lost after Sentry acted,
 * HTML error pages, listing lag), Slack actions answer 202 with a task to poll, and now and then
 * someone deletes a rule in Sentry's UI. Afterwards: zero duplicates, zero orphans, zero lost rules,
 * no perpetual diff, and every failure that surfaced was a clear error. Deterministic (seeded).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { mulberry32 } from "../../fakes/uptimerobot";
import { FakeSentry, sentryConfig } from "../../fakes/sentry";

const { providers } = compiled<{ providers: Record<"issueAlert" | "metricAlert", object> }>("src/targets/sentry/provider");
const fake = new FakeSentry({ maxPerPage: 25 });

type KindName = "issueAlert" | "metricAlert";
let p: Record<KindName, LoadedProvider["provider"]>;

beforeAll(async () => {
  await fake.start();
  const cfg = sentryConfig(fake, { "sentry:timeoutMs": "300", "sentry:retryBaseMs": "10", "sentry:retryMaxMs": "40" });
  p = { issueAlert: (await load(providers.issueAlert, cfg)).provider, metricAlert: (await load(providers.metricAlert, cfg)).provider };
});
afterAll(async () => {
  await fake.stop();
});

interface Tracked {
  kind: KindName;
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  outs: Record<string, unknown>;
}

const at = { organization: "finsight", project: "finsight-api", environment: "production" };
const EMAIL_RULE = { id: "sentry.mail.actions.NotifyEmailAction", targetType: "Team", targetIdentifier: "1001" };
const SLACK_RULE = { id: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction", workspace: "2002", channel: "#alerts" };
const PAGERDUTY = { type: "pagerduty", targetType: "specific", targetIdentifier: "3004", integrationId: 3003 };
const EMAIL = { type: "email", targetType: "team", targetIdentifier: "1001" };
const SLACK = { type: "slack", targetType: "specific", targetIdentifier: "#alerts", integrationId: 2002 };

function inputsFor(kind: KindName, name: string, r: () => number): Record<string, unknown> {
  if (kind === "issueAlert") {
    const spike = r() < 0.5;
    return {
      ...at,
      name,
      actionMatch: "any",
      filterMatch: "all",
      frequency: spike ? 60 : 30,
      conditions: [
        spike
          ? { id: "sentry.rules.conditions.event_frequency.EventFrequencyCondition", value: "10", comparisonType: "count", interval: "1h" }
          : { id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" },
      ],
      actions: r() < 0.3 ? [EMAIL_RULE, SLACK_RULE] : [EMAIL_RULE],
    };
  }
  const warn = r() < 0.4;
  return {
    ...at,
    name,
    dataset: "transactions",
    eventTypes: ["transaction"],
    query: "",
    aggregate: r() < 0.5 ? "failure_rate()" : "p95(transaction.duration)",
    timeWindow: 5,
    thresholdType: 0,
    triggers: [{ label: "critical", alertThreshold: 2000, actions: [PAGERDUTY, EMAIL] }, ...(warn ? [{ label: "warning", alertThreshold: 1500, actions: [r() < 0.5 ? SLACK : EMAIL] }] : [])],
    description: "Severity: critical.",
    severity: "critical",
  };
}

function changed(t: Tracked, r: () => number): Record<string, unknown> {
  if (t.kind === "issueAlert") return { ...t.inputs, frequency: r() < 0.5 ? 120 : 1440 };
  return { ...t.inputs, timeWindow: r() < 0.5 ? 10 : 15 };
}

const CLEAR = /^Sentry (issue alert|metric alert) "[^"]+"( \(id [^)]+\))?: \S.*/;
const collection = (kind: KindName) => (kind === "issueAlert" ? fake.issueRules() : fake.metricRules());

describe("Sentry lifecycle soak", () => {
  it("200+ operations with faults on >= 20% of requests: zero duplicates, zero orphans, clear errors only", async () => {
    const r = mulberry32(20261129);
    fake.randomFaults(0.3, 9191);
    const live = new Map<string, Tracked>();
    const pendingCreate = new Map<string, { kind: KindName; inputs: Record<string, unknown> }>();
    let ops = 0;
    let clearErrors = 0;
    let driftInjected = 0;
    let driftSeen = 0;
    const unclear: string[] = [];
    let serial = 0;

    const attempt = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
      ops++;
      try {
        return await fn();
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (CLEAR.test(msg) && !/undefined|\[object Object\]|null null/.test(msg) && !msg.includes(fake.token)) clearErrors++;
        else unclear.push(msg);
        return undefined;
      }
    };
    const vanish = (t: Tracked) => {
      fake.vanish(t.kind === "issueAlert" ? "issue" : "metric", t.id.split("/")[2]);
      driftInjected++;
    };

    while (ops < 260) {
      const x = r();
      const pick = [...live.values()];
      if (pendingCreate.size > 0 && x < 0.2) {
        // Re-run of a create that failed earlier (like the next `pulumi up`).
        const [name, pc] = pendingCreate.entries().next().value as [string, { kind: KindName; inputs: Record<string, unknown> }];
        const res = await attempt(() => p[pc.kind].create(pc.inputs));
        if (res) {
          pendingCreate.delete(name);
          live.set(name, { kind: pc.kind, name, id: res.id, inputs: pc.inputs, outs: res.outs });
        }
      } else if (live.size < 16 || x < 0.35) {
        const kind: KindName = r() < 0.55 ? "issueAlert" : "metricAlert";
        const name = `soak ${kind} #${serial++} <&>`;
        const inputs = inputsFor(kind, name, r);
        expect((await p[kind].check({}, inputs)).failures).toEqual([]);
        const res = await attempt(() => p[kind].create(inputs));
        if (res) live.set(name, { kind, name, id: res.id, inputs, outs: res.outs });
        else pendingCreate.set(name, { kind, inputs });
      } else if (x < 0.6) {
        const t = pick[Math.floor(r() * pick.length)];
        if (r() < 0.08) vanish(t);
        const res = await attempt(() => p[t.kind].read(t.id, t.outs));
        if (res && !res.id) {
          driftSeen++;
          live.delete(t.name);
          pendingCreate.set(t.name, { kind: t.kind, inputs: t.inputs });
        } else if (res) {
          t.outs = res.props as Record<string, unknown>;
          expect((await p[t.kind].diff(t.id, t.outs, t.inputs)).changes, `perpetual diff on ${t.name}`).toBe(false);
        }
      } else if (x < 0.82) {
        const t = pick[Math.floor(r() * pick.length)];
        const news = changed(t, r);
        const vanished = r() < 0.1;
        if (vanished) vanish(t); // deleted in Sentry's UI before this `pulumi up`
        const res = await attempt(() => p[t.kind].update(t.id, t.outs, news));
        if (res) {
          t.inputs = news;
          t.outs = res.outs as Record<string, unknown>;
        } else if (vanished) {
          // The clear error says to refresh: refresh reports it gone, the next up recreates it.
          const gone = await attempt(() => p[t.kind].read(t.id, t.outs));
          if (gone && !gone.id) {
            driftSeen++;
            live.delete(t.name);
            pendingCreate.set(t.name, { kind: t.kind, inputs: news });
          }
        }
      } else {
        const t = pick[Math.floor(r() * pick.length)];
        if (await attempt(() => p[t.kind].delete(t.id, t.outs).then(() => true))) live.delete(t.name);
      }
    }

    fake.randomFaults(0, 0);
    for (const [name, pc] of pendingCreate) {
      const res = await p[pc.kind].create(pc.inputs);
      live.set(name, { kind: pc.kind, name, id: res.id, inputs: pc.inputs, outs: res.outs });
    }

    let duplicates = 0;
    let orphans = 0;
    let lost = 0;
    let perpetual = 0;
    for (const kind of ["issueAlert", "metricAlert"] as const) {
      const names = new Map<string, number>();
      for (const rule of collection(kind)) names.set(String(rule.name), (names.get(String(rule.name)) ?? 0) + 1);
      for (const [name, count] of names) {
        if (count > 1) duplicates += count - 1;
        if (!live.has(name)) orphans++;
      }
    }
    for (const t of live.values()) {
      const rule = collection(t.kind).find((x) => String(x.id) === t.id.split("/")[2]);
      if (!rule || rule.name !== t.name) {
        lost++;
        continue;
      }
      const read = await p[t.kind].read(t.id, t.outs);
      if ((await p[t.kind].diff(t.id, read.props, t.inputs)).changes) perpetual++;
    }

    const requests = fake.stats.requests;
    const faultRate = fake.stats.faults / requests;
    console.log(
      [
        "Sentry soak:",
        `  operations=${ops} requests=${requests} faultsInjected=${fake.stats.faults} (${(faultRate * 100).toFixed(1)}% of requests) tasksPolled=${fake.stats.tasks}`,
        `  faultsByKind=${JSON.stringify(fake.stats.faultsByKind)}`,
        `  driftInjected=${driftInjected} driftSeenOnRefresh=${driftSeen}`,
        `  resources=${live.size} duplicates=${duplicates} orphans=${orphans} lost=${lost} perpetualDiffs=${perpetual}`,
        `  clearErrors=${clearErrors} unclearErrors=${unclear.length}`,
      ].join("\n"),
    );

    expect(ops).toBeGreaterThanOrEqual(200);
    expect(faultRate).toBeGreaterThanOrEqual(0.2);
    expect(duplicates).toBe(0);
    expect(orphans).toBe(0);
    expect(lost).toBe(0);
    expect(perpetual).toBe(0);
    expect(unclear).toEqual([]);
    expect(fake.refused).toEqual([]);
  });
});
