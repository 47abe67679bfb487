/**
 * The program runs through Pulumi's own Node.js language host, as `pulumi up` runs it, and
 * registers exactly what `monitoring plan` shows.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readProject, readStackConfig } from "../src/cli/project";
import { runThroughHost, SEVERITY_ERROR } from "./fakes/pulumi-host";
import { cli, editFile, ROOT, scratchProject } from "./helpers";

async function hostRun(root: string, stack: string) {
  const project = readProject(root);
  const { config, secretKeys } = readStackConfig(project, stack);
  return runThroughHost({ root, main: path.relative(root, project.main), project: project.name, stack, config, secretKeys });
}

describe("the Pulumi Node.js host", () => {
  it("loads dist/src/program.js and registers the same resources as the plan", async () => {
    const run = await hostRun(ROOT, "prod");
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(cli(["plan", "--stack", "prod", "--format", "json"]).stdout);
    const hosted = run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.urn).sort();
    expect(hosted).toEqual(plan.resources.map((r: { urn: string }) => r.urn).sort());
    expect(hosted.length).toBeGreaterThan(5);
  });

  it("reports invalid definitions as one error with every problem and no stack trace, registering nothing but the stack", async () => {
    const dir = scratchProject();
    // Break the compiled definition (what the host loads), newer than its source, so no rebuild is needed.
    editFile(dir, "dist/monitors/finsight.js", (t) => t.replace("abovePercent: 50,", "abovePercent: 150,"));
    const run = await hostRun(dir, "dev");
    expect(run.code).not.toBe(0);
    const errors = run.logs.filter((l) => l.severity === SEVERITY_ERROR).map((l) => l.message);
    expect(errors.join("\n")).toContain("dev finsight-api.errors.error-rate.abovePercent: expected a percentage between 0 and 100");
    expect(errors.join("\n")).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("after a syntax error the command names file and line, the host refuses the old build, and fixing the error runs both again", async () => {
    const dir = scratchProject();
    // A missing comma. The build fails and writes nothing, so dist/ still holds the last
    // successful build, of sources that are no longer there: it must not run.
    editFile(dir, "monitors/finsight.ts", (t) => t.replace('period: "1d",', 'period: "1d"'));
    for (const command of ["validate", "plan"]) {
      const r = cli([command, "--stack", "dev"], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^monitors\/finsight\.ts:\d+:\d+: Expected "\}" but found "grace"$/m);
    }
    const refused = await hostRun(dir, "dev");
    expect(refused.code).not.toBe(0);
    const errors = refused.logs.filter((l) => l.severity === SEVERITY_ERROR).map((l) => l.message).join("\n");
    expect(errors).toContain("the compiled program is older than monitors/finsight.ts: run `npm run build` first");
    expect(errors).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(refused.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);

    editFile(dir, "monitors/finsight.ts", (t) => t.replace('period: "1d"\n', 'period: "1d",\n'));
    const fixed = cli(["validate", "--stack", "dev"], dir);
    expect(fixed.code, fixed.stderr).toBe(0);
    const again = await hostRun(dir, "dev");
    expect(again.code, again.stderr).toBe(0);
    expect(again.resources.length).toBeGreaterThan(5);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a definition module that throws while loading is one located error, with no stack trace and nothing registered", async () => {
    const dir = scratchProject();
    fs.writeFileSync(
      path.join(dir, "monitors/billing.ts"),
      'import { defineService } from "../src/model";\nimport { owners } from "./owners";\n\nexport default defineService({ key: "billing", name: owners.billing });\n',
    );
    fs.writeFileSync(path.join(dir, "monitors/payments.ts"), 'import { defineService } from "../src/model";\n\nexport default defineService({ key: "payments", name: teamOf("payments") });\n');
    expect(cli(["validate", "--stack", "dev"], dir).code).toBe(1); // builds dist/; the host runs that build
    const run = await hostRun(dir, "dev");
    expect(run.code).not.toBe(0);
    const errors = run.logs.filter((l) => l.severity === SEVERITY_ERROR).map((l) => l.message).join("\n");
    expect(errors).toContain("2 problems in the monitoring definitions for stack dev; nothing was provisioned");
    expect(errors).toContain('dev monitors/billing.ts:2:24: imports "./owners", which cannot be found');
    expect(errors).toContain("dev monitors/payments.ts:3:55: threw ReferenceError: teamOf is not defined while loading");
    expect(errors).not.toContain("dist/");
    expect(errors).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
