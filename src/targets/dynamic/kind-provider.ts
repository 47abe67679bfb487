/**
 * The one generic dynamic provider: check / diff / create / read / update / delete for any kind
 * (./kind). It runs inside Pulumi's dynamic-provider host, loaded from the project's build by the
 * serialized stub (./stub), and reads its credentials in `configure()` or from the environment.
 *
 * - create is idempotent: it first looks for the object the inputs identify (adopting it with
 *   `adopt: true`, refusing a duplicate otherwise), and when a POST's answer is lost it looks again
 *   before writing again;
 * - read reports drift, except what the kind tolerates or cannot observe;
 * - diff compares canonical forms, so what the vendor rewrites is no change;
 * - delete tolerates "already gone".
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { apiError, isAmbiguous, isApiError, isGone } from "./errors";
import type { Identified, Kind, Transport } from "./kind";
import { containsUnknown, defined, redact, stable, type Props } from "./values";

/** How often a create whose answer was lost is tried again, and how often it looks for what it may have made. */
const CREATE_ATTEMPTS = 4;
const LOOKS_AFTER_AMBIGUOUS = 6;
/** How often refresh reads an object again before it reports a difference as drift (reads can lag writes). */
const REREADS_BEFORE_DRIFT = 3;

export class KindProvider<I extends object, V extends Identified, C, U> implements dynamic.ResourceProvider {
  private config: Record<string, string | undefined> = {};

