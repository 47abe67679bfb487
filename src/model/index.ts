/**
 * The public definition language. `monitors/` imports from here and nowhere else.
 *
 * ```ts
 * import { defineService } from "../src/model";
 * export default defineService({ key: "api", name: "API", checks: { health: { kind: "http", path: "/health" } } });
 * ```
 */
export * from "./schema";
export * from "./duration";
import type { ServiceDefinition } from "./schema";

/**
 * Every object `defineService` returned, in one registry per process (shared by every copy of
 * this module, e.g. compiled and TypeScript ones under a test runner), so that the loader can tell
 * a module's service from anything else it exports.
 */
const DEFINED: WeakSet<object> = ((globalThis as { [key: symbol]: WeakSet<object> | undefined })[Symbol.for("monitoring-as-code/defineService")] ??= new WeakSet());

/**
 * Declares a service. It only types the definition: every check happens later, in one pass over
 * all services and the stack's settings, so that all mistakes are reported together. The file's
 * default export is how the service is found (every module under monitors/ is loaded).
 */
export function defineService(definition: ServiceDefinition): ServiceDefinition {
  if (typeof definition === "object" && definition !== null) DEFINED.add(definition);
  return definition;
}

/** True for the very object `defineService` returned (not a copy of it). */
export function isServiceDefinition(value: unknown): value is ServiceDefinition {
  return typeof value === "object" && value !== null && DEFINED.has(value);
}
