/**
 * What `monitoring import uptimerobot` reads an account with: `listCollection` lists every object
 * of a kind's collection (all pages), with the API key from the config getter or the environment,
 * and each kind's `fromVendor` turns those objects back into definitions' inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled } from "../../fakes/engine";
import { FakeUptimeRobot } from "../../fakes/uptimerobot";

interface KindLike {
  collection: string;
  pageSize?: number;
  fromVendor(v: unknown): Record<string, unknown>;
}
const client = compiled<{ listCollection(kind: KindLike, get: (k: string) => string | undefined, env?: Record<string, string>): Promise<Array<Record<string, unknown>>> }>(
  "src/targets/uptimerobot/client",
);
const kinds = compiled<Record<"monitorKind" | "maintenanceWindowKind", KindLike>>("src/targets/uptimerobot/kinds");
const fake = new FakeUptimeRobot();

beforeAll(async () => {
  await fake.start();
  for (let i = 0; i < 205; i++) fake.seed("monitors", { friendlyName: `Check ${i} & co`, type: "HTTP", url: `https://c${i}.example/health`, interval: 300, timeout: 30 });
  fake.seed("maintenance-windows", { name: "Deploys", interval: "weekly", date: "2025-01-01", time: "02:00:00", duration: 30, days: [2] });
});
afterAll(async () => {
  await fake.stop();
});

describe("the importer's view of an account", () => {
  it("lists every monitor across pages with settings from the config getter, and maps them back", async () => {
    const cfg: Record<string, string> = { "uptimerobot:apiKey": fake.apiKey, "uptimerobot:apiUrl": fake.url, "uptimerobot:requestsPerMinute": "100000" };
    const monitors = await client.listCollection(kinds.monitorKind, (k) => cfg[k], {});
    expect(monitors).toHaveLength(205);
    expect(kinds.monitorKind.fromVendor(monitors[7])).toMatchObject({ name: "Check 7 & co", type: "HTTP", url: "https://c7.example/health", intervalSeconds: 300 });
    expect(fake.problems).toEqual([]);
  });

  it("takes the API key from the environment when config has none", async () => {
    const windows = await client.listCollection(kinds.maintenanceWindowKind, () => undefined, {
      UPTIMEROBOT_API_KEY: fake.apiKey,
      UPTIMEROBOT_API_URL: fake.url,
      UPTIMEROBOT_REQUESTS_PER_MINUTE: "100000",
    });
    expect(windows.map((w) => kinds.maintenanceWindowKind.fromVendor(w))).toEqual([
      { name: "Deploys", interval: "weekly", date: "2025-01-01", time: "02:00:00", durationMinutes: 30, days: [2], autoAddMonitors: false, paused: false },
    ]);
  });

  it("names the missing key the way the providers do", async () => {
    await expect(client.listCollection(kinds.monitorKind, () => undefined, {})).rejects.toThrow(/^uptimerobot:apiKey: not set \(expected .*UPTIMEROBOT_API_KEY\)$/);
  });
});
