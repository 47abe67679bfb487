/**
 * The vendor-module contract. Everything the project knows about one vendor lives in
 * `src/targets/<vendor>/` and is declared through one `VendorModule`, which the rest of the code
 * iterates: settings (`monitoring:vendors.<name>`), resolve's policy, the pipeline's problems,
 * provisioning, `cost`, `diff`, `check` and `import` name no vendor.
 *
 * A module is handed resolved values only: it never reads stack config or files itself.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { StatusCode } from "../model";
import type { Concern, Problem, ResolvedModel, ResolvedService } from "../resolve";
import type { RawConfig, VendorSettings } from "../settings";

/** The settings of a vendor as parsed from its schema, with `enabled` (which every vendor has). */
export type SettingsOf<Schema extends z.ZodType> = z.output<Schema> & VendorSettings;

export interface ServiceContext<S extends VendorSettings = VendorSettings> {
  model: ResolvedModel;
  /** This vendor's settings on the stack. */
  settings: S;
  service: ResolvedService;
  /** The service's component; every resource of the service is its child. */
  parent: pulumi.ComponentResource;
  /** Publishes a stack output: `pulumi stack output <name>` holds `{ [service]: { [key]: value } }`. */
  output(name: string, key: string, value: pulumi.Input<unknown>): void;
  /**
   * What vendors registered before this one published for this service under an output name
   * (`{ [key]: value }`), e.g. the signing secrets a receiver of Stripe's events verifies with.
   */
  published?(name: string): Readonly<Record<string, pulumi.Input<unknown>>>;
}

export interface StackContext<S extends VendorSettings = VendorSettings> {
  model: ResolvedModel;
  settings: S;
  /**
   * Parent for resources shared by all services (e.g. one Cloudflare ruleset per zone). Made on
   * first call, so a vendor that registers nothing shared leaves no empty component behind.
   */
  parent(): pulumi.ComponentResource;
  /** Publishes a stack-wide output: `pulumi stack output <name>` holds `{ [key]: value }`. */
  output(name: string, key: string, value: pulumi.Input<unknown>): void;
}

/** One tier of a vendor's price list. */
export interface PriceTier {
  /** Tier name; where the stack settings have a plan, the same names. */
  name: string;
  /** US dollars per month (where yearly billing is cheaper, the yearly price per month); NaN for contract pricing. */
  usdPerMonth: number;
  usdPerMonthBilledMonthly?: number;
  /** What the tier includes that matters here. */
  includes: string;
  /** Where the price comes from, and when it was read. */
  source: string;
}

/** What a stack needs of a vendor's tiers: data beside the vendor, with date and sources. */
export interface Pricing<S extends VendorSettings = VendorSettings> {
  /** When the prices were last checked. */
  asOf: string;
  pricingPage: string;
  /** Cheapest first. */
  tiers: readonly PriceTier[];
  /** The cheapest tier that covers what the stack declares, and what decided it. */
  needs(model: ResolvedModel, settings: S): { tier: string; reasons: string[] };
  /** The tier named in the stack settings, where the settings have one. */
  configured?(settings: S): string | undefined;
}

/** An HTTP request `monitoring check` can make from this machine, with what must come back. */
export interface HttpProbe {
  /** `service/key`, what `--only` matches. */
  id: string;
  name: string;
  url: string;
  method: string;
  headers: Readonly<Record<string, string>>;
  body?: { text: string; contentType: string };
  timeoutMs: number;
  expectStatus: readonly StatusCode[];
  keyword?: { text: string; expect: "present" | "absent"; caseSensitive: boolean };
}

/** An entry `check` lists but cannot make from here (a heartbeat the job sends), and why. */
export interface SkippedProbe {
  id: string;
  name: string;
  skipped: string;
}

export type Probe = HttpProbe | SkippedProbe;

/** What an importer is handed: the stack's config as the CLI reads it, offline secrets as placeholders. */
export interface ImportContext {
  stack: string;
  config: RawConfig;
  env: Readonly<Record<string, string | undefined>>;
  /** Key of the generated service. */
  serviceKey: string;
  /** Progress for the person running the import (stderr). */
  log(line: string): void;
}

export interface ImportResult {
  /** The TypeScript definitions file. */
  source: string;
  /** One line: what was imported. */
  summary: string;
  /** What to do next, one line each. */
  next: string[];
  /** What could not be expressed, one line each. */
  notes: string[];
}

/** An importer's failure the user can act on: `usage` (settings, exit 2) or `vendor` (the API refused, exit 1). */
export class ImportFailed extends Error {
  constructor(
    message: string,
    readonly kind: "usage" | "vendor",
  ) {
    super(message);
    this.name = "ImportFailed";
  }
}

/**
 * A vendor. `S` is its settings; `Shared` is what its stack-wide resources hand its services
 * (contact ids, a data source to depend on): `registerStack` runs first, for every vendor, and
 * what it returns is handed to each `registerService`.
 *
 * Functions are declared as methods so that a module of any settings type fits the registry.
 */
export interface VendorModule<S extends VendorSettings = VendorSettings, Shared = unknown> {
  /** Key under `monitoring:vendors`, and the vendor's name in plans, cost tables and messages. */
  name: string;
  /** Display name, e.g. "UptimeRobot". */
  title: string;
  /** Schema of `monitoring:vendors.<name>`: a strict object whose fields all have defaults or are optional. */
  settings: z.ZodObject;
  /** Whether the vendor is on when the stack does not say (default true). */
  enabledByDefault?: boolean;
  /** The definition concerns this vendor provisions (resolve's policy covers them only when it is enabled). */
  concerns: readonly Concern[];
  /** Plan limits, mapping and delivery checks over the whole model, before anything is registered. */
  problems(model: ResolvedModel, settings: S): Problem[];
  /** Resources shared by all services of the stack, registered before any service's. */
  registerStack?(ctx: StackContext<S>): Shared;
  /** Resources of one service. */
  registerService?(ctx: ServiceContext<S>, shared: Shared): void;
  /** Tiers and prices, for `monitoring cost`. */
  pricing?: Pricing<S>;
  /**
   * Per resource type, the input fields whose change makes the provider delete the vendor object
   * and create a new one (Terraform's ForceNew). `diff` reads them; a dynamic provider's come from
   * the same declarations its `diff()` uses.
   */
  replaceOnChange?: Readonly<Record<string, readonly string[]>>;
  /** `monitoring import <name>`: reads an existing account into definitions. */
  importer?: { run(ctx: ImportContext): Promise<ImportResult> };
  /** What `monitoring check` can run from this machine. */
  probes?(model: ResolvedModel, settings: S): Probe[];
}

/** Types a module against its own settings schema; the registry holds it as a plain `VendorModule`. */
export function defineVendor<Schema extends z.ZodObject, Shared = void>(module: VendorModule<SettingsOf<Schema>, Shared> & { settings: Schema }): VendorModule {
  return module as unknown as VendorModule;
}

/** A vendor's typed settings on a stack, for code in its folder that is handed only the model. */
export function settingsOf<Schema extends z.ZodObject>(model: ResolvedModel, name: string, _schema: Schema): SettingsOf<Schema> {
  return model.settings.vendors[name] as SettingsOf<Schema>;
}

/** Logical resource names: the service key and the definition's stable key, never a list index. */
export function logicalName(...parts: string[]): string {
  return parts.join("-");
}
