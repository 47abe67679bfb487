/**
 * `monitoring cost`: the tier each vendor needs, what it costs, and the total, for both stacks.
 */
import { describe, expect, it } from "vitest";
import { stackCost } from "../src/cli/cost";
import { uptimeRobot } from "../src/targets/uptimerobot";
import { validateStack } from "../src/pipeline";
import { cli, editFile, finsightCopy, scratchProject, stackConfig, withSetting } from "./helpers";

function costOf(stack: string, edit: (svc: Record<string, any>) => void = () => undefined, config = stackConfig(stack)) {
  const svc = finsightCopy();
  edit(svc);
  const { model, problems } = validateStack({ stack, services: [svc], config });
  expect(problems.filter((p) => p.level === "error")).toEqual([]);
  return stackCost(model!);
}

/** The stack's vendors setting with another UptimeRobot plan. */
function planned(stack: string, plan: string) {
  const vendors = JSON.parse(stackConfig(stack)["monitoring:vendors"]);
  return { ...vendors, uptimerobot: { ...vendors.uptimerobot, plan } };
}

const vendor = (c: ReturnType<typeof stackCost>, name: string) => c.vendors.find((v) => v.vendor === name)!;

describe("monitoring cost", () => {
  it("prints every vendor's tier and a monthly total for both stacks", () => {
    for (const stack of ["dev", "prod"]) {
      const r = cli(["cost", "--stack", stack]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Monthly cost of stack ${stack} (list prices as of ${uptimeRobot.pricing!.asOf}`);
      for (const v of ["uptimerobot", "sentry", "cloudflare", "grafana", "stripe"]) expect(r.stdout).toMatch(new RegExp(`^${v}\\s+\\S+\\s+\\S+\\s+\\$\\d+`, "m"));
      expect(r.stdout).toMatch(/^Total: \$\d+\/month$/m);
    }
  });

  it("prod needs a paid UptimeRobot plan for 1-minute checks and SMS; dev for its heartbeat and alert delay", () => {
    const prod = vendor(costOf("prod"), "uptimerobot");
    expect(prod.needed).toBe("solo");
    expect(prod.reasons.join("; ")).toMatch(/checks every 1m \(free checks every 5m at most\).*SMS\/voice contact oncall-sms \(not on free\)/);
    expect(prod.usdPerMonth).toBe(uptimeRobot.pricing!.tiers.find((t) => t.name === "solo")!.usdPerMonth);
    const dev = vendor(costOf("dev"), "uptimerobot");
    expect(dev).toMatchObject({ needed: "solo" });
    expect(dev.reasons.join("; ")).toMatch(/heartbeat check daily-report \(not on free\).*alertAfter\/repeatEvery on health \(not on free\)/);
    // Without them, Free would do.
    const plain = vendor(costOf("dev", (svc) => {
      delete svc.checks["daily-report"];
      delete svc.checks.health.alertAfter;
    }), "uptimerobot");
    expect(plain.needed).toBe("free");
  });

  it("more than 50 monitors need a bigger UptimeRobot plan than free", () => {
    const c = costOf(
      "dev",
      (svc) => {
        for (let i = 0; i < 60; i++) svc.checks[`extra-${i}`] = { kind: "http", path: `/extra/${i}`, runbook: "https://example.com/runbook" };
        svc.statusPage = undefined;
      },
      withSetting(withSetting(stackConfig("dev"), "vendors", planned("dev", "team")), "statusPage", { enabled: false }),
    );
    const ur = vendor(c, "uptimerobot");
    expect(ur.needed).toBe("team");
    // Configured as needed: the explanation says why the tier below (solo) would not do.
    expect(ur.reasons[0]).toBe("63 monitors (solo allows 50)");
  });

  it("explains the need against the configured tier when that tier falls short", () => {
    const many = (svc: Record<string, any>) => {
      for (let i = 0; i < 60; i++) svc.checks[`extra-${i}`] = { kind: "http", path: `/extra/${i}`, runbook: "https://example.com/runbook" };
    };
    const on = (plan: string) => {
      const svc = finsightCopy();
      many(svc);
      const config = withSetting(withSetting(stackConfig("dev"), "vendors", planned("dev", plan)), "checks", { interval: "1m" });
      const { resolved } = validateStack({ stack: "dev", services: [svc], config });
      return vendor(stackCost(resolved!), "uptimerobot");
    };
    const solo = on("solo");
    expect(solo).toMatchObject({ needed: "team", configured: "solo" });
    expect(solo.reasons.slice(0, 2)).toEqual(["63 monitors (solo allows 50)", "checks every 1m"]);
    const free = on("free");
    expect(free.reasons.slice(0, 2)).toEqual(["63 monitors (free allows 50)", "checks every 1m (free checks every 5m at most)"]);
    expect(free.reasons).toContain("heartbeat check daily-report (not on free)");
  });

  it("two Cloudflare rate-limit rules need Pro, one fits Free; a configured tier above the need is pointed out", () => {
    expect(vendor(costOf("dev"), "cloudflare").needed).toBe("pro");
    // dev's zone also runs Super Bot Fight Mode (Pro): without it, the rate limits alone decide.
    const vendors = JSON.parse(stackConfig("dev")["monitoring:vendors"]);
    const noBots = withSetting(stackConfig("dev"), "vendors", { ...vendors, cloudflare: { ...vendors.cloudflare, edge: { ...vendors.cloudflare.edge, bots: undefined } } });
    const one = costOf(
      "dev",
      (svc) => {
        delete svc.rateLimits["api-burst"];
      },
      noBots,
    );
    expect(vendor(one, "cloudflare")).toMatchObject({ needed: "free", configured: "pro", billed: "pro" });
    expect(vendor(one, "cloudflare").note).toMatch(/configured pro \(\$20\) is more than needed: free would do \(\$0\)/);
  });

  it("sums the billed tiers into the total", () => {
    const c = costOf("prod");
    expect(c.totalUsdPerMonth).toBe(c.vendors.reduce((t, v) => t + v.usdPerMonth, 0));
  });

  it("appears as one line at the end of plan's table", () => {
    const r = cli(["plan", "--stack", "prod"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split("\n").pop()).toMatch(/^Cost: uptimerobot solo \$9, .*; \$\d+\/month \(monitoring cost --stack prod for why\)$/);
  });

  it("prints the tiers needed when they exceed the configured ones, then the problems, and exits 1", () => {
    const dir = scratchProject();
    // dev on an UptimeRobot Free account of its own (its stack file says solo: it shares prod's), checking every minute.
    editFile(dir, "Pulumi.dev.yaml", (t) => t.replace("  monitoring:checks:\n    interval: 5m", "  monitoring:checks:\n    interval: 1m").replace("      plan: solo\n", "      plan: free\n"));
    const r = cli(["cost", "--stack", "dev"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^uptimerobot\s+solo\s+free\s+\$9\s+.*checks every 1m/m);
    expect(r.stdout).toContain("note: uptimerobot: configured free is not enough: solo is needed");
    expect(r.stderr).toContain("dev Pulumi.dev.yaml monitoring:checks.interval: UptimeRobot free checks at most every 5m");
  });
});