  constructor(private readonly kind: Kind<I, V, C, U>) {}

  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    const values: Record<string, string | undefined> = {};
    for (const key of this.kind.configKeys) values[key] = req.config.get(key);
    this.config = values;
  }

  private transport(): Transport<V, C, U> {
    const values = this.config;
    return this.kind.connect((k) => values[k]);
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

  /** The error with what it concerns in front, and no secret value of the resource in it (nor of its stored outputs, `also`). */
  private wrap(e: unknown, i: I | Props, id?: string, also: Props = {}): Error {
    const where = this.where(i) + (id ? ` (id ${id})` : "");
    const secrets = this.kind.secrets.flatMap((k) => [(i as Props)[k], also[k]]).filter((v): v is string => typeof v === "string");
    const msg = redact(`${where}: ${e instanceof Error ? e.message : String(e)}`, secrets);
    return isApiError(e) ? apiError(msg, e.kind, e.status, e.ambiguous) : new Error(msg);
  }

  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    const failures = this.kind.validate(news).map((f) => ({ property: f.property, reason: `${this.where(news)}: ${f.property}: ${f.reason}` }));
    return { inputs: news, failures };
  }

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    const a = this.kind.canonical(olds as Partial<I>);
    // During preview some inputs are not known yet: count them as changed and compare the rest.
    const unknown = Object.keys(news).filter((k) => k in a && containsUnknown(news[k]));
    const known: Props = { ...news };
    for (const k of unknown) known[k] = olds[k];
    const b = this.kind.canonical(known as Partial<I>);
    const changed = [...unknown];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (!changed.includes(k) && stable(a[k]) !== stable(b[k])) changed.push(k);
    for (const k of this.kind.rewrite?.(olds) ?? []) if (!changed.includes(k)) changed.push(k);
    const replaces = changed.filter((k) => this.kind.replaceOnChange.includes(k));
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  }

  private async lookup(t: Transport<V, C, U>, i: I, fresh: boolean): Promise<V | undefined> {
    return (await t.list({ fresh, near: i })).find((v) => this.kind.identifies(v, i));
  }

  /** The object these inputs describe, if it exists: by its marker, or with adopt under its alias. */
  private async existing(t: Transport<V, C, U>, i: I): Promise<V | undefined> {
    // A cached listing is enough here: every write of this process updates the cached listing of
    // its collection, so it can only miss what changed elsewhere in the last few seconds.
    const found = await this.lookup(t, i, false);
    if (found || !this.adopting(i)) return found;
    const alias = this.kind.adoptAlias?.(i);
    return alias ? this.lookup(t, alias, false) : undefined;
  }

  private adopting(i: I): boolean {
    return this.kind.adoptable && (i as { adopt?: unknown }).adopt === true;
  }

  private outs(i: I, v: V, previous?: Props): Props {
    return defined({ ...(i as Props), ...this.kind.extraOuts(v, previous) });
  }

  async create(inputs: Props): Promise<dynamic.CreateResult> {
    const i = inputs as I;
    const t = this.transport();
    try {
      const found = await this.existing(t, i);
      if (found) {
        if (!this.adopting(i)) throw new Error(this.kind.duplicate(String(found.id)));
        const refusal = this.kind.adoptRefusal?.(found, i);
        if (refusal) throw new Error(refusal);
        const v = await t.update(String(found.id), this.kind.updateBody(i, {}));
        return { id: String(found.id), outs: this.outs(i, v ?? found) };
      }
      return await this.createAnew(t, i);
    } catch (e) {
      throw this.wrap(e, i);
    }
  }

  /** POST, and when the answer is lost, look for what the vendor may have made before posting again. */
  private async createAnew(t: Transport<V, C, U>, i: I): Promise<dynamic.CreateResult> {
    const body = this.kind.createBody(i);
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      try {
        const v = await t.create(body);
        return { id: String(v.id), outs: this.outs(i, v) };
      } catch (e) {
        if (!isAmbiguous(e) || !t.waitAfterAmbiguous) throw e;
        // Listings can lag a write: look a few times.
        for (let look = 0; look < LOOKS_AFTER_AMBIGUOUS; look++) {
          const found = await this.lookup(t, i, true);
          if (found) return this.adoptIfAsAsked(i, found, e);
          await t.waitAfterAmbiguous(look);
        }
        // The vendor said it made it: posting again could only make a second one.
        if (isApiError(e) && e.acted) {
          throw new Error(
            `${this.kind.vendor} answered that it created it (${e.message}) but it could not be found under this name since (expected: run \`pulumi up\` again once it shows; set adopt: true if it is then reported as existing)`,
          );
        }
      }
    }
    throw new Error("the API kept failing while creating it (expected it to recover; nothing was left behind)");
  }

  /**
   * After a create whose answer was an error, the object found under the inputs' marker is taken
   * as the one this create made only when the vendor holds exactly what was asked (every managed
   * value, as diff compares them). A vendor can persist an object and still fail the call with
   * settings other than those sent; such an object is left alone and named, never adopted.
   */
  private adoptIfAsAsked(i: I, found: V, cause: unknown): dynamic.CreateResult {
    const differs = this.differences(i as Props, found);
    if (differs.length === 0) return { id: String(found.id), outs: this.outs(i, found) };
    const why = cause instanceof Error ? cause.message : String(cause);
    const fix = this.kind.adoptable ? "delete it there, or set adopt: true on the definition to take it over and correct it" : "delete it there";
    throw new Error(
      `the create failed (${why}) but ${this.kind.vendor} now holds one with this name (id ${found.id}) whose ${differs.join(", ")} differ from the definition, so it was not taken over (expected: check it at ${this.kind.vendor}; ${fix}; then run \`pulumi up\` again)`,
    );
  }

  /** Managed keys whose value the vendor holds differently from `props` (what refresh would report as drift). */
  private differences(props: Props, v: V): string[] {
    const drifted = this.drifted(props, v);
    return Object.keys(this.kind.canonical(props as Partial<I>)).filter((k) => drifted[k] !== props[k]);
  }

  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    const t = this.transport();
    let v: V | undefined;
    try {
      v = await t.get(id);
    } catch (e) {
      if (isGone(e)) return { id: "", props: {} };
      throw this.wrap(e, props, id);
    }
    if (!v) return { id: "", props: {} };
    try {
      v = await this.settled(t, id, props, v);
    } catch (e) {
      throw this.wrap(e, props, id);
    }
    if (!v) return { id: "", props: {} };
    return { id: String(v.id), props: defined({ ...this.drifted(props, v), ...this.kind.extraOuts(v, props) }) };
  }

  /**
   * A read right after a write can still return the object's previous version (UptimeRobot's own
   * Terraform provider waits after each write for several consecutive reads showing it). So an
   * object that looks changed is read again from the vendor itself a few times, with backoff: the
   * first read that shows what the state holds ends it (no drift); a change that every read shows
   * is drift. Unchanged objects cost no extra call.
   */
  private async settled(t: Transport<V, C, U>, id: string, props: Props, first: V): Promise<V | undefined> {
    let v: V | undefined = first;
    for (let n = 0; v && t.waitBeforeReread && n < REREADS_BEFORE_DRIFT && this.differences(props, v).length > 0; n++) {
      await t.waitBeforeReread(n);
      try {
        v = await t.get(id, { fresh: true });
      } catch (e) {
        if (isGone(e)) return undefined;
        throw e;
      }
    }
    return v;
  }

  /** The stored properties, with each managed value the vendor now holds differently replaced by the vendor's. */
  private drifted(props: Props, v: V): Props {
    const observed = this.kind.fromVendor(v) as Props;
    const oc = this.kind.canonical(observed as Partial<I>);
    const sc = this.kind.canonical(props as Partial<I>);
    const next: Props = { ...props };
    for (const k of Object.keys(sc)) {
      if (!this.kind.reportsAbsence && (!(k in observed) || observed[k] === undefined)) continue;
      if (sc[k] === undefined) continue;
      if (stable(oc[k]) === stable(sc[k])) continue;
      if (this.kind.readTolerates?.(k, oc[k], sc[k])) continue;
      next[k] = observed[k];
    }
    return next;
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const i = news as I;
    const t = this.transport();
    try {
      return { outs: this.outs(i, await t.update(id, this.kind.updateBody(i, olds)), olds) };
    } catch (e) {
      if (isGone(e)) {
        throw this.wrap(new Error(`it no longer exists at ${this.kind.vendor} (expected it to exist; run \`pulumi refresh\` so it is recreated)`), i, id);
      }
      // The stored outputs hold what the vendor generated (a token, a signing secret): keep those out of the message too.
      throw this.wrap(e, i, id, olds);
    }
  }

  async delete(id: string, props: Props): Promise<void> {
    const t = this.transport();
    try {
      await t.delete(id);
    } catch (e) {
      if (isGone(e)) return;
      throw this.wrap(e, props, id);
    }
  }
}
