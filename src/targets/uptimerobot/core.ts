/**
 * The shared machinery of the UptimeRobot dynamic providers: one generic provider class driven by a
 * per-resource "kind" (validation, request bodies, read-back normalization).
 *
 * How the engine runs this: @pulumi/pulumi serializes the provider object with
 * `runtime.serializeFunction`, stores the text in the resource's `__provider` property, and the
 * dynamic-provider host deserializes it (require-from-string) and calls `configure()` with the stack
 * config before check/diff/create/read/update/delete. So credentials are read in `configure()` (or
 * from the environment), never captured when the program constructs a resource.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { apiError, isApiError, isGone, settingsFrom, sharedClient, type UptimeRobotClient } from "./client";

/** The value Pulumi uses for "not known yet" during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

export interface Failure {
  property: string;
  reason: string;
}

/** What a kind of UptimeRobot resource tells the generic provider. */
export interface Kind<I extends object, V extends { id: number | string }> {
  /** Human label used in messages, e.g. "UptimeRobot monitor". */
  label: string;
  /** Collection path, e.g. "/monitors". */
  collection: string;
  /** `limit` for listing (only /monitors takes one). */
  pageSize?: number;
  /** How create/update bodies are sent. */
  encoding: "json" | "form";
  /** Validates raw inputs; reasons are "<what is wrong> (expected ...)". */
  validate(raw: Props): Failure[];
  /** The display name of inputs (for messages and look-ups). */
  nameOf(i: I): string;
  createBody(i: I): Record<string, unknown>;
  updateBody(i: I): Record<string, unknown>;
  /** Vendor object -> input-shaped values (HTML unescaped etc.). Omit what the vendor cannot report. */
  fromVendor(v: V): Partial<I>;
  /** Comparable form of each managed input key, defaults applied. */
  canonical(i: Partial<I>): Record<string, unknown>;
  /** Whether a listed vendor object is the one these inputs describe (the marker used for look-ups). */
  identifies(v: V, i: I): boolean;
  /** Keys whose change forces replacement. */
  replaceOnChange: string[];
  /** Outputs computed by the vendor (ids, secret URLs). */
  extraOuts(v: V): Props;
  /** On refresh, whether an observed value should count as equal to the stored one although it differs. */
  readTolerates?(key: string, observed: unknown, stored: unknown): boolean;
  /** Whether `adopt` applies to this kind. */
  adoptable: boolean;
}

/** A copy without undefined values: the provider host's Struct.fromJavaScript rejects them. */
export function defined(value: Props): Props {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(strip);
    if (v && typeof v === "object") {
      const out: Props = {};
      for (const [k, x] of Object.entries(v as Props)) if (x !== undefined) out[k] = strip(x);
      return out;
    }
    return v;
  };
  return strip(value) as Props;
}

/** Stable JSON (sorted keys) for comparisons. */
export function stable(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map(stable).join(",") + "]";
  const o = value as Record<string, unknown>;
  return (
    "{" +
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ":" + stable(o[k]))
      .join(",") +
    "}"
  );
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Undoes the HTML escaping UptimeRobot applies to names and URLs on read. */
export function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** Whether a value is, or holds anywhere inside, Pulumi's "not known yet" marker. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v as Props).some(containsUnknown);
  return false;
}

