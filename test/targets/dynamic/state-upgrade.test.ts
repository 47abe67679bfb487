/**
 * Upgrade safety: state written by the providers of commit 66d7fef (test/fixtures/state) is read,
 * diffed and deleted by today's providers, through @pulumi/pulumi's own dynamic-provider host over
 * gRPC, the way the engine does after a project upgrade:
 *
 * - `pulumi refresh`: Read with the stored outputs finds no drift while the vendor object is unchanged;
 * - `pulumi up`: Check and Diff of the stored state against the same definition (the engine takes
 *   the provider from the program's new inputs, the olds still carry the old `__provider`) show no
 *   change and no replacement;
 * - `pulumi destroy`: Delete removes the vendor object.
 *
 * A resource not updated since the upgrade keeps the old, self-contained provider text in its
 * outputs, and the engine runs that text for its refresh and delete, in the same host process as
 * the new providers: that has to keep working too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiled } from "../../fakes/engine";
import { ProviderHost, type Props } from "../../fakes/provider-host";
import { FakeStripe } from "../../fakes/stripe";
import { FakeUptimeRobot } from "../../fakes/uptimerobot";

const DIR = path.join(process.cwd(), "test/fixtures/state");

interface Fixture {
  file: string;
  producedBy: string;
  type: string;
  urn: string;
  id: string;
  provider: string;
  inputs: Props;
  outputs: Props;
  secretOutputs: string[];
  vendor: { fake: "uptimerobot"; collection: "monitors" | "integrations" | "alert-contacts" | "maintenance-windows" | "psps"; record: Props } | { fake: "stripe"; record: Props };
}

const fixtures: Fixture[] = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Omit<Fixture, "file">) }));

const { providers } = compiled<{ providers: Record<string, object> }>("src/targets/uptimerobot/provider");
const { webhookEndpointProvider } = compiled<{ webhookEndpointProvider: object }>("src/targets/stripe/provider");
/** Today's provider object per resource type, as `pulumi.dynamic.Resource` registers it. */
const current: Record<string, object> = {
  "pulumi-nodejs:dynamic/uptimerobot:Monitor": providers.monitor,
  "pulumi-nodejs:dynamic/uptimerobot:Integration": providers.integration,
  "pulumi-nodejs:dynamic/uptimerobot:AlertContact": providers.alertContact,
  "pulumi-nodejs:dynamic/uptimerobot:MaintenanceWindow": providers.maintenanceWindow,
  "pulumi-nodejs:dynamic/uptimerobot:StatusPage": providers.statusPage,
  "pulumi-nodejs:dynamic/stripe:WebhookEndpoint": webhookEndpointProvider,
};

const ur = new FakeUptimeRobot();
const stripe = new FakeStripe();
let host: ProviderHost;
const texts = new Map<string, string>();
const oldText = (f: Fixture) => fs.readFileSync(path.join(DIR, f.provider), "utf8");
const newText = (f: Fixture) => texts.get(f.type)!;

/**
 * The vendor object as UptimeRobot really holds it. The fake of 66d7fef stored a keyword monitor's
 * `keywordCaseType` inverted (1 for case-sensitive), as that provider read it; the API holds 0 for
 * case-sensitive and 1 for case-insensitive (UptimeRobot's Terraform provider,
 * internal/provider/monitor/monitor_compare.go). 66d7fef created monitors with the names
 * ("CaseInsensitive"), which the API stores right: 1. Only its updates sent the inverted number.
 */
function asUptimeRobotHoldsIt(f: Fixture, record: Props): Props {
  if (f.vendor.fake === "uptimerobot" && f.vendor.collection === "monitors" && record.type === "KEYWORD") {
    return { ...record, keywordCaseType: record.keywordCaseType === 0 ? 1 : 0 };
  }
  // A webhook's template and flags read back as one JSON text in customValue (UptimeRobot's
  // Terraform provider, internal/provider/integration/resource.go); the fake of 66d7fef stored the
  // template alone.
  if (f.vendor.fake === "uptimerobot" && f.vendor.collection === "integrations" && record.type === "Webhook") {
    return { ...record, customValue: JSON.stringify({ postValue: record.customValue, sendJSON: f.inputs.sendAsJson ?? true, sendQuery: false, sendPost: false }) };
  }
  return record;
}

/**
 * What the provider text stored in 66d7fef state reports on refresh, where it misread what
 * UptimeRobot holds (the bugs fixed since): the first `pulumi up` after such a refresh shows a
 * change, updates the resource with today's provider, and the next refresh is clean.
 */
const MISREAD_BY_OLD_TEXT: Partial<Record<string, (f: Fixture) => Props>> = {
  "uptimerobot-monitor-keyword.json": () => ({ keywordCaseSensitive: true }),
  "uptimerobot-integration-webhook.json": (f) => ({ postValue: asUptimeRobotHoldsIt(f, f.vendor.record).customValue }),
};

/**
 * What today's providers add to the outputs of a resource they refresh: the keyword monitor's
 * `keywordCaseType` as read (its presence marks state written by a provider that reads and writes
 * the case type the right way round).
 */
function refreshedOutputs(f: Fixture): Props {
  return f.outputs.type === "KEYWORD" && f.type.endsWith(":Monitor") ? { ...f.outputs, keywordCaseType: 1 } : f.outputs;
}

/** Puts the fixture's vendor object back at the fake, under its id, as UptimeRobot holds it. */
function restore(f: Fixture): void {
  const record = asUptimeRobotHoldsIt(f, structuredClone(f.vendor.record));
  if (f.vendor.fake === "stripe") stripe.endpoints.set(f.id, record);
  else ur.store[f.vendor.collection].set(Number(f.id), { id: Number(f.id), data: record, visibleAtList: 0 });
}

