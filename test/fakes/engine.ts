/**
 * Runs dynamic providers the way the Pulumi engine does: the compiled provider object is
 * serialized as the project's resources store it (a stub: `serializedStub`, as DynamicResource
 * does; any other object with `pulumi.runtime.serializeFunction`, as `pulumi.dynamic.Resource`
 * does), the text is loaded back with require-from-string (as the dynamic-provider host does), and
 * `configure()` receives the stack config before any other call.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import requireFromString from "require-from-string";

export const projectRequire = createRequire(path.join(process.cwd(), "package.json"));

/** Loads a module from the compiled output (dist/), e.g. "src/targets/uptimerobot/provider". */
export function compiled<T>(modulePath: string): T {
  return projectRequire(`./dist/${modulePath}.js`) as T;
}

export interface LoadedProvider {
  provider: Required<Pick<dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete">> & dynamic.ResourceProvider;
  text: string;
}

/** The text a resource of the project stores as `__provider` for this provider object. */
export async function providerText(providerObject: object): Promise<string> {
  const stub = compiled<{ DynamicProviderStub: new (...args: never[]) => object; serializedStub(s: object): string }>("src/targets/dynamic/stub");
  if (providerObject instanceof stub.DynamicProviderStub) return stub.serializedStub(providerObject);
  return (await pulumi.runtime.serializeFunction(() => providerObject, { allowSecrets: false })).text;
}

/** Serializes, deserializes and configures a provider object. */
export async function load(providerObject: object, config: Record<string, string | undefined>): Promise<LoadedProvider> {
  const text = await providerText(providerObject);
  const handler = (requireFromString(text) as { handler: () => LoadedProvider["provider"] }).handler;
  const provider = handler();
  if (provider.configure) {
    await provider.configure({
      config: {
        get: (k: string) => config[k],
        require: (k: string) => {
          const v = config[k];
          if (v === undefined) throw new Error(`Missing required configuration key: ${k}`);
          return v;
        },
      },
    });
  }
  return { provider, text };
}
