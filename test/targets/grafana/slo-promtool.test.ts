/**
 * The SLO alerts proven by promtool: one page `(1h ∧ 5m) ∨ (6h ∧ 30m)` and one ticket
 * `(1d ∧ 2h) ∨ (3d ∧ 6h)` per SLO, reading the recorded SLI windows, start and stop at the very
 * minutes the four separate burn-rate alerts of before did, one instance per burning pair
 * (label `burn_window`).
 *
 * "Before" is written here by hand, as a reference rule file: the four alerts as the project
 * generated them until the page/ticket form, each `(bad ratio over long) > t and (over short) > t`
 * on the raw counters. Both files run in the same promtool evaluation on the same series, and
 * every scenario checks both at each start and stop minute (the table in docs/grafana.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { load } from "../../../src/pipeline";
import { prometheusRuleFile } from "../../../src/targets/grafana";
import { finsightCopy, stackConfig } from "../../helpers";
import { counter, ruleDir, testRules, type TestGroup } from "./promtool";

const JOB = 'job="finsight-api"';
const ratio = (w: string) => `(sum(rate(http_requests_total{${JOB},status=~"5.."}[${w}])) or vector(0)) / sum(rate(http_requests_total{${JOB}}[${w}]))`;
/** Today's four alerts for 99.9% over 30 days, and the 7-day factors the old scaling gave (0.7x, 0.2x tickets). */
const REFERENCE = {
  groups: [
    {
      name: "reference",
      rules: [
        ...([[14.4, "1h", "5m"], [6, "6h", "30m"], [3, "1d", "2h"], [1, "3d", "6h"]] as const).map(([f, long, short]) => ({
          alert: `before ${long}/${short}`,
          expr: `(${ratio(long)}) > ${Number((f * 0.001).toPrecision(12))} and (${ratio(short)}) > ${Number((f * 0.001).toPrecision(12))}`,
        })),
        { alert: "before 7d ticket 0.7x 1d/2h", expr: `(${ratio("1d")}) > 0.0007 and (${ratio("2h")}) > 0.0007` },
        { alert: "before 7d ticket 0.2x 3d/6h", expr: `(${ratio("3d")}) > 0.0002 and (${ratio("6h")}) > 0.0002` },
      ],
    },
  ],
};

const PAGE = "FinSight API - Availability SLO burn rate (page)";
const TICKET = "FinSight API - Availability SLO burn rate (ticket)";

let dir: string;
let annotations: Map<string, Record<string, string>>;

/** The availability SLO's group of the rule file (recordings, then its alerts), and the reference beside it. */
function sloDir(edit: (s: Record<string, any>) => void): { dir: string; annotations: Map<string, Record<string, string>> } {
  const service = finsightCopy();
  edit(service);
  const doc = parse(prometheusRuleFile(load({ stack: "prod", services: [service], config: stackConfig("prod") }))) as { groups: { name: string; rules: { alert?: string; annotations?: Record<string, string> }[] }[] };
  const groups = doc.groups.filter((g) => g.name === "finsight-api-slo");
  const out = ruleDir(stringify({ groups }, { lineWidth: 0 }));
  fs.writeFileSync(path.join(out, "reference.yaml"), stringify(REFERENCE, { lineWidth: 0 }));
  const notes = new Map<string, Record<string, string>>();
  for (const rule of groups[0].rules) if (rule.alert) notes.set(rule.alert, rule.annotations ?? {});
  return { dir: out, annotations: notes };
}

beforeAll(() => {
  ({ dir, annotations } = sloDir((s) => (s.slos = { availability: s.slos.availability })));
});

/** 6000 requests a minute; each segment: [minutes, share of 5xx] (null: no requests at all). */
function requests(segments: readonly (readonly [minutes: number, errorShare: number | null])[], step = 1): TestGroup["input_series"] {
  const per = (share: (f: number) => number) => counter(segments.map(([m, f]) => [f === null ? 0 : 6000 * step * share(f), m / step]));
  return [
    { series: `http_requests_total{${JOB},handler="/api/v1/accounts",status="200"}`, values: per((f) => 1 - f) },
    { series: `http_requests_total{${JOB},handler="/api/v1/accounts",status="503"}`, values: per((f) => f) },
  ];
}

type Interval = readonly [start: number, firstQuiet: number];
interface Scenario {
  name: string;
  series: TestGroup["input_series"];
  before: Partial<Record<"1h/5m" | "6h/30m" | "1d/2h" | "3d/6h", Interval>>;
}

const labels = (severity: string, window: string) => ({ severity, service: "finsight-api", slo: "availability", burn_window: window });

