/**
 * `monitoring diff` end to end in a scratch git repository with two commits, and the comparison
 * and rendering rules on saved plans.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encryptedSettings } from "../src/cli/plan-at-ref";
import { compareEncryptedSettings, diffPlans, failsOn, type DiffReport } from "../src/cli/diff";
import { COMMENT_LIMIT, COMMENT_MARKER, renderDiffJson, renderDiffMarkdown, renderDiffTable } from "../src/cli/diff-render";
import { secretFingerprint, type Plan, type PlannedResource } from "../src/cli/plan";
import { cli, editFile, ROOT, scratchDir, scratchProject } from "./helpers";

const OLD_WEBHOOK = "https://hooks.slack.com/services/T000/B000/placeholder";
const NEW_WEBHOOK = "https://hooks.slack.com/services/T000/B000/rotated0000";

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

describe("monitoring diff between two commits", () => {
  let repo: string;
  /** Whether this build maps uptime checks and contacts to UptimeRobot resources (issue 3). */
  let uptimeMapped = false;
  /** Whether any resource carries the Slack webhook (Grafana and UptimeRobot contacts do). */
  let webhookPlanned = false;
  let json: any;
  let markdown: ReturnType<typeof cli>;

  beforeAll(() => {
    repo = scratchProject();
    fs.copyFileSync(path.join(ROOT, "package-lock.json"), path.join(repo, "package-lock.json"));
    fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\ndist\n");
    git(repo, "init", "--quiet", "--initial-branch=main");
    git(repo, "add", ".");
    git(repo, "commit", "--quiet", "-m", "base");

    const base = cli(["plan", "--stack", "prod", "--format", "json"], repo);
    expect(base.code, base.stderr).toBe(0);
    const basePlan = JSON.parse(base.stdout) as Plan;
    uptimeMapped = basePlan.resources.some((r) => r.type.endsWith("uptimerobot:Monitor"));
    webhookPlanned = basePlan.resources.some((r) => r.secretInputs.some((p) => /url/i.test(p)) && /slack/i.test(JSON.stringify(r)));

    // One threshold: the p95 latency alert fires above 1500 ms instead of 2000 ms.
    editFile(repo, "monitors/finsight.ts", (t) => t.replace(/(percentile: 95,\s*\n\s*aboveMs: )2000/, "$11500"));
    // One monitor deleted: the heartbeat of the daily report when checks are provisioned,
    // otherwise the Sentry error-spike alert.
    if (uptimeMapped) editFile(repo, "monitors/finsight.ts", (t) => t.replace(/\n {4}"daily-report": \{[\s\S]*?\n {4}\},/, ""));
    else editFile(repo, "monitors/finsight.ts", (t) => t.replace(/\n {4}"error-spike": \{[\s\S]*?\n {4}\},/, ""));
    // One secret rotated: the team's Slack webhook URL.
    editFile(repo, "Pulumi.prod.yaml", (t) => t.replace(OLD_WEBHOOK, NEW_WEBHOOK));
    git(repo, "commit", "--quiet", "-am", "change a threshold, delete a monitor, rotate the Slack webhook");

    const r = cli(["diff", "--base", "HEAD~1", "--head", "HEAD", "--all-stacks", "--format", "json"], repo);
    expect(r.code, r.stderr).toBe(0);
    json = JSON.parse(r.stdout);
    markdown = cli(["diff", "--base", "HEAD~1", "--all-stacks", "--format", "markdown", "--fail-on", "delete"], repo);
  }, 300_000);

  const stack = (name: string) => json.stacks.find((s: any) => s.stack === name);
  const THRESHOLD = { path: "triggers[0].alertThreshold", before: "2000", after: "1500", secret: false, forcesReplacement: false };
  const DELETED = () => (uptimeMapped ? "finsight-api-uptime-daily-report" : "finsight-api-errors-error-spike");

  // With the relay, the deleted heartbeat also leaves the daily digest's uptime list (the relay
  // Worker's CONFIG binding): one more update, and only that field.
  it("dev, which has no secrets: exactly the threshold update, before → after, the one deletion and the digest's check list", () => {
    const dev = stack("dev");
    expect(dev.changes.map((c: any) => `${c.action} ${c.name}`)).toEqual([`delete ${DELETED()}`, "update finsight-api-relay", "update finsight-api-performance-p95-slow"]);
    expect(dev.changes[1].fields.map((f: any) => f.path)).toEqual(["bindings[0].json"]);
    expect(dev.changes[1].fields[0].before).toContain('"name":"FinSight - Daily metrics report [dev]"');
    expect(dev.changes[1].fields[0].after).not.toContain("Daily metrics report");
    expect(dev.changes[2].fields).toEqual([THRESHOLD]);
    expect(dev.summary).toMatchObject({ create: 0, update: 2, replace: 0, delete: 1, secrets: 0 });
  });

  it("prod: the same threshold and deletion, the rotated secret, and nothing else", () => {
    const prod = stack("prod");
    const updates = prod.changes.filter((c: any) => c.action === "update");
    expect(updates.find((c: any) => c.name === "finsight-api-performance-p95-slow").fields).toEqual([THRESHOLD]);
    // Every other update is the rotated secret, on the resources that carry it (the relay's also
    // drops the deleted heartbeat from the digest's CONFIG).
    for (const u of updates.filter((c: any) => c.name !== "finsight-api-performance-p95-slow")) {
      expect(u.fields.filter((f: any) => !f.secret).map((f: any) => f.path)).toEqual(u.name === "finsight-api-relay" ? ["bindings[0].json"] : []);
      expect(u.fields.some((f: any) => f.secret)).toBe(true);
    }
    expect(prod.changes.filter((c: any) => c.action === "create" || c.action === "replace")).toEqual([]);
    const deleted = prod.changes.filter((c: any) => c.action === "delete").map((c: any) => c.name);
    // In prod only the heartbeat notified the team's Slack (warning routing): its UptimeRobot
    // integration goes with it, which a reviewer should see too.
    expect([...deleted].sort()).toEqual(uptimeMapped ? [DELETED(), "uptimerobot-contact-team-slack"].sort() : [DELETED()]);
  });

  it("flags the deletions at the top of the comment, above the details", () => {
    const md = markdown.stdout;
    expect(md.startsWith(COMMENT_MARKER)).toBe(true);
    expect(md).toMatch(/- \*\*`dev`\*\*: 0 to add, 2 to change, 0 to replace, 1 to delete\n/);
    expect(md).toMatch(/- \*\*`prod`\*\*: 0 to add, \d+ to change, 0 to replace, \d to delete; \d secrets? changed/);
    const warning = md.indexOf("[!WARNING]");
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(md.indexOf("<details"));
    const callout = md.slice(warning, md.indexOf("<details"));
    expect(callout).toContain(`\`dev\` **delete** ${uptimeMapped ? "uptimerobot Monitor" : "sentry IssueAlert"} \`${DELETED()}\``);
    expect(callout).toContain(`\`prod\` **delete** ${uptimeMapped ? "uptimerobot Monitor" : "sentry IssueAlert"} \`${DELETED()}\``);
  });

  it("names the rotated secret and never shows it", () => {
    for (const out of [JSON.stringify(json), markdown.stdout, markdown.stderr]) {
      expect(out).not.toContain(NEW_WEBHOOK);
      expect(out).not.toContain(OLD_WEBHOOK);
      expect(out).not.toContain("rotated0000");
    }
    // The base plan carries the Slack webhook (Grafana's contact point, UptimeRobot's integration, the relay's binding).
    expect(webhookPlanned).toBe(true);
    const secrets = stack("prod").changes.flatMap((c: any) => c.fields.filter((f: any) => f.secret).map((f: any) => ({ name: c.name, ...f })));
    expect(secrets.length).toBeGreaterThanOrEqual(1);
    for (const s of secrets) {
      expect(s).not.toHaveProperty("before");
      expect(s).not.toHaveProperty("after");
      // The relay Worker holds the webhook in a secret binding, named by the binding.
      expect(s.description).toBe(s.name === "finsight-api-relay" ? "CONTACT_TEAM_SLACK secret changed" : "Slack webhook URL changed");
    }
    expect(markdown.stdout).toMatch(/\*\*Secrets changed\*\* \(values are never shown\): `prod` [^\n]*Slack webhook URL changed/);
  });

  it("--fail-on delete exits non-zero; without it the same diff exits 0", () => {
    expect(markdown.code, markdown.stderr).toBe(1);
    expect(markdown.stderr).toContain("--fail-on delete");
    expect(json.stacks.some((s: any) => s.summary.delete > 0)).toBe(true); // the same diff without --fail-on exited 0
  });

  it("a ref whose definitions do not compile is reported as such, and nothing is compared", () => {
    editFile(repo, "monitors/finsight.ts", (t) => `${t}\nconst broken: number = 1;\n}\n`);
    git(repo, "commit", "--quiet", "-am", "break the definitions");
    // The working tree must build (the CLI runs from it): the broken commit is compared as a ref.
    git(repo, "revert", "--no-edit", "HEAD");
    const r = cli(["diff", "--base", "HEAD~2", "--head", "HEAD~1", "--stack", "dev"], repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("a plan could not be made, so nothing was compared");
    expect(r.stderr).toMatch(/at HEAD~1:\n\s+the definitions do not compile there:\n\s+monitors\/finsight\.ts:\d+:1: Unexpected "\}"/);
    expect(r.stdout).toBe("");
  }, 120_000);

  it("leaves no worktree behind", () => {
    expect(git(repo, "worktree", "list").trim().split("\n")).toHaveLength(1);
  });

  it("explains a base that is not a commit, without a stack trace", () => {
    const r = cli(["diff", "--base", "no-such-branch"], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--base no-such-branch: no such commit");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

// ---------------------------------------------------------------------------------------------

function resource(name: string, type: string, inputs: Record<string, unknown>, secrets: Record<string, unknown> = {}): PlannedResource {
  const masked = structuredClone(inputs);
  const fingerprints: Record<string, string> = {};
  for (const [p, value] of Object.entries(secrets)) {
    masked[p] = "[secret]";
    fingerprints[p] = secretFingerprint("proj", p, value);
  }
  return {
    urn: `urn:pulumi:prod::proj::monitoring:index:Service$${type}::${name}`,
    type,
    name,
    custom: true,
    inputs: masked,
    secretInputs: Object.keys(secrets),
    ...(Object.keys(secrets).length ? { secretFingerprints: fingerprints } : {}),
  };
}

const plan = (resources: PlannedResource[]): Plan => ({ project: "proj", stack: "prod", resources, warnings: [] });
const CONTACT = "pulumi-nodejs:dynamic/uptimerobot:AlertContact";
const RULESET = "cloudflare:index/ruleset:Ruleset";

describe("diff rules on saved plans", () => {
  it("a rotated webhook URL is named; an unchanged one is not reported", () => {
    const base = plan([
      resource("team-slack", CONTACT, { type: "Slack", name: "Team" }, { webhookUrl: "https://hooks.slack.com/services/T/B/old" }),
      resource("ops-slack", CONTACT, { type: "Slack", name: "Ops" }, { webhookUrl: "https://hooks.slack.com/services/T/B/same" }),
    ]);
    const head = plan([
      resource("team-slack", CONTACT, { type: "Slack", name: "Team" }, { webhookUrl: "https://hooks.slack.com/services/T/B/new" }),
      resource("ops-slack", CONTACT, { type: "Slack", name: "Ops" }, { webhookUrl: "https://hooks.slack.com/services/T/B/same" }),
    ]);
    const d = diffPlans(base, head);
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({ action: "update", name: "team-slack", fields: [{ path: "webhookUrl", secret: true }] });
    expect(failsOn({ stacks: [d] }, "delete")).toBe(false);
    expect(failsOn({ stacks: [d] }, "any")).toBe(true);
    const report: DiffReport = { stacks: [d] };
    for (const text of [renderDiffMarkdown(report), renderDiffTable(report), renderDiffJson(report)]) {
      expect(text).toContain("Slack webhook URL changed");
      expect(text).not.toMatch(/hooks\.slack\.com/);
    }
  });

  it("a changed zone id replaces the ruleset, and the replacement is called out", () => {
    const base = plan([resource("zone-rate-limits", RULESET, { zoneId: "a".repeat(32), phase: "http_ratelimit", kind: "zone", rules: [{ ratelimit: { requestsPerPeriod: 5 } }] })]);
    const head = plan([resource("zone-rate-limits", RULESET, { zoneId: "b".repeat(32), phase: "http_ratelimit", kind: "zone", rules: [{ ratelimit: { requestsPerPeriod: 10 } }] })]);
    const d = diffPlans(base, head);
    expect(d.changes.map((c) => c.action)).toEqual(["replace"]);
    expect(failsOn({ stacks: [d] }, "replace")).toBe(true);
    expect(d.changes[0].fields.map((f) => [f.path, f.forcesReplacement])).toEqual([
      ["rules[0].ratelimit.requestsPerPeriod", false],
      ["zoneId", true],
    ]);
    const md = renderDiffMarkdown({ stacks: [d] });
    expect(md).toMatch(/\[!WARNING\][\s\S]*\*\*replace\*\* cloudflare Ruleset `zone-rate-limits` \(replaced: `zoneId` changed\)/);
  });

  it("lists deletions before replacements, creations and updates, each sorted by vendor and name", () => {
    const mk = (n: string, v: number) => resource(n, "sentry:index/sentryIssueAlert:SentryIssueAlert", { name: n, frequency: v });
    const base = plan([mk("b-update", 1), mk("a-update", 1), mk("z-delete", 1), mk("y-delete", 1)]);
    const head = plan([mk("b-update", 2), mk("a-update", 2), mk("c-create", 1)]);
    const d = diffPlans(base, head);
    expect(d.changes.map((c) => `${c.action} ${c.name}`)).toEqual(["delete y-delete", "delete z-delete", "create c-create", "update a-update", "update b-update"]);
    expect(diffPlans(head, head).changes).toEqual([]);
  });

  it("inputs written in another key order are unchanged; one value deep in a list of objects is a change at its path", () => {
    const inputs = { name: "api", rules: [{ match: { path: "/a", methods: ["GET"] }, limit: 5 }, { match: { path: "/b" }, limit: 9 }] };
    const reordered = { rules: [{ limit: 5, match: { methods: ["GET"], path: "/a" } }, { limit: 9, match: { path: "/b" } }], name: "api", unset: undefined };
    const deep = structuredClone(inputs);
    deep.rules[1].match.path = "/c";
    expect(diffPlans(plan([resource("r", RULESET, inputs)]), plan([resource("r", RULESET, reordered)])).changes).toEqual([]);
    const d = diffPlans(plan([resource("r", RULESET, inputs)]), plan([resource("r", RULESET, deep)]));
    expect(d.changes.map((c) => c.fields.map((f) => f.path))).toEqual([["rules[1].match.path"]]);
  });

  it("a diff too long for one GitHub comment is folded and truncated with a note", () => {
    const many = (v: number) =>
      plan(Array.from({ length: 3000 }, (_, i) => resource(`alert-${String(i).padStart(4, "0")}`, "sentry:index/sentryMetricAlert:SentryMetricAlert", { query: `x`.repeat(200) + v, threshold: v })));
    const d = diffPlans(many(1), many(2));
    expect(d.changes).toHaveLength(3000);
    const md = renderDiffMarkdown({ stacks: [d] });
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).toContain("longer than one GitHub comment allows");
    expect(md).toContain("3000 to change");
  });

  it("compares saved plans with --base-plan and --head-plan", () => {
    const dir = scratchDir("monitoring-plans-");
    const a = plan([resource("x", RULESET, { phase: "http_ratelimit", zoneId: "z" })]);
    const b = plan([]);
    fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify(a));
    fs.writeFileSync(path.join(dir, "b.json"), JSON.stringify(b));
    const r = cli(["diff", "--base-plan", path.join(dir, "a.json"), "--head-plan", path.join(dir, "b.json"), "--fail-on", "delete"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("prod: 0 to add, 0 to change, 0 to replace, 1 to delete");
    fs.writeFileSync(path.join(dir, "bad.json"), "{}");
    const bad = cli(["diff", "--base-plan", path.join(dir, "bad.json"), "--head-plan", path.join(dir, "b.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--base-plan .*bad\.json: project: .*expected the output of `monitoring plan --format json`/);
  });

  it("names an encrypted stack setting that was set again, without its ciphertext", () => {
    const dir = scratchDir("monitoring-secure-");
    const file = (cipher: string, extra = "") =>
      `config:\n  monitoring:contacts:\n    team-slack:\n      type: slack\n      webhookUrl:\n        secure: ${cipher}\n${extra}`;
    fs.mkdirSync(path.join(dir, "a"));
    fs.mkdirSync(path.join(dir, "b"));
    fs.writeFileSync(path.join(dir, "a", "Pulumi.prod.yaml"), file("v1:AAAAbase=="));
    fs.writeFileSync(path.join(dir, "b", "Pulumi.prod.yaml"), file("v1:BBBBhead==", "  uptimerobot:apiKey:\n    secure: v1:CCCC==\n"));
    const changes = compareEncryptedSettings(encryptedSettings(path.join(dir, "a"), "prod"), encryptedSettings(path.join(dir, "b"), "prod"));
    expect(changes).toEqual([
      { path: "monitoring:contacts.team-slack.webhookUrl", change: "set again" },
      { path: "uptimerobot:apiKey", change: "added" },
    ]);
    const report: DiffReport = { stacks: [{ ...diffPlans(plan([]), plan([])), encryptedSettings: changes }] };
    const md = renderDiffMarkdown(report);
    expect(md).toContain("`prod` setting `monitoring:contacts.team-slack.webhookUrl` set again (encrypted)");
    expect(md).toContain("- **`prod`**: 0 to add, 0 to change, 0 to replace, 0 to delete; 2 secrets changed");
    for (const text of [md, renderDiffTable(report), renderDiffJson(report)]) expect(text).not.toMatch(/AAAA|BBBB|CCCC/);
    expect(failsOn(report, "any")).toBe(true);
  });
});

describe("what a review shows beyond changed fields", () => {
  const SLACK = "https://hooks.slack.com/services/T/B/created-secret";

  it("a created resource lists its inputs and a deleted one its last inputs; secrets are named, never shown", () => {
    const kept = resource("kept", RULESET, { zoneId: "z" });
    const gone = resource("old-contact", CONTACT, { type: "Email", name: "old@finsight.example", value: "old@finsight.example" });
    const added = resource("team-slack", CONTACT, { type: "Slack", name: "Team", notifyFor: "UpAndDown" }, { url: SLACK });
    const d = diffPlans(plan([kept, gone]), plan([kept, added]));
    expect(d.changes.map((c) => [c.action, c.name, c.inputs])).toEqual([
      ["delete", "old-contact", { name: "old@finsight.example", type: "Email", value: "old@finsight.example" }],
      ["create", "team-slack", { name: "Team", notifyFor: "UpAndDown", type: "Slack", url: "[secret]" }],
    ]);
    const report: DiffReport = { stacks: [d] };
    const md = renderDiffMarkdown(report);
    expect(md).toMatch(/<details><summary><code>\+<\/code> create <code>uptimerobot<\/code> AlertContact <b>team-slack<\/b> \(4 inputs\)<\/summary>/);
    expect(md).toContain("| `notifyFor` | <code>UpAndDown</code> |");
    expect(md).toContain("| `url` | *secret (not shown)* |");
    expect(md).toMatch(/<b>old-contact<\/b> \(3 last inputs\)[\s\S]*\| `value` \| <code>old@finsight\.example<\/code> \|/);
    expect(renderDiffTable(report)).toMatch(/\+ +uptimerobot AlertContact team-slack\n {8}name: Team\n/);
    expect(JSON.parse(renderDiffJson(report)).stacks[0].changes[1].inputs.url).toBe("[secret]");
    for (const text of [md, renderDiffTable(report), renderDiffJson(report)]) expect(text).not.toContain("created-secret");
  });

  it("changed stack settings are their own section; secret settings never appear in it", () => {
    const settings = (plan: string, phone: string) => ({ "monitoring:vendors.cloudflare.plan": plan, "monitoring:contacts.oncall-sms.phone": phone, "monitoring:environment": "production" });
    const d = diffPlans({ ...plan([]), settings: settings("pro", "[secret]") }, { ...plan([]), settings: settings("business", "[secret]") });
    expect(d.settings).toEqual([{ path: "monitoring:vendors.cloudflare.plan", before: "pro", after: "business" }]);
    const md = renderDiffMarkdown({ stacks: [d] });
    expect(md).toContain("| `monitoring:vendors.cloudflare.plan` | <code>pro</code> | <code>business</code> |");
    expect(md).not.toContain("oncall-sms");
    expect(renderDiffTable({ stacks: [d] })).toContain("setting monitoring:vendors.cloudflare.plan: pro → business");
    expect(failsOn({ stacks: [d] }, "any")).toBe(true);
  });

  it("the monthly cost before → after, with the tier change that causes it", () => {
    const cost = (tier: string, usd: number, total: number) => ({ totalUsdPerMonth: total, vendors: [{ vendor: "uptimerobot", tier: "solo", usdPerMonth: 7 }, { vendor: "cloudflare", tier, usdPerMonth: usd }] });
    const d = diffPlans({ ...plan([]), cost: cost("pro", 20, 53) }, { ...plan([]), cost: cost("business", 200, 233) });
    expect(d.cost).toEqual({ before: 53, after: 233, vendors: [{ vendor: "cloudflare", before: { tier: "pro", usdPerMonth: 20 }, after: { tier: "business", usdPerMonth: 200 } }] });
    const md = renderDiffMarkdown({ stacks: [d] });
    expect(md).toContain("- **`prod`**: no changes; cost $53 → $233/month (cloudflare pro $20 → business $200)");
    expect(diffPlans({ ...plan([]), cost: cost("pro", 20, 53) }, { ...plan([]), cost: cost("pro", 20, 53) }).cost).toBeUndefined();
  });

  it("thousands of created resources with their inputs still fit one GitHub comment", () => {
    const created = plan(Array.from({ length: 2000 }, (_, i) => resource(`check-${i}`, CONTACT, { name: `Check ${i}`, url: `https://x.example/${"p".repeat(100)}/${i}` })));
    const md = renderDiffMarkdown({ stacks: [diffPlans(plan([]), created)] });
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).toContain("2000 to add");
    expect(md).toContain("longer than one GitHub comment allows");
  });

  it("a plan carries the stack's settings, secrets masked even where written in plain text, and its monthly cost", () => {
    const r = cli(["plan", "--stack", "prod", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const saved = JSON.parse(r.stdout);
    expect(saved.settings["monitoring:vendors.cloudflare.plan"]).toBe("business");
    expect(saved.settings["monitoring:contacts.oncall-sms.phone"]).toBe("[secret]");
    expect(saved.settings["monitoring:contacts.team-slack.webhookUrl"]).toBe("[secret]");
    expect(saved.settings["monitoring:contacts.oncall-pagerduty.integrationKey"]).toBe("[secret]");
    expect(saved.settings["monitoring:contacts.oncall-email.address"]).toBe("oncall@finsight.example");
    expect(r.stdout).not.toContain("+15555550100");
    expect(saved.cost.vendors.find((v: any) => v.vendor === "cloudflare")).toEqual({ vendor: "cloudflare", tier: "business", usdPerMonth: 200 });
  });
});
