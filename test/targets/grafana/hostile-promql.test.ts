/**
 * Hostile input into PromQL: every value of a service's `metrics` and every custom panel query is
 * checked the way Prometheus reads it before anything reaches a Grafana rule, one problem per
 * value naming where it is and what was expected; hostile-but-valid values (quotes, backslashes,
 * unicode in label values) are quoted by construction and promtool parses every generated rule.
 */
import { describe, expect, it } from "vitest";
import { load, validateStack } from "../../../src/pipeline";
import { prometheusRuleFile } from "../../../src/targets/grafana";
import { finsightCopy, stackConfig } from "../../helpers";
import { promtool, ruleDir } from "./promtool";

/**
 * The errors of a definition. A malformed `metrics` block is set aside whole (and reported), so
 * the product dashboard's per-client panels also report the client label they then lack: those
 * follow-on problems are left out here.
 */
function errors(edit: (s: Record<string, any>) => void) {
  const service = finsightCopy();
  edit(service);
  return validateStack({ stack: "prod", services: [service], config: stackConfig("prod") }).problems.filter(
    (p) => p.level === "error" && !p.where.startsWith("finsight-api.dashboards.product."),
  );
}

describe("one clear problem per bad value, before anything is provisioned", () => {
  it("a selector with an unclosed string", () => {
    expect(errors((s) => (s.metrics.selector = 'job="a}'))).toEqual([
      {
        level: "error",
        where: "finsight-api.metrics.selector",
        message: '"job=\\"a}" is not a label selector: the string starting at character 5 is not closed (expected a closing " on the same line) (expected label matchers separated by commas, like job="finsight-api" or env=~"prod|staging")',
      },
    ]);
  });

  it("a selector that is not matchers: braces, a bare word, a missing comma, an unknown operator", () => {
    for (const [selector, says] of [
      ['{job="api"}', 'character 1 ("{") does not start a label name'],
      ["job=api", "the value of job is not a quoted string"],
      ['job="api" env="prod"', 'follows the matcher of job (expected a comma)'],
      ['job=="api"', "the value of job is not a quoted string"],
      ['job~"api"', "label job is followed by no matcher"],
    ]) {
      expect(errors((s) => (s.metrics.selector = selector))).toEqual([expect.objectContaining({ where: "finsight-api.metrics.selector", message: expect.stringContaining(says) })]);
    }
  });

  it("a regular expression that does not compile as RE2: in errorStatusPattern and in a selector", () => {
    expect(errors((s) => (s.metrics.errorStatusPattern = "5(.."))).toEqual([
      expect.objectContaining({ where: "finsight-api.metrics.errorStatusPattern", message: expect.stringContaining("missing closing ): `^(?:5(..)$` (expected RE2 syntax") }),
    ]);
    expect(errors((s) => (s.metrics.errorStatusPattern = "5(?=0)\\d"))).toEqual([expect.objectContaining({ message: expect.stringContaining("invalid or unsupported Perl syntax") })]);
    expect(errors((s) => (s.metrics.databaseSelector = 'job=~"postgres|(mysql"'))).toEqual([
      expect.objectContaining({ where: "finsight-api.metrics.databaseSelector", message: expect.stringContaining("the regular expression of job does not compile") }),
    ]);
  });

  it("metric and label names outside Prometheus's grammar", () => {
    expect(errors((s) => (s.metrics.requestsTotal = "http-requests total"))).toEqual([
      expect.objectContaining({ where: "finsight-api.metrics.requestsTotal", message: '"http-requests total" is not a metric name (expected a Prometheus metric name: letters, digits, _ and :, not starting with a digit)' }),
    ]);
    expect(errors((s) => (s.metrics.statusLabel = "status}"))).toEqual([
      expect.objectContaining({ where: "finsight-api.metrics.statusLabel", message: expect.stringContaining("expected a Prometheus label name") }),
    ]);
    expect(errors((s) => (s.metrics.clientLabel = "client:id"))).toEqual([expect.objectContaining({ where: "finsight-api.metrics.clientLabel" })]);
  });

  it("a custom panel query with an open string, an unbalanced bracket or a broken regex", () => {
    const panel = (expr: string) => (s: Record<string, any>) => s.dashboards["api-overview"].panels.push({ kind: "query", title: "Custom", expr });
    expect(errors(panel('sum(rate(payments_total{job="a}[5m]))'))).toEqual([
      expect.objectContaining({ where: "finsight-api.dashboards.api-overview.panels[4].expr", message: expect.stringContaining("is not closed") }),
    ]);
    expect(errors(panel("sum(rate(payments_total[5m])"))[0].message).toContain('the "(" at character 4 is never closed');
    expect(errors(panel('sum(rate(payments_total{status=~"5(.."}[5m]))'))[0].message).toContain('the regular expression "5(.." does not compile');
  });
});

describe("hostile but valid values reach PromQL quoted, and promtool parses every rule", () => {
  it("quotes, backslashes, newlines and unicode in label values", () => {
    const service = finsightCopy();
    service.metrics.selector = `job="finsight\\"api", tenant='zürich \\\\ 東京', note=\`raw "quoted" \\d\``;
    service.metrics.errorStatusPattern = '5\\d\\d|"4(29)"';
    service.dashboards["api-overview"].panels.push({ kind: "query", title: "Payments", expr: 'sum(rate(payments_total{currency="€",memo=~"a\\\\.b|\\"c\\""}[$__rate_interval]))' });
    const file = prometheusRuleFile(load({ stack: "prod", services: [service], config: stackConfig("prod") }));
    expect(file).toContain(String.raw`http_requests_total{job="finsight\"api",tenant="zürich \\ 東京",note="raw \"quoted\" \\d",status=~"5\\d\\d|\"4(29)\""}`);
    const result = promtool(["check", "rules", "rules.yaml"], ruleDir(file));
    expect(result.code, result.output).toBe(0);
  });
});
