/**
 * The program runs through Pulumi's own Node.js language host, as `pulumi up` runs it, and
 * registers exactly what `monitoring plan` shows.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readProject, readStackConfig } from "../src/cli/project";
import { runThroughHost, SEVERITY_ERROR, type StateOf } from "./fakes/pulumi-host";
import { cli, editFile, ROOT, scratchProject } from "./helpers";

async function hostRun(root: string, stack: string, state?: StateOf) {
  const project = readProject(root);
  const { config, secretKeys } = readStackConfig(project, stack);
  return runThroughHost({ root, main: path.relative(root, project.main), project: project.name, stack, config, secretKeys, state });
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

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

  it("publishes what people wire things up with as stack outputs, keyed by service and entry, secrets kept secret", async () => {
    // What the vendors would answer: a heartbeat's ping URL, the status page's address, a signing secret.
    const run = await hostRun(ROOT, "prod", ({ type, name, inputs }) => {
      if (type.endsWith("uptimerobot:Monitor") && inputs.type === "HEARTBEAT") return { ...inputs, heartbeatUrl: `https://heartbeat.uptimerobot.com/${name}` };
      if (type.endsWith("uptimerobot:StatusPage")) return { ...inputs, publicUrl: "https://status.finsight.example" };
      if (type.endsWith("stripe:WebhookEndpoint")) return { ...inputs, secret: `whsec_${name}` };
      return inputs;
    });
    expect(run.code, run.stderr).toBe(0);
    const out = run.stackOutputs as Record<string, Record<string, Record<string, unknown>>>;
    const secret = (value: string) => ({ [SECRET_SIG]: SECRET_VALUE, value });
    expect(out.heartbeatUrls).toEqual({ "finsight-api": { "daily-report": secret("https://heartbeat.uptimerobot.com/finsight-api-uptime-daily-report") } });
    // prod's status page is the stack's own (monitoring:statusPage), not one service's.
    expect(out.stackStatusPage).toEqual({ url: "https://status.finsight.example" });
    expect(out.statusPageUrls).toBeUndefined();
    expect(out.stripeSigningSecrets["finsight-api"]).toEqual({ "webhooks-stripe-billing": secret("whsec_finsight-api-stripe-webhooks-stripe-billing") });
    expect(out.environment).toBe("production");
  });
});
