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
 * Declares a service. It only types the definition: every check happens later, in one pass over
 * all services and the stack's settings, so that all mistakes are reported together.
 */
export function defineService<const T extends ServiceDefinition>(definition: T): T {
  return definition;
}