/** Converts a Pulumi id (string) or number to the vendor's numeric id. */
export function numericId(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === "string" && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

interface StoredConfig {
  values: Record<string, string | undefined>;
}

const CONFIG_KEYS = [
  "uptimerobot:apiKey",
  "uptimerobot:apiUrl",
  "uptimerobot:requestsPerMinute",
  "uptimerobot:timeoutMs",
  "uptimerobot:maxRetries",
  "uptimerobot:retryBaseMs",
  "uptimerobot:retryMaxMs",
  "uptimerobot:cacheTtlMs",
];

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

/**
 * A dynamic provider for one kind. Holds no credentials until `configure()` runs in the provider
 * host (do not call configure on an instance you later serialize).
 */
export class KindProvider<I extends object, V extends { id: number | string }> implements dynamic.ResourceProvider {
  // Fields are assigned in the constructor (no initializers) so that serializeFunction keeps them.
  declare private stored: StoredConfig | undefined;
  declare private readonly kind: Kind<I, V>;

  constructor(kind: Kind<I, V>) {
    this.kind = kind;
  }

  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    const values: Record<string, string | undefined> = {};
    for (const key of CONFIG_KEYS) values[key] = req.config.get(key);
    this.stored = { values };
  }

  private client(): UptimeRobotClient {
    const values = this.stored?.values ?? {};
    const settings = settingsFrom((k) => values[k], process.env);
    return sharedClient(settings);
  }

  private where(i: I | Props): string {
    let name = "";
    try {
      name = this.kind.nameOf(i as I);
    } catch {
      name = "";
    }
    return name ? `${this.kind.label} "${name}"` : this.kind.label;
  }

  private wrap(e: unknown, i: I | Props, id?: string): Error {
    const where = this.where(i) + (id ? ` (id ${id})` : "");
    if (isApiError(e)) return apiError(`${where}: ${e.message}`, e.kind, e.status, e.ambiguous);
    const msg = e instanceof Error ? e.message : String(e);
    return new Error(`${where}: ${msg}`);
  }

  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    const failures = this.kind.validate(news).map((f) => ({ property: f.property, reason: `${this.where(news)}: ${f.property}: ${f.reason}` }));
    return { inputs: news, failures };
  }

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    // During preview some inputs are not known yet: count them as changed and compare the rest.
    const unknown = Object.keys(news).filter((k) => containsUnknown(news[k]));
    const known: Props = { ...news };
    for (const k of unknown) known[k] = olds[k];
    const a = this.kind.canonical(olds as Partial<I>);
    const b = this.kind.canonical(known as Partial<I>);
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const changed: string[] = [...unknown];
    for (const k of keys) if (!changed.includes(k) && stable(a[k]) !== stable(b[k])) changed.push(k);
    const replaces = changed.filter((k) => this.kind.replaceOnChange.includes(k));
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  }

  private async lookup(client: UptimeRobotClient, i: I, fresh: boolean): Promise<V | undefined> {
    const items = await client.listAll<V>(this.kind.collection, { pageSize: this.kind.pageSize, fresh });
    return items.find((v) => this.kind.identifies(v, i));
  }

  /** With adopt, the existing object under its other name (`adoptName`), if there is one. */
  private async lookupAdoptName(client: UptimeRobotClient, i: I): Promise<V | undefined> {
    const { adopt, adoptName } = i as { adopt?: unknown; adoptName?: unknown };
    if (!this.kind.adoptable || adopt !== true || typeof adoptName !== "string" || adoptName === "") return undefined;
    return this.lookup(client, { ...i, name: adoptName }, false);
  }

  private outs(i: I, v: V): Props {
    return defined({ ...(i as Props), ...this.kind.extraOuts(v) });
  }

  private async send(client: UptimeRobotClient, method: "POST" | "PATCH", path: string, body: Record<string, unknown>): Promise<V> {
    const opts = this.kind.encoding === "form" ? { form: body as Record<string, never> } : { json: body };
    return client.request<V>(method, path, opts);
  }

  async create(inputs: Props): Promise<dynamic.CreateResult> {
    const i = inputs as I;
    const client = this.client();
    try {
      // A cached listing is enough here: every write of this process drops the cached listing
      // of its collection, so it can only miss what changed elsewhere in the last few seconds.
      const existing = (await this.lookup(client, i, false)) ?? (await this.lookupAdoptName(client, i));
      if (existing) {
        if (!(this.kind.adoptable && (inputs as { adopt?: unknown }).adopt === true)) {
          throw new Error(
            `one already exists with this name (id ${existing.id}) (expected a name not used in the account; set adopt: true on the definition to take over the existing one instead of creating a duplicate)`,
          );
        }
        const v = await this.send(client, "PATCH", `${this.kind.collection}/${existing.id}`, this.kind.updateBody(i));
        return { id: String(existing.id), outs: this.outs(i, v ?? existing) };
      }
      const body = this.kind.createBody(i);
      const s = client.settings;
      for (let attempt = 0; attempt < 4; attempt++) {
        try {
          const v = await this.send(client, "POST", this.kind.collection, body);
          return { id: String(v.id), outs: this.outs(i, v) };
        } catch (e) {
          if (!isApiError(e) || !e.ambiguous) throw e;
          // The server may have created it although we got no answer: look it up before creating
          // again, a few times, since listings can lag a write.
          for (let look = 0; look < 6; look++) {
            const found = await this.lookup(client, i, true);
            if (found) return { id: String(found.id), outs: this.outs(i, found) };
            await sleep(Math.min(s.retryMaxMs, s.retryBaseMs * 2 ** look));
          }
        }
      }
      throw new Error("the API kept failing while creating it (expected it to recover; nothing was left behind)");
    } catch (e) {
      throw this.wrap(e, i);
    }
  }

  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    const client = this.client();
    let v: V | undefined;
    try {
      const items = await client.listAll<V>(this.kind.collection, { pageSize: this.kind.pageSize });
      v = items.find((x) => String(x.id) === String(id));
      if (!v) v = await client.request<V>("GET", `${this.kind.collection}/${id}`);
    } catch (e) {
      if (isGone(e)) return { id: "", props: {} };
      throw this.wrap(e, props, id);
    }
    if (!v) return { id: "", props: {} };
    const observed = this.kind.fromVendor(v) as Props;
    const oc = this.kind.canonical(observed as Partial<I>);
    const sc = this.kind.canonical(props as Partial<I>);
    const next: Props = { ...props };
    for (const k of Object.keys(sc)) {
      if (!(k in observed) || observed[k] === undefined) continue;
      if (sc[k] === undefined) continue;
      if (stable(oc[k]) === stable(sc[k])) continue;
      if (this.kind.readTolerates?.(k, oc[k], sc[k])) continue;
      next[k] = observed[k];
    }
    return { id: String(v.id), props: defined({ ...next, ...this.kind.extraOuts(v) }) };
  }

  async update(id: string, _olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const i = news as I;
    const client = this.client();
    try {
      const v = await this.send(client, "PATCH", `${this.kind.collection}/${id}`, this.kind.updateBody(i));
      const got = v && typeof v === "object" && "id" in v ? v : await client.request<V>("GET", `${this.kind.collection}/${id}`);
      return { outs: this.outs(i, got) };
    } catch (e) {
      if (isGone(e)) {
        throw this.wrap(new Error("it no longer exists at UptimeRobot (expected it to exist; run `pulumi refresh` so it is recreated)"), i, id);
      }
      throw this.wrap(e, i, id);
    }
  }

  async delete(id: string, props: Props): Promise<void> {
    const client = this.client();
    try {
      await client.request("DELETE", `${this.kind.collection}/${id}`);
    } catch (e) {
      if (isGone(e)) return;
      throw this.wrap(e, props, id);
    }
  }
}

