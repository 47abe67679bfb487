/**
 * `monitoring check` against a demo of the seed's API on 127.0.0.1: `/health` answers
 * {"status":"ok"}, `POST /api/v1/auth/register` rejects an incomplete body with 400.
 */
import { spawn } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, type CliResult } from "./helpers";

type Health = "ok" | "down" | "degraded";

/** The seed's API, small: the variant decides how /health behaves. */
function demoServer(health: () => Health) {
  const seen: { method: string; url: string; contentType?: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", contentType: req.headers["content-type"], body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (req.url === "/health" && req.method === "GET") {
        const h = health();
        if (h === "down") return json(503, { status: "unavailable" });
        if (h === "degraded") return json(200, { status: "degraded" });
        return json(200, { status: "ok" });
      }
      if (req.url === "/api/v1/auth/register" && req.method === "POST") {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(body || "{}");
        } catch {
          return json(400, { error: "invalid JSON" });
        }
        if (typeof parsed.email !== "string" || typeof parsed.password !== "string") return json(400, { error: "email and password are required" });
        return json(201, { id: 1 });
      }
      json(404, { error: "not found" });
    });
  });
  return { server, seen };
}

function cliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "monitoring.js"), ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const row = (out: string, name: string) => out.split("\n").find((l) => l.startsWith(name)) ?? "";

describe("monitoring check against the demo API", () => {
  let health: Health = "ok";
  const demo = demoServer(() => health);
  let base = "";

  beforeAll(async () => {
    await new Promise<void>((r) => demo.server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(demo.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => demo.server.close(() => r())));

  it("passes when /health says ok and register rejects the incomplete body with 400", async () => {
    health = "ok";
    demo.seen.length = 0;
    const r = await cliAsync(["check", "--stack", "dev", "--base-url", base]);
    expect(r.code, r.stderr).toBe(0);
    expect(row(r.stdout, "FinSight API - Health")).toMatch(new RegExp(`GET ${base}/health\\s+200\\s+\\d+ ms\\s+PASS`));
    expect(row(r.stdout, "FinSight API - Register")).toMatch(new RegExp(`POST ${base}/api/v1/auth/register\\s+400\\s+\\d+ ms\\s+PASS\\s+status 400 accepted`));
    expect(row(r.stdout, "FinSight - Daily metrics report")).toMatch(/skipped\s+heartbeat: .*not checkable from here/);
    // The billing worker (monitors/billing-worker.ts) only has a heartbeat, skipped the same way.
    expect(row(r.stdout, "Billing worker - Hourly invoice run")).toMatch(/skipped\s+heartbeat: the job reports in every 1h/);
    expect(r.stdout).toContain("2 passed, 0 failed, 2 skipped");
    // The register check sends what the definition says: JSON with the e-mail only.
    const register = demo.seen.find((s) => s.url === "/api/v1/auth/register")!;
    expect(register).toMatchObject({ method: "POST", contentType: "application/json" });
    expect(JSON.parse(register.body)).toEqual({ email: "test@test.com" });
    // Progress went to stderr while it ran.
    expect(r.stderr).toMatch(/\[\d\/2\] finsight-api\/health: pass/);
  });

  it("fails when /health answers 503, and says why", async () => {
    health = "down";
    const r = await cliAsync(["check", "--stack", "dev", "--base-url", base]);
    expect(r.code).toBe(1);
    expect(row(r.stdout, "FinSight API - Health")).toMatch(/503\s+\d+ ms\s+FAIL\s+status 503, expected 2xx or 3xx; keyword "ok" not in the response/);
    expect(row(r.stdout, "FinSight API - Register")).toMatch(/PASS/);
    expect(r.stdout).toContain("1 passed, 1 failed, 2 skipped");
  });

  it("fails when /health answers 200 without the keyword", async () => {
    health = "degraded";
    const r = await cliAsync(["check", "--stack", "dev", "--base-url", base, "--only", "*/health"]);
    expect(r.code).toBe(1);
    expect(row(r.stdout, "FinSight API - Health")).toMatch(/200\s+\d+ ms\s+FAIL\s+keyword "ok" not in the response/);
    expect(r.stdout).not.toContain("FinSight API - Register");
  });

  it("fails a check whose endpoint refuses connections", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await cliAsync(["check", "--stack", "prod", "--base-url", `http://127.0.0.1:${port}`, "--only", "health"]);
    expect(r.code).toBe(1);
    expect(row(r.stdout, "FinSight API - Health")).toMatch(/FAIL\s+connection refused \(ECONNREFUSED\)/);
  });

  it("rejects an --only that matches no check, naming the checks there are", async () => {
    const r = await cliAsync(["check", "--stack", "dev", "--only", "nope*"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--only nope*: no check matches");
    expect(r.stderr).toContain("finsight-api/health");
  });
});
