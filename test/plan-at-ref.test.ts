/**
 * How `monitoring diff` makes its plans: one process per tree plans every stack of it, and must
 * make exactly the plans `monitoring plan` makes one stack at a time.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, editFile, ROOT, scratchDir, scratchProject } from "./helpers";

const KEY = { MONITORING_FINGERPRINT_KEY: "one key for both sides" };

interface PlanJson {
  resources: { urn: string }[];
  warnings: string[];
  summary: unknown;
}

function worker(dir: string, stacks: string[]): { code: number | null; stderr: string; prefix: string } {
  const prefix = path.join(scratchDir("plan-worker-"), "head-");
  const r = spawnSync(process.execPath, [path.join(ROOT, "dist", "src", "cli", "plan-worker.js"), dir, prefix, ...stacks], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, ...KEY },
  });
  return { code: r.status, stderr: r.stderr, prefix };
}

const byUrn = (plan: PlanJson) => [...plan.resources].sort((a, b) => a.urn.localeCompare(b.urn));

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

describe("plans of several stacks in one process", () => {
  it("are the plans `monitoring plan` makes for each stack alone, resource by resource", () => {
    const run = worker(ROOT, ["dev", "prod"]);
    expect(run.code, run.stderr).toBe(0);
    for (const stack of ["dev", "prod"]) {
      const together = JSON.parse(fs.readFileSync(`${run.prefix}${stack}.json`, "utf8")) as PlanJson;
      const alone = cli(["plan", "--stack", stack, "--format", "json"], ROOT, KEY);
      expect(alone.code, alone.stderr).toBe(0);
      const single = JSON.parse(alone.stdout) as PlanJson;
      expect(byUrn(together), stack).toEqual(byUrn(single));
      expect(together.summary).toEqual(single.summary);
      expect(together.warnings).toEqual(single.warnings);
    }
  });

  it("a stack that fails ends the process after writing its problems; the diff plans the other stacks anew and reports every failure", () => {
    const repo = scratchProject();
    fs.copyFileSync(path.join(ROOT, "package-lock.json"), path.join(repo, "package-lock.json"));
    fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\ndist\n");
    git(repo, "init", "--quiet", "--initial-branch=main");
    git(repo, "add", ".");
    git(repo, "commit", "--quiet", "-m", "base");
    editFile(repo, "Pulumi.dev.yaml", (t) => t.replace("critical: [dev-email]", "critical: [nobody, dev-email]"));
    editFile(repo, "Pulumi.prod.yaml", (t) => t.replace("critical: [oncall-sms,", "critical: [no-one, oncall-sms,"));

    const direct = worker(repo, ["dev", "prod"]);
    expect(direct.code).toBe(1);
    expect(fs.readFileSync(`${direct.prefix}dev.failed`, "utf8")).toContain('dev Pulumi.dev.yaml monitoring:routing.critical[0]: no contact has the key "nobody"');
    expect(fs.existsSync(`${direct.prefix}prod.json`)).toBe(false);
    expect(fs.existsSync(`${direct.prefix}prod.failed`)).toBe(false);

    git(repo, "commit", "--quiet", "-am", "route to contacts that do not exist");
    git(repo, "revert", "--no-edit", "HEAD");
    const r = cli(["diff", "--base", "HEAD~1", "--all-stacks"], repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a plan could not be made, so nothing was compared");
    expect(r.stderr).toMatch(/dev at HEAD~1:\n[\s\S]*dev Pulumi\.dev\.yaml monitoring:routing\.critical\[0\]: no contact has the key "nobody"/);
    expect(r.stderr).toMatch(/prod at HEAD~1:\n[\s\S]*prod Pulumi\.prod\.yaml monitoring:routing\.critical\[0\]: no contact has the key "no-one"/);
  });
});