/* ---------- small validation helpers shared by the kinds ---------- */

export class Checker {
  declare readonly failures: Failure[];
  declare private readonly raw: Props;
  constructor(raw: Props) {
    this.raw = raw;
    this.failures = [];
  }

  private skip(key: string): boolean {
    return isUnknown(this.raw[key]);
  }

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  string(key: string, opts: { required?: boolean; max?: number; pattern?: RegExp; expected?: string; secret?: boolean } = {}): void {
    const v = this.raw[key];
    if (this.skip(key)) return;
    if (v === undefined || v === null || v === "") {
      if (opts.required) this.fail(key, `missing (expected ${opts.expected ?? "a non-empty string"})`);
      return;
    }
    // Secret values (webhook URLs with tokens, keys, passwords) are never echoed.
    const shown = opts.secret ? "the value" : JSON.stringify(v);
    if (typeof v !== "string") return this.fail(key, `${shown} is not a string (expected ${opts.expected ?? "a string"})`);
    if (opts.max !== undefined && v.length > opts.max) this.fail(key, `is ${v.length} characters long (expected at most ${opts.max})`);
    if (opts.pattern && !opts.pattern.test(v)) this.fail(key, `${shown} is not valid (expected ${opts.expected ?? opts.pattern.source})`);
  }

