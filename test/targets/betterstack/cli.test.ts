/**
 * What a reviewer sees from the command: `monitoring plan --stack prod` shows the Better Stack log
 * source and the zone's edge settings (no token: it does not exist before Better Stack makes it),
 * `monitoring cost` prices Better Stack, and `monitoring diff` calls a platform change a replacement.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, editFile, scratchProject } from "../../helpers";

interface PlannedResource {
  type: string;
  name: string;
  parent?: string;
  inputs: Record<string, unknown>;
}

describe("the monitoring command with Better Stack and the edge settings", () => {
  it("plan --stack prod shows the log source under its service and the zone settings under the shared component", () => {
    const r = cli(["plan", "--stack", "prod", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const plan: { resources: PlannedResource[] } = JSON.parse(r.stdout);
    const source = plan.resources.find((x) => x.type === "pulumi-nodejs:dynamic/betterstack:Source")!;
    expect(source.name).toBe("finsight-api-logs-api");
    expect(source.parent).toMatch(/monitoring:index:Service::finsight-api$/);
    expect(source.inputs).toMatchObject({ name: "FinSight API [production]", platform: "python", retentionDays: 30 });
    expect(source.inputs).not.toHaveProperty("token");
    const zone = plan.resources.filter((x) => x.type === "cloudflare:index/zoneSetting:ZoneSetting" || x.type === "cloudflare:index/botManagement:BotManagement");
    expect(zone.map((x) => x.name).sort()).toEqual([
      "zone-bot-management",
      "zone-setting-always-use-https",
      "zone-setting-automatic-https-rewrites",
      "zone-setting-min-tls-version",
      "zone-setting-security-level",
      "zone-setting-ssl",
    ]);
    expect(zone.every((x) => x.parent?.endsWith("monitoring:index:Shared::shared"))).toBe(true);

    const table = cli(["plan", "--stack", "prod"]);
    expect(table.stdout).toMatch(/^ {2}betterstack\n {4}\+ Source +finsight-api-logs-api$/m);
    // Cloudflare: the ruleset, five zone settings and bot management, and the relay's Worker, KV namespace, subdomain and Cron Trigger.
    expect(table.stdout).toMatch(/^Resources: betterstack 1, cloudflare 11, /m);
  });

  it("cost prices Better Stack on both stacks", () => {
    const dev = cli(["cost", "--stack", "dev"]);
    expect(dev.stdout).toMatch(/^betterstack\s+free\s+free\s+\$0\s+1 log source; 1 GB of logs a month$/m);
    const prod = cli(["cost", "--stack", "prod"]);
    expect(prod.stdout).toMatch(/^betterstack\s+nano\s+nano\s+\$25\s+1 log source; logs kept 30 days \(free keeps 3\); 5 GB of logs a month \(free includes 3\)$/m);
  });

  it("diff replaces the source when its platform changes: a new source, and a new token", () => {
    const dir = scratchProject();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bs-diff-"));
    try {
      const before = path.join(tmp, "before.json");
      expect(cli(["plan", "--stack", "prod", "--format", "json", "--out", before], dir).code).toBe(0);
      editFile(dir, "monitors/finsight.ts", (t) => t.replace('platform: "python", retentionDays: 30', 'platform: "javascript", retentionDays: 60'));
      const after = path.join(tmp, "after.json");
      const planned = cli(["plan", "--stack", "prod", "--format", "json", "--out", after], dir);
      expect(planned.code, planned.stderr).toBe(0);
      const r = cli(["diff", "--base-plan", before, "--head-plan", after, "--format", "json"], dir);
      const changes: Array<{ action: string; type: string; name: string }> = JSON.parse(r.stdout).stacks[0].changes;
      expect(changes.map((c) => `${c.action} ${c.name}`)).toEqual(["replace finsight-api-logs-api"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