/** At each start and stop minute: the old alert and the new pair instance agree (firing at start and stop - 1, quiet at start - 1 and stop). */
function checks(s: Scenario, notes: Map<string, Record<string, string>>): TestGroup["alert_rule_test"] {
  const out: TestGroup["alert_rule_test"] = [];
  const minutes = new Set<number>();
  for (const [start, stop] of Object.values(s.before)) for (const m of [start - 1, start, stop - 1, stop]) minutes.add(m);
  for (const m of [...minutes].sort((a, b) => a - b)) {
    for (const [alert, pairs, severity] of [[PAGE, ["1h/5m", "6h/30m"], "critical"], [TICKET, ["1d/2h", "3d/6h"], "warning"]] as const) {
      const firing = pairs.filter((p) => {
        const i = s.before[p];
        return i !== undefined && m >= i[0] && m < i[1];
      });
      out.push({ eval_time: `${m}m`, alertname: alert, exp_alerts: firing.map((p) => ({ exp_labels: labels(severity, p), exp_annotations: notes.get(alert)! })) });
      for (const p of pairs) out.push({ eval_time: `${m}m`, alertname: `before ${p}`, exp_alerts: firing.includes(p) ? [{ exp_labels: {}, exp_annotations: {} }] : [] });
    }
  }
  return out;
}

/** Six clean hours first, so the page windows are full; times are minutes from the start. */
const SCENARIOS: Scenario[] = [
  { name: "total outage for an hour", series: requests([[360, 0], [60, 1], [420, 0]]), before: { "1h/5m": [361, 425], "6h/30m": [363, 450], "1d/2h": [362, 540], "3d/6h": [361, 780] } },
  { name: "a 10-minute spike of errors", series: requests([[360, 0], [10, 1], [420, 0]]), before: { "1h/5m": [361, 375], "6h/30m": [363, 400], "1d/2h": [362, 490], "3d/6h": [361, 730] } },
  { name: "2% errors for 4 hours", series: requests([[360, 0], [240, 0.02], [420, 0]]), before: { "1h/5m": [404, 602], "6h/30m": [468, 621], "1d/2h": [424, 702], "3d/6h": [379, 942] } },
  { name: "0.5% errors for 4 hours", series: requests([[360, 0], [240, 0.005], [420, 0]]), before: { "3d/6h": [451, 888] } },
  { name: "an hour's outage, then no traffic at all", series: requests([[360, 0], [60, 1], [420, null]]), before: { "1h/5m": [361, 425], "6h/30m": [363, 450], "1d/2h": [362, 540], "3d/6h": [361, 780] } },
];

describe.concurrent("one page and one ticket per SLO fire exactly when the four alerts of before did", () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const result = await testRules(dir, "1m", [{ name: scenario.name, interval: "1m", input_series: scenario.series, alert_rule_test: checks(scenario, annotations) }], ["rules.yaml", "reference.yaml"]);
      expect(result.code, `promtool test rules failed:\n${result.output}`).toBe(0);
    });
  }

  it("no traffic at all: nothing fires, before or now", async () => {
    const quiet = (m: number) => [PAGE, TICKET, "before 1h/5m", "before 3d/6h"].map((alertname) => ({ eval_time: `${m}m`, alertname, exp_alerts: [] }));
    const result = await testRules(dir, "1m", [{ name: "no traffic", interval: "1m", input_series: requests([[360, null]]), alert_rule_test: [30, 120, 359].flatMap(quiet) }], ["rules.yaml", "reference.yaml"]);
    expect(result.code, result.output).toBe(0);
  });

  it("the checks are real: a page expected one minute early fails", async () => {
    const scenario = { ...SCENARIOS[0], before: { ...SCENARIOS[0].before, "1h/5m": [360, 425] as const } };
    const result = await testRules(dir, "1m", [{ name: "early", interval: "1m", input_series: scenario.series, alert_rule_test: checks(scenario, annotations) }], ["rules.yaml", "reference.yaml"]);
    expect(result.code).not.toBe(0);
  });
});

describe("a 7-day SLO at exactly its objective", () => {
  it("its ticket (1x, from its own table) stays quiet, where the scaled 0.7x and 0.2x tickets of before fired", async () => {
    const burnRates = { page: [{ long: "1h", short: "5m", factor: 14.4 }, { long: "6h", short: "30m", factor: 6 }], ticket: [{ long: "1d", short: "2h", factor: 1 }] };
    const seven = sloDir((s) => (s.slos = { availability: { ...s.slos.availability, window: "7d", burnRates } }));
    const at = (m: number) => [
      { eval_time: `${m}m`, alertname: TICKET, exp_alerts: [] },
      { eval_time: `${m}m`, alertname: PAGE, exp_alerts: [] },
      { eval_time: `${m}m`, alertname: "before 7d ticket 0.7x 1d/2h", exp_alerts: [{ exp_labels: {}, exp_annotations: {} }] },
      { eval_time: `${m}m`, alertname: "before 7d ticket 0.2x 3d/6h", exp_alerts: [{ exp_labels: {}, exp_annotations: {} }] },
    ];
    // 0.1% of requests fail for a day and a half: exactly the 99.9% objective.
    const result = await testRules(seven.dir, "5m", [{ name: "at the objective", interval: "5m", input_series: requests([[2160, 0.001]], 5), alert_rule_test: [720, 1440, 2100].flatMap(at) }], ["rules.yaml", "reference.yaml"]);
    expect(result.code, `promtool test rules failed:\n${result.output}`).toBe(0);
  });
});
