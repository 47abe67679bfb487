/**
 * The vendor seam: a new vendor (a minimal made-up one with one dynamic kind, in
 * test/fixtures/vendor/pingcheck) plugs in by adding its folder and one registry line, and
 * appears in `validate`, `plan`, `cost` and `diff` with no other source file changed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, editFile, ROOT, scratchProject } from "../helpers";

const PROBE = "pulumi-nodejs:dynamic/pingcheck:Probe";

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

describe("a new vendor module", () => {
  let repo: string;
  let changed: string;

  beforeAll(() => {
    repo = scratchProject();
    fs.copyFileSync(path.join(ROOT, "package-lock.json"), path.join(repo, "package-lock.json"));
    fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\ndist\n");
    git(repo, "init", "--quiet", "--initial-branch=main");
    git(repo, "add", ".");
    git(repo, "commit", "--quiet", "-m", "before the vendor");

    // The folder, and one line in the registry (with its import).
    fs.cpSync(path.join(ROOT, "test/fixtures/vendor/pingcheck"), path.join(repo, "src/targets/pingcheck"), { recursive: true });
    editFile(repo, "src/targets/index.ts", (t) =>
      t.replace('import { uptimeRobot } from "./uptimerobot";', 'import { uptimeRobot } from "./uptimerobot";\nimport { pingcheck } from "./pingcheck";').replace(/(export const VENDORS: [^=]+= \[[^\]]*)\]/, "$1, pingcheck]"),
    );
    changed = git(repo, "status", "--porcelain");
  }, 120_000);

  it("needs no other source file", () => {
    expect(changed.split("\n").filter(Boolean).sort()).toEqual([" M src/targets/index.ts", "?? src/targets/pingcheck/"]);
  });

  it("validate runs its problems over the stack, with its settings' defaults", () => {
    const r = cli(["validate", "--stack", "dev"], repo);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("dev Pulumi.dev.yaml monitoring:vendors.pingcheck.plan: PingCheck hobby probes 1 URL and this stack declares 2 (expected plan pro)");
  });

  describe("with its settings in the stack file", () => {
    let plan: { resources: Array<{ type: string; name: string; parent?: string; inputs: Record<string, unknown> }> };

    beforeAll(() => {
      editFile(repo, "Pulumi.dev.yaml", (t) => t.replace("  monitoring:vendors:\n", "  monitoring:vendors:\n    pingcheck:\n      plan: pro\n"));
      git(repo, "commit", "--quiet", "-am", "add PingCheck");
      const r = cli(["plan", "--stack", "dev", "--format", "json"], repo);
      expect(r.code, r.stderr).toBe(0);
      plan = JSON.parse(r.stdout);
    }, 120_000);

    it("validate passes", () => {
      const r = cli(["validate", "--stack", "dev"], repo);
      expect(r.code, r.stderr).toBe(0);
    });

    it("plan registers its resources under each service, with their inputs", () => {
      const probes = plan.resources.filter((r) => r.type === PROBE);
      expect(probes.map((p) => [p.name, p.inputs.url, p.inputs.intervalSeconds])).toEqual([
        ["finsight-api-ping-health", "https://api.dev.finsight.example/health", 300],
        ["finsight-api-ping-register", "https://api.dev.finsight.example/api/v1/auth/register", 300],
      ]);
      expect(probes.every((p) => p.parent?.endsWith("monitoring:index:Service::finsight-api"))).toBe(true);
    });

    it("cost prices it from its own tiers", () => {
      const r = cli(["cost", "--stack", "dev"], repo);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^pingcheck\s+pro\s+pro\s+\$9\s+2 probes$/m);
    });

    it("diff shows it created, with its settings and the cost it adds", () => {
      const r = cli(["diff", "--base", "HEAD~1", "--stack", "dev", "--format", "json"], repo);
      expect(r.code, r.stderr).toBe(0);
      const dev = JSON.parse(r.stdout).stacks[0];
      expect(dev.changes.map((c: { action: string; type: string; name: string }) => `${c.action} ${c.type} ${c.name}`)).toEqual([
        `create ${PROBE} finsight-api-ping-health`,
        `create ${PROBE} finsight-api-ping-register`,
      ]);
      expect(dev.settings).toEqual([{ path: "monitoring:vendors.pingcheck.plan", after: "pro" }]);
      expect(dev.cost.vendors).toEqual([{ vendor: "pingcheck", after: { tier: "pro", usdPerMonth: 9 } }]);
    }, 180_000);

    it("diff replaces what its kind cannot change in place", () => {
      const before = path.join(repo, "before.json");
      fs.writeFileSync(before, JSON.stringify(plan));
      editFile(repo, "Pulumi.dev.yaml", (t) => t.replace("https://api.dev.finsight.example", "https://api.staging.finsight.example"));
      const after = cli(["plan", "--stack", "dev", "--format", "json", "--out", "after.json"], repo);
      expect(after.code, after.stderr).toBe(0);
      const r = cli(["diff", "--base-plan", "before.json", "--head-plan", "after.json", "--format", "json"], repo);
      const changes: Array<{ action: string; type: string; name: string }> = JSON.parse(r.stdout).stacks[0].changes;
      expect(changes.filter((c) => c.type === PROBE).map((c) => `${c.action} ${c.name}`)).toEqual(["replace finsight-api-ping-health", "replace finsight-api-ping-register"]);
      // The UptimeRobot monitors on the same URLs change in place.
      expect(changes.filter((c) => c.type.endsWith("uptimerobot:Monitor") && c.name.includes("health")).map((c) => c.action)).toEqual(["update"]);
    }, 120_000);
  });
});