  number(key: string, opts: { required?: boolean; min?: number; max?: number; integer?: boolean; unit?: string } = {}): void {
    const v = this.raw[key];
    if (this.skip(key)) return;
    if (v === undefined || v === null) {
      if (opts.required) this.fail(key, `missing (expected a number${opts.unit ? " of " + opts.unit : ""})`);
      return;
    }
    const range = `${opts.min ?? "-∞"} to ${opts.max ?? "∞"}${opts.unit ? " " + opts.unit : ""}`;
    if (typeof v !== "number" || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
      return this.fail(key, `${JSON.stringify(v)} is not ${opts.integer ? "a whole number" : "a number"} (expected ${range})`);
    }
    if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) this.fail(key, `${v} is out of range (expected ${range})`);
  }

  oneOf(key: string, allowed: readonly string[], opts: { required?: boolean } = {}): void {
    const v = this.raw[key];
    if (this.skip(key)) return;
    if (v === undefined || v === null) {
      if (opts.required) this.fail(key, `missing (expected one of ${allowed.join(", ")})`);
      return;
    }
    if (typeof v !== "string" || !allowed.includes(v)) this.fail(key, `${JSON.stringify(v)} is not allowed (expected one of ${allowed.join(", ")})`);
  }

  boolean(key: string): void {
    const v = this.raw[key];
    if (this.skip(key) || v === undefined || v === null) return;
    if (typeof v !== "boolean") this.fail(key, `${JSON.stringify(v)} is not a boolean (expected true or false)`);
  }

  idList(key: string): void {
    const v = this.raw[key];
    if (this.skip(key) || v === undefined || v === null) return;
    if (!Array.isArray(v)) return this.fail(key, `is not a list (expected a list of UptimeRobot ids)`);
    v.forEach((x, n) => {
      if (!isUnknown(x) && numericId(x) === undefined) this.fail(`${key}[${n}]`, `${JSON.stringify(x)} is not an id (expected a whole number or a resource id)`);
    });
  }

  stringList(key: string, opts: { pattern?: RegExp; expected?: string } = {}): void {
    const v = this.raw[key];
    if (this.skip(key) || v === undefined || v === null) return;
    if (!Array.isArray(v)) return this.fail(key, `is not a list (expected a list of strings)`);
    v.forEach((x, n) => {
      if (isUnknown(x)) return;
      if (typeof x !== "string" || x === "") this.fail(`${key}[${n}]`, `${JSON.stringify(x)} is not a non-empty string (expected ${opts.expected ?? "text"})`);
      else if (opts.pattern && !opts.pattern.test(x)) this.fail(`${key}[${n}]`, `"${x}" is not valid (expected ${opts.expected ?? opts.pattern.source})`);
    });
  }

  stringMap(key: string): void {
    const v = this.raw[key];
    if (this.skip(key) || v === undefined || v === null) return;
    if (typeof v !== "object" || Array.isArray(v)) return this.fail(key, `is not an object (expected a map of names to string values)`);
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x !== "string" && !isUnknown(x)) this.fail(`${key}.${k}`, `${JSON.stringify(x)} is not a string (expected a string value)`);
    }
  }
}

export function sortedUnique<T extends string | number>(xs: readonly T[] | undefined): T[] {
  return [...new Set(Array.isArray(xs) ? xs : [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
