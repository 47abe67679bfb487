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
    expect(out.heartbeatUrls).toEqual({
      "billing-worker": { "invoice-run": secret("https://heartbeat.uptimerobot.com/billing-worker-uptime-invoice-run") },
      "finsight-api": { "daily-report": secret("https://heartbeat.uptimerobot.com/finsight-api-uptime-daily-report") },
    });
    // prod's status page is the stack's own (monitoring:statusPage), not one service's.
    expect(out.stackStatusPage).toEqual({ url: "https://status.finsight.example" });
    expect(out.statusPageUrls).toBeUndefined();
    // The business alerts go to the relay, so their endpoint is the relay's.
    expect(out.stripeSigningSecrets["finsight-api"]).toEqual({ relay: secret("whsec_finsight-api-stripe-relay") });
    expect(out.environment).toBe("production");
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

  it("hands the Stripe endpoint's signing secret to the relay Worker as a secret binding, never in the clear", async () => {
    const run = await hostRun(ROOT, "prod", ({ type, name, inputs }) => (type.endsWith("stripe:WebhookEndpoint") ? { ...inputs, secret: `whsec_${name}_signing` } : inputs));
    expect(run.code, run.stderr).toBe(0);
    const worker = run.resources.find((r) => r.type === "cloudflare:index/workersScript:WorkersScript")!;
    const bindings = worker.inputs.bindings as Array<Record<string, unknown>>;
    const binding = bindings.find((b) => b.name === "STRIPE_WEBHOOK_SECRET")!;
    expect(binding).toEqual({ type: "secret_text", name: "STRIPE_WEBHOOK_SECRET", text: { [SECRET_SIG]: SECRET_VALUE, value: "whsec_finsight-api-stripe-relay_signing" } });
    // Every secret binding is sent as a Pulumi secret (encrypted in state, [secret] in plans).
    for (const b of bindings.filter((x) => x.type === "secret_text")) expect((b.text as Record<string, unknown>)[SECRET_SIG], String(b.name)).toBe(SECRET_VALUE);
    // Outside secret wrappers, the signing secret appears nowhere: not in the Worker's code, its CONFIG or any other input.
    const unwrapped = JSON.stringify(run.resources.map((r) => r.inputs), (_k, v) => (v && typeof v === "object" && v[SECRET_SIG] === SECRET_VALUE ? "[secret]" : v));
    expect(unwrapped).not.toContain("whsec_");
    const code = fs.readFileSync(path.join(ROOT, worker.inputs.contentFile as string), "utf8");
    expect(code).not.toContain("whsec_finsight");
  });
});
