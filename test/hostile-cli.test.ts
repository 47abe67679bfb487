/**
 * Hostile input through the `monitoring` command itself, for a representative case of each class
 * (the whole corpus runs through the same reader and pipeline in validation-corpus.test.ts): the
 * exit code, the one located line per problem, nothing on stdout (no plan), and nothing that
 * looks like a JavaScript error or "this is a bug".
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { JS_ERROR } from "./corpus/run";
import { cli, editFile, scratchProject } from "./helpers";

interface CliCase {
  name: string;
  stack: "dev" | "prod";
  edit: (yaml: string) => string;
  exit: 1 | 2;
  /** A line of stderr must contain this. */
  says: string;
  /** Run `validate` too (every case runs `plan --format json`). */
  validate?: boolean;
  never?: string;
}

const CASES: CliCase[] = [
  { name: "[5] routing.critical: [constructor]", stack: "dev", edit: (t) => t.replace("critical: [dev-email]", "critical: [constructor]"), exit: 1, validate: true, says: 'dev Pulumi.dev.yaml monitoring:routing.critical[0]: no contact has the key "constructor"' },
  { name: "[5] monitoring:__proto__ overriding the policy", stack: "prod", edit: (t) => t.replace("critical: [oncall-sms, oncall-pagerduty, oncall-email]", "critical: [oncall-email]").replace("  monitoring:policy:\n", '  monitoring:__proto__:\n    policy:\n      criticalReachesPager: "off"\n  monitoring:policy:\n'), exit: 1, says: "prod Pulumi.prod.yaml monitoring:__proto__: cannot be a key" },
  { name: "[6] a stack check interval of 100000d", stack: "dev", edit: (t) => t.replace("interval: 5m", "interval: 100000d"), exit: 1, says: "dev Pulumi.dev.yaml monitoring:checks.interval: expected a duration between 30s and 1d" },
  { name: "[4] a base URL with credentials", stack: "dev", edit: (t) => t.replace("baseUrl: https://api.dev.finsight.example", "baseUrl: https://deploy:CANARYPW@api.dev.finsight.example"), exit: 1, validate: true, never: "CANARYPW", says: "dev Pulumi.dev.yaml monitoring:services.finsight-api.baseUrl: contains credentials (user:password@)" },
  { name: "[7] an environment with a newline", stack: "dev", edit: (t) => t.replace("monitoring:environment: dev", 'monitoring:environment: "dev\\nprod"'), exit: 1, says: 'dev Pulumi.dev.yaml monitoring:environment: "dev\\nprod" contains a control or invisible character' },
  { name: "[7] prometheusUrl: javascript:alert(1)", stack: "prod", edit: (t) => t.replace("prometheusUrl: https://prometheus.finsight.example", 'prometheusUrl: "javascript:alert(1)"'), exit: 1, says: 'prod Pulumi.prod.yaml monitoring:vendors.grafana.prometheusUrl: has the scheme "javascript"' },
  { name: "[7] secure: with an empty value", stack: "prod", edit: (t) => t.replace('phone: "+15555550100"', 'phone:\n        secure: ""'), exit: 2, says: "monitoring: Pulumi.prod.yaml monitoring:contacts.oncall-sms.phone: the secure: value is empty" },
  { name: "[7] a byte that is not UTF-8", stack: "dev", edit: (t) => t.replace("dev-alerts@", "dev-alerts\xff@"), exit: 2, says: "monitoring: Pulumi.dev.yaml: line 12 has a byte that is not UTF-8 (0xff)" },
  { name: "[8] a YAML alias bomb", stack: "dev", edit: (t) => `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n${t}`, exit: 2, validate: true, says: "monitoring: Pulumi.dev.yaml: its YAML aliases (*name) expand to too much" },
];

describe("hostile stack files through the monitoring command", () => {
  let dir: string;
  const original: Record<string, Buffer> = {};

  beforeAll(() => {
    dir = scratchProject();
    for (const stack of ["dev", "prod"]) original[stack] = fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`));
  });

  for (const c of CASES) {
    it(c.name, () => {
      const file = path.join(dir, `Pulumi.${c.stack}.yaml`);
      // latin1 keeps every byte as written, so a case can plant one that is not UTF-8.
      fs.writeFileSync(file, Buffer.from(c.edit(original[c.stack].toString("latin1")), "latin1"));
      try {
        for (const command of c.validate ? ["validate", "plan"] : ["plan"]) {
          const r = cli(command === "plan" ? ["plan", "--stack", c.stack, "--format", "json"] : ["validate", "--stack", c.stack], dir);
          expect(r.code, r.stderr).toBe(c.exit);
          expect(r.stdout, "no plan is printed").toBe("");
          expect(r.stderr.split("\n").some((l) => l.includes(c.says)), r.stderr).toBe(true);
          expect(r.stderr).not.toMatch(JS_ERROR);
          expect(r.stderr).not.toContain("this is a bug");
          if (c.exit === 2) expect(r.stderr.trim().split("\n")).toHaveLength(1);
          if (c.never) expect(r.stderr + r.stdout).not.toContain(c.never);
        }
      } finally {
        fs.writeFileSync(file, original[c.stack]);
      }
    });
  }

  it('[9] environment "2024" (quoted) is the name 2024 in every vendor name', () => {
    const file = path.join(dir, "Pulumi.dev.yaml");
    fs.writeFileSync(file, original.dev.toString("utf8").replace("monitoring:environment: dev", 'monitoring:environment: "2024"'));
    try {
      const r = cli(["plan", "--stack", "dev", "--format", "json"], dir);
      expect(r.code, r.stderr).toBe(0);
      const plan = JSON.parse(r.stdout);
      const monitor = plan.resources.find((x: { name: string }) => x.name === "finsight-api-uptime-health");
      expect(monitor.inputs.name).toBe("FinSight API - Health [2024]");
    } finally {
      fs.writeFileSync(file, original.dev);
    }
  });
});

describe("hostile definitions through the monitoring command", () => {
  it("[1][3] an array body, an injected rate-limit path and a header with CR/LF: each located, nothing planned", () => {
    const dir = scratchProject();
    editFile(dir, "monitors/finsight.ts", (t) =>
      t
        .replace('body: { json: { email: "test@test.com" } },', 'body: { json: ["test@test.com"] },')
        .replace('path: "/health",', 'path: "/health",\n      headers: { "X-Trace": "1\\r\\nX-Injected: 1" },')
        .replace('path: "/api/v1/auth/register",\n      methods', 'path: \'/x" or http.host ne "\',\n      methods'),
    );
    for (const command of ["validate", "plan"]) {
      const r = cli([command, "--stack", "dev"], dir);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("dev finsight-api.checks.register.body: UptimeRobot sends a JSON object as a request body, not an array");
      expect(r.stderr).toContain("dev finsight-api.checks.health.headers.X-Trace: the value");
      expect(r.stderr).toContain("dev finsight-api.rateLimits.auth-register.path: ");
      expect(r.stderr).not.toMatch(JS_ERROR);
    }
  });
});
