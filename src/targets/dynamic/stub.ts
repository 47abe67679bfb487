/**
 * The provider object `pulumi.dynamic.Resource` serializes into every resource's state (its
 * `__provider` property): a thin stub holding only a kind id and the project-relative path of the
 * runtime entry (./entry). Each method loads the entry from the project's build and delegates to
 * the real provider it returns, so the state holds ~2 KB instead of the whole provider.
 *
 * STABILITY: the kind id ("uptimerobot:Monitor") and ENTRY are baked into the state of every
 * resource ever created, and the engine runs that text again for refresh and delete. Never rename
 * a kind, never move the entry, and keep this class's method names and behaviour compatible: a stub
 * written today must keep working with every later build.
 *
 * Serialization: `serializedStub` writes the class's own compiled source into the text, so the
 * class imports nothing at run time (Node modules are `require`d inside the methods), refers to
 * nothing outside itself, and assigns its fields in the constructor, without initializers. (So
 * `runtime.serializeFunction`, which an earlier version used, captures it the same way.)
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

/** Project-relative path of the compiled runtime entry. Baked into state: never change it. */
export const ENTRY = "dist/src/targets/dynamic/entry.js";

type Real = Required<Pick<dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete">> & dynamic.ResourceProvider;
type Props = Record<string, unknown>;

export class DynamicProviderStub implements dynamic.ResourceProvider {
  declare readonly kind: string;
  declare readonly entry: string;
  declare private real: Real | undefined;
  declare private request: dynamic.ConfigureRequest | undefined;
  declare private ready: Promise<void> | undefined;

  constructor(kind: string, entry: string) {
    this.kind = kind;
    this.entry = entry;
  }

  /**
   * The host calls this once, before any other method. The real provider is loaded and configured
   * synchronously up to its first await, so calls the host starts meanwhile wait for `ready`.
   */
  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.request = req;
    this.real = undefined;
    this.load();
    await this.ready;
  }

  /** Finds the entry from the working directory or a folder above it (the engine may start the host in the program's folder). */
  private load(): Real {
    if (this.real) return this.real;
    /* eslint-disable @typescript-eslint/no-require-imports */
    const fs = require("fs") as typeof import("fs");
    const path = require("path") as typeof import("path");
    let file: string | undefined;
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, this.entry))) file = path.join(dir, this.entry);
      if (file || path.dirname(dir) === dir) break;
    }
    if (!file) {
      throw new Error(
        `${this.kind}: the provider's code ${this.entry} is not in ${process.cwd()} or a folder above it (expected the project's build: run \`npm run build\` in the project folder, then run pulumi again)`,
      );
    }
    const real = (require(file) as { providerFor(kind: string): Real }).providerFor(this.kind);
    /* eslint-enable @typescript-eslint/no-require-imports */
    this.ready = this.request && real.configure ? real.configure(this.request) : Promise.resolve();
    this.real = real;
    return real;
  }

  private async use(): Promise<Real> {
    const real = this.load();
    await this.ready;
    return real;
  }

  async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
    return (await this.use()).check(olds, news);
  }

  async diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return (await this.use()).diff(id, olds, news);
  }

  async create(inputs: Props): Promise<dynamic.CreateResult> {
    return (await this.use()).create(inputs);
  }

  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    return (await this.use()).read(id, props);
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    return (await this.use()).update(id, olds, news);
  }

  async delete(id: string, props: Props): Promise<void> {
    return (await this.use()).delete(id, props);
  }
}

const texts = new Map<string, string>();

/**
 * The text a dynamic resource stores as `__provider` for a stub: a module whose `handler()`
 * returns the stub, as the dynamic-provider host expects (`requireFromString(text).handler()`),
 * written from the class's compiled source. Pulumi's closure serializer made the same object, but
 * loaded the TypeScript compiler and parsed each method at every plan (1.5 s of CPU, a tenth of
 * the engine's own work, for a 100-service plan) and wrote 4.9 KB where this is 2 KB.
 */
export function serializedStub(stub: Pick<DynamicProviderStub, "kind" | "entry">): string {
  const key = `${stub.kind}\0${stub.entry}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = [
      `const DynamicProviderStub = ${DynamicProviderStub.toString()};`,
      `const provider = new DynamicProviderStub(${JSON.stringify(stub.kind)}, ${JSON.stringify(stub.entry)});`,
      "exports.handler = () => provider;",
      "",
    ].join("\n");
    texts.set(key, text);
  }
  return text;
}
