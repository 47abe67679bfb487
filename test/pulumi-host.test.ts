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
});
