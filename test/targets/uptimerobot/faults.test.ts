/**
 * Idempotency of the serialized UptimeRobot providers when responses are lost after the server
 * acted (timeouts, resets, 5xx), with read-after-write lag in listings; delete of what is already
 * gone; clear errors for what cannot be retried.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled, load, type LoadedProvider } from "../../fakes/engine";
import { FakeUptimeRobot, fakeConfig, type FaultKind } from "../../fakes/uptimerobot";

const { providers } = compiled<{ providers: Record<string, object> }>("src/targets/uptimerobot/provider");
const fake = new FakeUptimeRobot();
let monitor: LoadedProvider["provider"];
let integration: LoadedProvider["provider"];
let window: LoadedProvider["provider"];
let page: LoadedProvider["provider"];

beforeAll(async () => {
  await fake.start();
  const cfg = fakeConfig(fake, { "uptimerobot:timeoutMs": "300" });
  monitor = (await load(providers.monitor, cfg)).provider;
  integration = (await load(providers.integration, cfg)).provider;
  window = (await load(providers.maintenanceWindow, cfg)).provider;
  page = (await load(providers.statusPage, cfg)).provider;
});
afterAll(async () => {
  await fake.stop();
});

const isCreate = (m: string, p: string) => m === "POST" && !p.includes("/", 1);

function countByName(collection: "monitors" | "integrations" | "maintenance-windows" | "psps", name: string): number {
  return fake.all(collection).filter((d) => (d.friendlyName ?? d.name) === name).length;
}

describe("UptimeRobot providers under lost responses", () => {
  const lost: FaultKind[] = ["slow-after", "reset-after", "500-after"];
  for (const fault of lost) {
    it(`monitor create survives "${fault}" on POST with lagging listings: one monitor, right id`, async () => {
      const name = `idem ${fault}`;
      fake.lagWrites = true;
      fake.inject(fault, 1, isCreate);
      try {
        const res = await monitor.create({ name, type: "HTTP", url: "https://idem.example", intervalSeconds: 300 });
        expect(countByName("monitors", name)).toBe(1);
        expect(fake.store.monitors.has(Number(res.id))).toBe(true);
      } finally {
        fake.lagWrites = false;
      }
    });
  }

  it('a monitor create answered 404 "000-004" after UptimeRobot made it is taken over: one monitor, right id', async () => {
    // UptimeRobot's Terraform provider adopts exactly this answer (recoverMonitorCreatedDespiteError).
    const name = "created despite 404";
    fake.lagWrites = true;
    fake.inject("404-after", 1, isCreate);
    try {
      const res = await monitor.create({ name, type: "HTTP", url: "https://idem.example/404", intervalSeconds: 300 });
      expect(countByName("monitors", name)).toBe(1);
      expect(fake.store.monitors.has(Number(res.id))).toBe(true);
    } finally {
      fake.lagWrites = false;
    }
  });

  it('a 404 "000-004" whose monitor never shows is not posted again: a clear error, never a second monitor', async () => {
    const creates = fake.stats.creates;
    fake.inject("404-before", 1, isCreate);
    await expect(monitor.create({ name: "said created", type: "HTTP", url: "https://idem.example/404b", intervalSeconds: 300 })).rejects.toThrow(
      /^UptimeRobot monitor "said created": UptimeRobot answered that it created it \(.*\) but it could not be found under this name since \(expected: run `pulumi up` again/,
    );
    expect(fake.stats.creates).toBe(creates);
  });

  it("a 500 after UptimeRobot stored other settings than sent: not taken over, the error names it, no duplicate; adopt: true corrects it", async () => {
    // The Terraform provider never adopts after a 5xx for this reason (its #273); this provider
    // adopts only what holds exactly the definition, and names anything else.
    const inputs = { name: "stored otherwise", type: "HTTP", url: "https://idem.example/500", intervalSeconds: 300 };
    fake.inject("500-partial", 1, isCreate);
    await expect(monitor.create(inputs)).rejects.toThrow(
      /^UptimeRobot monitor "stored otherwise": the create failed \(.*HTTP 500.*\) but UptimeRobot now holds one with this name \(id (\d+)\) whose intervalSeconds differ from the definition, so it was not taken over \(expected: .*adopt: true.*\)$/,
    );
    expect(countByName("monitors", inputs.name)).toBe(1);
    const [held] = fake.all("monitors").filter((d) => d.friendlyName === inputs.name);
    expect(held.interval).toBe(600);
    // Run again as it is, it is a duplicate (never a second monitor); with adopt it is taken over and corrected.
    await expect(monitor.create(inputs)).rejects.toThrow(/already exists/);
    const adopted = await monitor.create({ ...inputs, adopt: true });
    expect(adopted.id).toBe(String(held.id));
    expect(fake.store.monitors.get(Number(adopted.id))!.data.interval).toBe(300);
    expect(countByName("monitors", inputs.name)).toBe(1);
  });

  it("integration, maintenance window and status page creates are idempotent too", async () => {
    fake.inject("reset-after", 1, isCreate);
    await integration.create({ name: "idem slack", type: "Slack", url: "https://hooks.slack.com/services/T/B/SECRET" });
    fake.inject("slow-after", 1, isCreate);
    await window.create({ name: "idem window", interval: "once", date: "2026-02-01", time: "01:00:00", durationMinutes: 30 });
    fake.inject("500-after", 1, isCreate);
    await page.create({ name: "idem page", monitorIds: [] });
    expect(countByName("integrations", "idem slack")).toBe(1);
    expect(countByName("maintenance-windows", "idem window")).toBe(1);
    expect(countByName("psps", "idem page")).toBe(1);
  });

  it("a 429 or a 503 before acting on POST is simply retried (no look-up needed, no duplicate)", async () => {
    fake.inject("429", 1, isCreate);
    fake.inject("503-html", 1, isCreate);
    const res = await monitor.create({ name: "retry me", type: "HTTP", url: "https://r.example", intervalSeconds: 300 });
    expect(countByName("monitors", "retry me")).toBe(1);
    expect(fake.store.monitors.has(Number(res.id))).toBe(true);
  });

  it("a delete whose response is lost, retried, finds it gone and succeeds", async () => {
    const res = await monitor.create({ name: "delete me", type: "HTTP", url: "https://d.example", intervalSeconds: 300 });
    fake.inject("reset-after", 1, (m) => m === "DELETE");
    await monitor.delete(res.id, res.outs);
    expect(countByName("monitors", "delete me")).toBe(0);
  });

  it("an update of a monitor deleted in the UI fails clearly and refresh reports it gone", async () => {
    const res = await monitor.create({ name: "vanishing", type: "HTTP", url: "https://v.example", intervalSeconds: 300 });
    fake.vanish("monitors", Number(res.id));
    await expect(monitor.update(res.id, res.outs, { ...res.outs, intervalSeconds: 600 })).rejects.toThrow(
      new RegExp(`^UptimeRobot monitor "vanishing" \\(id ${res.id}\\): it no longer exists at UptimeRobot \\(expected it to exist; run \`pulumi refresh\``),
    );
    expect((await monitor.read(res.id, res.outs)).id ?? "").toBe("");
  });

  it("all requests stayed valid against the API description", () => {
    expect(fake.problems).toEqual([]);
    expect(fake.responseProblems).toEqual([]);
  });
});
