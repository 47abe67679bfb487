/**
 * Group 4: what a refresh, a no-op `up` and a burst of creates cost at UptimeRobot, counted by the
 * fake (test/fakes/uptimerobot.ts, which validates every request against the published API
 * description). The monitor provider runs as the engine runs it: its serialized form
 * (`__provider`) in Pulumi's own dynamic-provider host (test/fakes/provider-host.ts), configured
 * with the stack config, called over gRPC, 16 operations at a time (`pulumi up --parallel 16`),
 * one fresh host per command (each `pulumi` command starts its own).
 */
import { compiled, providerText } from "../test/fakes/engine";
import { ProviderHost, type Props } from "../test/fakes/provider-host";
import { FakeUptimeRobot } from "../test/fakes/uptimerobot";
import { table } from "./measure";

const PARALLEL = 16;
const URN = (name: string) => `urn:pulumi:prod::monitoring::pulumi-nodejs:dynamic/uptimerobot:Monitor::${name}`;

interface Managed {
  name: string;
  id: string;
  inputs: Props;
  outs: Props;
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T, R>(n: number, items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

/** What a monitor resource stores in `__provider`. */
async function monitorProviderText(): Promise<string> {
  const { providers } = compiled<{ providers: Record<string, object> }>("src/targets/uptimerobot/provider");
  return providerText(providers.monitor);
}

const monitorInputs = (i: number): Props => ({ name: `bench monitor ${i}`, type: "HTTP", url: `https://svc${i}.example/health`, intervalSeconds: 300, method: "GET" });

/** One `pulumi` command: a fresh host, configured, running `fn`. */
async function command<T>(fake: FakeUptimeRobot, requestsPerMinute: number, fn: (host: ProviderHost) => Promise<T>): Promise<T> {
  const host = await ProviderHost.start();
  try {
    await host.configure({ "uptimerobot:apiKey": fake.apiKey, "uptimerobot:apiUrl": fake.url, "uptimerobot:requestsPerMinute": String(requestsPerMinute) }, ["uptimerobot:apiKey"]);
    return await fn(host);
  } finally {
    host.stop();
  }
}

async function createAll(host: ProviderHost, provider: string, inputs: readonly Props[]): Promise<Managed[]> {
  return pool(PARALLEL, inputs, async (raw) => {
    const name = String(raw.name).replace(/ /g, "-");
    const { inputs: checked, failures } = await host.check(URN(name), {}, { ...raw, __provider: provider });
    if (failures.length > 0) throw new Error(`check of ${name}: ${failures.join("; ")}`);
    const { id, properties } = await host.create(URN(name), checked);
    return { name, id, inputs: checked, outs: properties };
  });
}

function counted(fake: FakeUptimeRobot): { requests: number; lists: Record<string, number>; writes: number; throttled: number } {
  const s = fake.stats;
  const snapshot = { requests: s.requests, lists: { ...s.lists }, writes: s.writes, throttled: s.throttled };
  s.requests = 0;
  s.lists = {};
  s.writes = 0;
  s.throttled = 0;
  return snapshot;
}

const lists = (l: Record<string, number>) => Object.entries(l).map(([k, v]) => `${k} ${v}`).join(", ") || "none";

/** Refresh (a read of every monitor) and a no-op `up` (check and diff of every monitor) of `n` monitors. */
async function refreshAndNoop(n: number): Promise<string[][]> {
  const fake = new FakeUptimeRobot();
  await fake.start();
  try {
    const provider = await monitorProviderText();
    const managed = await command(fake, 1_000_000, (host) => createAll(host, provider, Array.from({ length: n }, (_, i) => monitorInputs(i))));
    counted(fake);
    await command(fake, 1_000_000, (host) => pool(PARALLEL, managed, (m) => host.read(URN(m.name), m.id, { ...m.outs, __provider: provider })));
    const refresh = counted(fake);
    const changes = await command(fake, 1_000_000, (host) =>
      pool(PARALLEL, managed, async (m) => {
        const news = { ...m.inputs, __provider: provider };
        const { inputs } = await host.check(URN(m.name), m.outs, news);
        return (await host.diff(URN(m.name), m.id, { ...m.outs, __provider: provider }, inputs)).changes;
      }),
    );
    const noop = counted(fake);
    const goal = Math.ceil(n / 200) + 1;
    const refreshLists = refresh.lists.monitors ?? 0;
    return [
      [`refresh, ${n} monitors`, `${refresh.requests} requests; list calls: ${lists(refresh.lists)}; writes ${refresh.writes}`, `monitors lists ${refreshLists} ${refreshLists <= goal ? "met" : "MISSED"} (goal ≤ ⌈${n}/200⌉+1 = ${goal})`],
      [
        `no-op up, ${n} monitors`,
        `${noop.requests} requests; writes ${noop.writes}; ${changes.filter((c) => c !== "none").length} diffs with changes`,
        `writes ${noop.writes} ${noop.writes === 0 ? "met" : "MISSED"} (goal 0)`,
      ],
    ];
  } finally {
    await fake.stop();
  }
}

/**
 * `count` creates against a fake that refuses more than `perWindow` requests in any `windowMs`,
 * with the provider paced at the same rate; the floor is one request slot per create.
 */
async function pacedCreates(count: number, perWindow: number, windowMs: number): Promise<string[][]> {
  const fake = new FakeUptimeRobot({ rateLimit: { requests: perWindow, windowMs } });
  await fake.start();
  try {
    const provider = await monitorProviderText();
    const requestsPerMinute = (perWindow * 60_000) / windowMs;
    // From the first create on: starting the host is not the vendor's limit.
    const wall = await command(fake, requestsPerMinute, async (host) => {
      const t = Date.now();
      await createAll(host, provider, Array.from({ length: count }, (_, i) => monitorInputs(i)));
      return Date.now() - t;
    });
    const c = counted(fake);
    const floor = (count * windowMs) / perWindow;
    const ratio = wall / floor;
    const scaled = windowMs === 60_000 ? "" : ` (the real limit, ${perWindow} a minute, scaled ${60_000 / windowMs}× faster: ${perWindow} per ${windowMs} ms)`;
    return [
      [
        `${count} creates at ${perWindow} requests per ${windowMs / 1000} s${scaled}`,
        `${c.requests} requests (${c.writes} writes, lists: ${lists(c.lists)}); ${c.throttled} answered 429; wall ${(wall / 1000).toFixed(2)} s, floor ${(floor / 1000).toFixed(2)} s`,
        `429s ${c.throttled} ${c.throttled === 0 ? "met" : "MISSED"} (goal 0); wall ${ratio.toFixed(2)}× ${ratio <= 1.1 ? "met" : "MISSED"} (goal ≤ 1.1×)`,
      ],
    ];
  } finally {
    await fake.stop();
  }
}

export async function printUptimeRobotCalls(opts: { monitors: number; creates: number; windowMs: number }): Promise<void> {
  console.log("\n4. UptimeRobot calls (fake API, monitor provider serialized and run in Pulumi's dynamic-provider host,");
  console.log(`   ${PARALLEL} operations at a time, a fresh host per command; floors: ⌈N/200⌉+1 list calls, 0 writes, one request slot per create)`);
  const rows = [["what", "counted", "against the floor"], ...(await refreshAndNoop(opts.monitors)), ...(await pacedCreates(opts.creates, 10, opts.windowMs))];
  console.log(table(rows));
}