function present(f: Fixture): boolean {
  return f.vendor.fake === "stripe" ? stripe.endpoints.has(f.id) : ur.store[f.vendor.collection].has(Number(f.id));
}

const withoutProvider = ({ __provider, ...rest }: Props): Props => (void __provider, rest);

beforeAll(async () => {
  await ur.start();
  await stripe.start();
  for (const [type, p] of Object.entries(current)) texts.set(type, (await pulumi.runtime.serializeFunction(() => p, { allowSecrets: true })).text);
  const env = { ...process.env };
  for (const k of ["UPTIMEROBOT_API_KEY", "UPTIMEROBOT_API_URL", "STRIPE_API_KEY", "STRIPE_API_BASE"]) delete env[k];
  host = await ProviderHost.start({ env });
  await host.configure(
    {
      "uptimerobot:apiKey": ur.apiKey,
      "uptimerobot:apiUrl": ur.url,
      "uptimerobot:requestsPerMinute": "100000",
      "uptimerobot:retryBaseMs": "1",
      "uptimerobot:retryMaxMs": "10",
      "uptimerobot:cacheTtlMs": "0",
      "stripe:apiKey": stripe.apiKey,
      "stripe:apiBase": stripe.url,
    },
    ["uptimerobot:apiKey", "stripe:apiKey"],
  );
  for (const f of fixtures) restore(f);
});

afterAll(async () => {
  host?.stop();
  await ur.stop();
  await stripe.stop();
});

describe("state written by the providers of 66d7fef", () => {
  it("covers every kind and the shapes the brief names", () => {
    expect(fixtures.map((f) => f.file)).toEqual([
      "stripe-webhook-endpoint.json",
      "uptimerobot-alert-contact-email.json",
      "uptimerobot-integration-pagerduty.json",
      "uptimerobot-integration-slack.json",
      "uptimerobot-integration-webhook.json",
      "uptimerobot-maintenance-window-monthly.json",
      "uptimerobot-maintenance-window-once.json",
      "uptimerobot-maintenance-window-weekly.json",
      "uptimerobot-monitor-heartbeat.json",
      "uptimerobot-monitor-http.json",
      "uptimerobot-monitor-keyword.json",
      "uptimerobot-status-page.json",
    ]);
    expect(new Set(fixtures.map((f) => f.type))).toEqual(new Set(Object.keys(current)));
    for (const f of fixtures) expect(f.producedBy, f.file).toBe("66d7fef");
  });

  const keyword = (f: Fixture) => f.file === "uptimerobot-monitor-keyword.json";

  for (const f of fixtures) {
    it(`${f.file}: refresh finds no drift, up shows ${keyword(f) ? "one rewrite of the keyword case" : "no change"}, with today's provider`, async () => {
      const read = await host.read(f.urn, f.id, { ...f.outputs, __provider: newText(f) });
      expect(read.id).toBe(f.id);
      expect(withoutProvider(read.properties)).toEqual(refreshedOutputs(f));

      const checked = await host.check(f.urn, { ...f.inputs, __provider: oldText(f) }, { ...f.inputs, __provider: newText(f) });
      expect(checked.failures).toEqual([]);
      expect(withoutProvider(checked.inputs)).toEqual(f.inputs);
      const diff = await host.diff(f.urn, f.id, { ...f.outputs, __provider: oldText(f) }, { ...checked.inputs, __provider: newText(f) });
      // 66d7fef wrote a keyword monitor's case inverted on update: its state is updated once (the
      // case sent again, the right way round), never replaced. Refreshed by today's provider first,
      // it shows no change.
      expect(diff).toEqual({ changes: keyword(f) ? "some" : "none", replaces: [] });
      const afterRefresh = await host.diff(f.urn, f.id, { ...read.properties, __provider: newText(f) }, { ...checked.inputs, __provider: newText(f) });
      expect(afterRefresh).toEqual({ changes: "none", replaces: [] });
    });

    const misread = MISREAD_BY_OLD_TEXT[f.file];
    it(`${f.file}: refresh with the provider text stored in that state ${misread ? "misreads it, and the first up repairs that" : "still works beside today's"}`, async () => {
      const read = await host.read(f.urn, f.id, { ...f.outputs, __provider: oldText(f) });
      expect(read.id).toBe(f.id);
      if (!misread) {
        expect(withoutProvider(read.properties)).toEqual(f.outputs);
        return;
      }
      // E.g. the old text reads UptimeRobot's keywordCaseType 1 (case-insensitive) as
      // case-sensitive: a refresh run before the first `pulumi up` after the upgrade reports that
      // drift. The up sends the definition again (already what UptimeRobot holds) and stores
      // today's provider, whose refresh is clean.
      expect(withoutProvider(read.properties)).toEqual({ ...f.outputs, ...misread(f) });
      const news = { ...f.inputs, __provider: newText(f) };
      expect((await host.diff(f.urn, f.id, { ...read.properties }, news)).changes).toBe("some");
      const outs = await host.update(f.urn, f.id, { ...read.properties }, news);
      expect(outs.__provider).toBe(newText(f));
      if (keyword(f)) expect(ur.store.monitors.get(Number(f.id))!.data.keywordCaseType).toBe(1);
      const reread = await host.read(f.urn, f.id, outs);
      expect(withoutProvider(reread.properties)).toEqual(refreshedOutputs(f));
    });
  }

  it("destroy with today's providers deletes every one of them at the vendor", async () => {
    for (const f of fixtures) {
      expect(present(f), f.file).toBe(true);
      await host.delete(f.urn, f.id, { ...f.outputs, __provider: newText(f) });
      expect(present(f), f.file).toBe(false);
    }
    expect(ur.problems).toEqual([]);
  });
});
