/**
 * Proof by a real Prometheus tool that the generated PromQL does what the definitions say:
 * promtool parses the whole rule file (alerts, SLI recording rules, every dashboard query) and,
 * with synthetic series, shows each FinSight API and database alert firing when its condition
 * holds long enough and staying quiet just under the threshold and for spikes too short to matter
 * (the SLO alerts: slo-promtool.test.ts).
 *
 * Scenario series are written here by hand from the definitions (thresholds, `for`), not from
 * the generator, so a wrong expression fails a test.
 */
import { parse, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { load } from "../../../src/pipeline";
import { prometheusRuleFile } from "../../../src/targets/grafana";
import { finsightCopy, stackConfig } from "../../helpers";
import { counter, gauge, promtool, REQUESTS_PER_STEP, ruleDir, testRules, type TestGroup } from "./promtool";

const SERVICE = "finsight-api";
const JOB = `job="${SERVICE}"`;

let dir: string;
let alertsDir: string;
let ruleFile: string;
const annotations = new Map<string, Record<string, string>>();

beforeAll(() => {
  const model = load({ stack: "prod", services: [finsightCopy()], config: stackConfig("prod") });
  ruleFile = prometheusRuleFile(model);
  dir = ruleDir(ruleFile);
  // These unit tests evaluate the API and database groups only (byte-for-byte those of the rule
  // file); the SLO group is proven in slo-promtool.test.ts.
  const alertGroups = (parse(ruleFile) as { groups: { name: string }[] }).groups.filter((g) => g.name.endsWith("-api") || g.name.endsWith("-database"));
  alertsDir = ruleDir(stringify({ groups: alertGroups }, { lineWidth: 0 }));
  const doc = parse(ruleFile) as { groups: { rules: { alert?: string; annotations?: Record<string, string> }[] }[] };
  for (const group of doc.groups) for (const rule of group.rules) if (rule.alert) annotations.set(rule.alert, rule.annotations ?? {});
});

// ---------------------------------------------------------------------------------------------
// Scenario building

type Check = readonly [minute: number, firing: boolean];

function alertTest(alertname: string, labels: Record<string, string>, name: string, interval: string, series: TestGroup["input_series"], checks: readonly Check[]): TestGroup {
  const expAnnotations = annotations.get(alertname);
  if (!expAnnotations) throw new Error(`the rule file has no alert named "${alertname}"; it has: ${[...annotations.keys()].join(", ")}`);
  return {
    name: `${alertname}: ${name}`,
    interval,
    input_series: series,
    alert_rule_test: checks.map(([minute, firing]) => ({
      eval_time: `${minute}m`,
      alertname,
      exp_alerts: firing ? [{ exp_labels: { ...labels }, exp_annotations: expAnnotations }] : [],
    })),
  };
}

async function run(evaluationInterval: string, tests: TestGroup[]): Promise<void> {
  const result = await testRules(alertsDir, evaluationInterval, tests);
  expect(result.code, `promtool test rules failed:\n${result.output}`).toBe(0);
}

/** Requests with an error share per segment: [steps, share of 5xx]. */
function requests(segments: readonly (readonly [steps: number, errorShare: number])[]): TestGroup["input_series"] {
  return [
    { series: `http_requests_total{${JOB},handler="/api/v1/accounts",status="200"}`, values: counter(segments.map(([s, f]) => [REQUESTS_PER_STEP * (1 - f), s])) },
    { series: `http_requests_total{${JOB},handler="/api/v1/accounts",status="503"}`, values: counter(segments.map(([s, f]) => [REQUESTS_PER_STEP * f, s])) },
  ];
}

/**
 * Request durations per segment: [steps, share slower than 0.5 s, share slower than 1 s]; the
 * rest finish within 0.1 s. Bucket `1` is spelled "1.0", as Prometheus 3 and the Python client write it.
 */
function durations(segments: readonly (readonly [steps: number, over500ms: number, over1s: number])[]): TestGroup["input_series"] {
  const bucket = (le: string, share: (s: readonly [number, number, number]) => number) => ({
    series: `http_request_duration_seconds_bucket{${JOB},le="${le}"}`,
    values: counter(segments.map((s) => [REQUESTS_PER_STEP * share(s), s[0]])),
  });
  return [
    bucket("0.1", ([, a]) => 1 - a),
    bucket("0.25", ([, a]) => 1 - a),
    bucket("0.5", ([, a]) => 1 - a),
    bucket("1.0", ([, , b]) => 1 - b),
    bucket("2.5", () => 1),
    bucket("+Inf", () => 1),
    { series: `http_request_duration_seconds_count{${JOB}}`, values: counter(segments.map(([s]) => [REQUESTS_PER_STEP, s])) },
  ];
}

/** The database exporter is scraped as its own job (FinSight's `metrics.databaseSelector`). */
const DB_JOB = 'job="postgres"';
const metric = (name: string, values: string, labels = "") => ({ series: `${name}{${DB_JOB}${labels}}`, values });
const critical = { severity: "critical", service: SERVICE };
const warning = { severity: "warning", service: SERVICE };

// ---------------------------------------------------------------------------------------------

describe("the generated Prometheus rule file", () => {
  it("passes promtool check rules (alerts, SLO recording rules and every dashboard query)", () => {
    const result = promtool(["check", "rules", "rules.yaml"], dir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    const doc = parse(ruleFile) as { groups: { name: string }[] };
    expect(doc.groups.map((g) => g.name)).toEqual(["finsight-api-api", "finsight-api-database", "finsight-api-slo", "finsight-api-dashboard-queries"]);
  });

  it("is rejected by promtool when an expression is broken (the check is real)", () => {
    const broken = ruleDir(ruleFile.replace("sum by (le) (rate(", "sum by (le) (rate(("));
    expect(promtool(["check", "rules", "rules.yaml"], broken).code).not.toBe(0);
  });
});

describe.concurrent("API alerts under promtool", () => {
  it("error rate over 5% for 5m: fires when held, quiet at 4.9% and for a 4-minute spike", async () => {
    const name = "FinSight API - Error Rate";
    await run("1m", [
      alertTest(name, critical, "10% errors held for more than 5m fires", "1m", requests([[30, 0], [20, 0.1]]), [[31, false], [36, false], [42, true]]),
      alertTest(name, critical, "4.9% errors for an hour stays quiet", "1m", requests([[30, 0], [60, 0.049]]), [[60, false], [89, false]]),
      alertTest(name, critical, "a 4-minute spike of 10% errors stays quiet", "1m", requests([[30, 0], [4, 0.1], [30, 0]]), [[34, false], [36, false], [38, false], [45, false]]),
    ]);
  });

  it("p99 latency over 1000 ms for 10m: fires when held, quiet at p99 ≈ 990 ms and for a 4-minute slowdown", async () => {
    const name = "FinSight API - Latency P99";
    await run("1m", [
      alertTest(name, warning, "5% of requests over 1 s held for more than 10m fires", "1m", durations([[30, 0.05, 0], [20, 0.05, 0.05]]), [[40, false], [48, true]]),
      alertTest(name, warning, "0.9% over 1 s (p99 just under 1 s) stays quiet", "1m", durations([[60, 0.05, 0.009]]), [[30, false], [59, false]]),
      alertTest(name, warning, "a 4-minute slowdown stays quiet", "1m", durations([[30, 0.05, 0], [4, 0.05, 0.05], [30, 0.05, 0]]), [[38, false], [42, false], [50, false]]),
    ]);
  });
});

describe.concurrent("database alerts under promtool", () => {
  it("CPU over 80% for 5m: fires when held, quiet at 79.9% and for a 4-minute spike", async () => {
    const name = "FinSight API - PostgreSQL CPU";
    const cpu = (v: string) => [metric("db_cpu_usage_percent", v)];
    await run("1m", [
      alertTest(name, warning, "90% held fires after 5m", "1m", cpu(gauge([[50, 30], [90, 20]])), [[33, false], [38, true]]),
      alertTest(name, warning, "79.9% for an hour stays quiet", "1m", cpu(gauge([[79.9, 60]])), [[59, false]]),
      alertTest(name, warning, "95% for 4 minutes stays quiet", "1m", cpu(gauge([[50, 30], [95, 4], [50, 30]])), [[33, false], [35, false], [40, false]]),
    ]);
  });

  it("connections over 80% of the pool of 20 for 5m: fires at 17, quiet at 16 and for a 4-minute spike", async () => {
    const name = "FinSight API - PostgreSQL Connections";
    const conns = (active: string, idle: string) => [
      metric("pg_stat_activity_count", active, ',datname="finsight",state="active"'),
      metric("pg_stat_activity_count", idle, ',datname="finsight",state="idle"'),
    ];
    await run("1m", [
      alertTest(name, critical, "17 of 20 held fires after 5m", "1m", conns(gauge([[5, 30], [12, 20]]), gauge([[5, 50]])), [[33, false], [40, true]]),
      alertTest(name, critical, "16 of 20 (exactly 80%) stays quiet", "1m", conns(gauge([[11, 60]]), gauge([[5, 60]])), [[59, false]]),
      alertTest(name, critical, "all 20 for 4 minutes stays quiet", "1m", conns(gauge([[5, 30], [15, 4], [5, 30]]), gauge([[5, 64]])), [[33, false], [36, false], [40, false]]),
    ]);
  });

  it("disk over 80% for 15m: fires when held, quiet at 79.5% and for 13 minutes at 95%", async () => {
    const name = "FinSight API - PostgreSQL Disk";
    const disk = (v: string) => [metric("db_disk_used_percent", v)];
    await run("1m", [
      alertTest(name, warning, "85% held fires after 15m", "1m", disk(gauge([[70, 30], [85, 30]])), [[40, false], [50, true]]),
      alertTest(name, warning, "79.5% for an hour stays quiet", "1m", disk(gauge([[79.5, 60]])), [[59, false]]),
      alertTest(name, warning, "95% for 14 samples (13 minutes) stays quiet", "1m", disk(gauge([[70, 30], [95, 14], [70, 30]])), [[43, false], [45, false], [50, false]]),
    ]);
  });

  it("more than 10 slow queries in 5m: fires at 15 and for a burst of 11, quiet at 9 and when 12 spread over 15 minutes", async () => {
    const name = "FinSight API - PostgreSQL Slow Queries";
    const slow = (v: string) => [metric("db_slow_queries_total", v)];
    await run("1m", [
      alertTest(name, warning, "3 per minute (15 in 5m) fires", "1m", slow(counter([[0, 30], [3, 20]])), [[29, false], [40, true]]),
      alertTest(name, warning, "a burst of 11 within one minute fires", "1m", slow(counter([[0, 30], [11, 1], [0, 20]])), [[29, false], [33, true]]),
      alertTest(name, warning, "9 in 5m stays quiet", "1m", slow(counter([[0, 30], [1.8, 30]])), [[40, false], [59, false]]),
      alertTest(name, warning, "12 spread over 15 minutes stays quiet", "1m", slow(counter([[0, 30], [0.8, 15], [0, 15]])), [[35, false], [40, false], [45, false]]),
    ]);
  });

  it("database down for 1m: fires when pg_up is 0 or gone, quiet for a one-sample blip", async () => {
    const name = "FinSight API - PostgreSQL Down";
    const up = (v: string) => [metric("pg_up", v)];
    await run("1m", [
      alertTest(name, critical, "pg_up 0 held fires after 1m", "1m", up(gauge([[1, 30], [0, 10]])), [[29, false], [30, false], [32, true]]),
      alertTest(name, critical, "a single 0 sample stays quiet", "1m", up(gauge([[1, 30], [0, 1], [1, 20]])), [[30, false], [31, false], [32, false]]),
      alertTest(name, critical, "the exporter vanishing fires once its last sample is stale", "1m", up(gauge([[1, 30], ["_", 30]])), [[32, false], [40, true]]),
      alertTest(name, critical, "pg_up 1 stays quiet", "1m", up(gauge([[1, 60]])), [[59, false]]),
    ]);
  });
});
