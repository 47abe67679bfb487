/**
 * What one kind of dynamic resource tells the generic provider (./kind-provider): its semantics
 * (validation, canonical form, replacement, read tolerances, how a vendor object is recognised,
 * request bodies, read-back normalisation, extra outputs) and how to reach the vendor (a transport
 * over the shared HTTP client, or over a vendor's official SDK).
 */
import type { Failure } from "./checker";
import type { Props } from "./values";

/** Reads one stack-config value (`uptimerobot:apiKey` ...). */
export type ConfigGetter = (key: string) => string | undefined;

/** Every vendor object has an id. */
export interface Identified {
  id: number | string;
}

/**
 * How the generic provider reaches the vendor for one kind. Failures are VendorApiErrors (./errors)
 * so that "gone" and "ambiguous" mean the same for every vendor.
 */
export interface Transport<V extends Identified, C, U> {
  /**
   * Every object of the kind; `fresh` skips any cached listing. `near`: the inputs being looked
   * for, for vendors whose collections are scoped by an input (a Sentry project's alert rules).
   */
  list(opts: { fresh: boolean; near?: object }): Promise<V[]>;
  /** One object, or undefined when it no longer exists; `fresh` asks the vendor itself (no listing, no cache). */
  get(id: string, opts?: { fresh?: boolean }): Promise<V | undefined>;
  create(body: C): Promise<V>;
  update(id: string, body: U): Promise<V>;
  delete(id: string): Promise<void>;
  /**
   * Transports that can lose the answer of a write (a POST that timed out after the server acted)
   * say how long to wait before the n-th look for what it may have created. Without it, an
   * ambiguous failure is reported as it is.
   */
  waitAfterAmbiguous?(look: number): Promise<void>;
  /**
   * Transports of vendors whose reads can lag their writes (eventually consistent replicas) say how
   * long to wait before the n-th read again of an object that looks changed. Without it, what a
   * read shows is taken as it is.
   */
  waitBeforeReread?(n: number): Promise<void>;
}

/**
 * One kind of resource. `I`: its inputs; `V`: the vendor object; `C` / `U`: create / update bodies.
 * Functions are methods so that a kind of any shape is also a `Kind<object, ...>` for the registry.
 */
export interface Kind<I extends object, V extends Identified, C = Record<string, unknown>, U = C> {
  /**
   * `<vendor>:<Type>`, e.g. "uptimerobot:Monitor": the resource type is `pulumi-nodejs:dynamic/<id>`
   * and the serialized provider stores this id in every resource's state. Never rename one.
   */
  readonly id: string;
  /** Human label used in messages, e.g. "UptimeRobot monitor". */
  readonly label: string;
  /** The vendor's name in messages ("it no longer exists at UptimeRobot"). */
  readonly vendor: string;
  /** Stack config keys `configure()` keeps for `connect`. */
  readonly configKeys: readonly string[];
  /** The transport, with settings read from stack config and the environment (throws one clear error listing every problem). */
  connect(config: ConfigGetter): Transport<V, C, U>;

  /** Validates raw inputs; reasons are "<what is wrong> (expected ...)". */
  validate(raw: Props): Failure[];
  /** The display name of inputs (messages). */
  nameOf(i: I): string;
  /** Comparable form of each managed input key, defaults applied: `diff()` compares these. */
  canonical(i: Partial<I>): Record<string, unknown>;
  /** Input keys whose change forces replacement. */
  readonly replaceOnChange: readonly string[];
  /** On refresh, whether an observed value counts as equal to the stored one although it differs. */
  readTolerates?(key: string, observed: unknown, stored: unknown): boolean;
  /**
   * Whether an undefined value from `fromVendor` is an observation ("the vendor holds none": refresh
   * clears it) rather than "the vendor cannot report this" (refresh keeps the stored value).
   */
  readonly reportsAbsence?: boolean;

  /**
   * Input keys whose stored value was written by an earlier version of this kind with a mapping
   * since corrected (`olds`: the stored outputs): diff reports them changed, so the next update
   * writes them again with today's mapping.
   */
  rewrite?(olds: Props): string[];

  /** Whether a listed vendor object is the one these inputs describe (the marker used against duplicates). */
  identifies(v: V, i: I): boolean;
  /** Whether `adopt: true` may take over an existing object instead of failing. */
  readonly adoptable: boolean;
  /** With adopt, the inputs under which an existing object may also be found (another name), if any. */
  adoptAlias?(i: I): I | undefined;
  /** Why a create stops when the object exists and adopt is not set: "<what> (expected ...)". */
  duplicate(id: string): string;
  /**
   * With adopt, why the object found cannot be taken over (it differs in what the vendor cannot
   * change, such as a log source's platform): "<what> (expected ...)"; undefined when it can.
   */
  adoptRefusal?(v: V, i: I): string | undefined;

  createBody(i: I): C;
  /** `olds`: the stored outputs (empty when adopting). */
  updateBody(i: I, olds: Props): U;
  /** Vendor object -> input-shaped values (HTML unescaped etc.). */
  fromVendor(v: V): Partial<I>;
  /** Outputs computed by the vendor (ids, secret URLs); `previous`: the stored outputs, for what the vendor never returns again. */
  extraOuts(v: V, previous?: Props): Props;
  /** Properties (inputs or outputs) whose values are secrets: secret outputs in state, redacted from every message. */
  readonly secrets: readonly string[];
}

/** Any kind, as the registry and the entry hold them. */
export type AnyKind = Kind<object, Identified, unknown, unknown>;
