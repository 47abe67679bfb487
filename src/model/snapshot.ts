/**
 * A definition as plain data, read exactly once.
 *
 * Definitions are JavaScript values: besides objects, arrays and primitives they can hold what no
 * schema can check safely, and what would otherwise vanish or crash later: getters that throw or
 * answer differently on every read, proxies, functions, BigInts, symbols, circular references,
 * and objects whose prototype is another object (what `{ __proto__: {...} }` in an object literal
 * makes: its entries are inherited, so `Object.entries` skips them and they silently disappear).
 *
 * `snapshot` copies a value into plain data (objects without a prototype, arrays, primitives),
 * reading each property once, and reports every part it could not copy at its path. Validation
 * then runs on the copy only, so nothing it checks can change behind its back.
 */
import type { PathIssue } from "./issues";

/** Deeper than any definition needs; deeper nesting is a mistake or an attack on the stack. */
export const MAX_DEPTH = 32;

type Path = (string | number)[];

export interface Snapshot {
  value: unknown;
  issues: PathIssue[];
}

const PROTO_KEY =
  'cannot be a key: JavaScript takes "__proto__" as an object\'s prototype, so what it holds would be silently left out (expected an ordinary key)';

/** Whether two paths are the same or one lies under the other. */
export function related(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}
const PLAIN = "(expected plain data: objects, arrays, strings, numbers, true, false or null)";

export function snapshot(root: unknown): Snapshot {
  const copier = new Copier();
  const value = copier.copy(root, []);
  return { value, issues: copier.issues };
}

/** Copies a value into plain data, reporting what it cannot copy. */
class Copier {
  readonly issues: PathIssue[] = [];
  private readonly ancestors = new Set<object>();

  private report(path: Path, message: string): void {
    this.issues.push({ path: [...path], message });
  }

  copy(value: unknown, path: Path): unknown {
    switch (typeof value) {
      case "string":
      case "boolean":
      case "undefined":
        return value;
      case "number":
        if (!Number.isFinite(value)) this.report(path, `is ${value} (expected a finite number)`);
        return value;
      case "bigint":
      case "symbol":
      case "function":
        this.report(path, `is ${typeof value === "bigint" ? "a BigInt" : `a ${typeof value}`} ${PLAIN}`);
        return undefined;
    }
    if (value === null) return null;
    const object = value as object;
    if (this.ancestors.has(object)) {
      this.report(path, `refers to an object that contains it (a circular reference) ${PLAIN}`);
      return undefined;
    }
    if (path.length >= MAX_DEPTH) {
      this.report(path, `is nested more than ${MAX_DEPTH} levels deep (expected a flatter definition)`);
      return undefined;
    }
    this.ancestors.add(object);
    try {
      return Array.isArray(object) ? this.copyArray(object, path) : this.copyObject(object, path);
    } catch {
      // A proxy whose traps throw, or a revoked proxy: nothing of it can be read.
      this.report(path, `could not be read: reading it threw an error ${PLAIN}`);
      return undefined;
    } finally {
      this.ancestors.delete(object);
    }
  }

  /**
   * `copy` of a child at `path` + `key`. The path is one array, extended and restored around each
   * child (copied only when a problem is reported), not a new array per property: definitions
   * have thousands of values.
   */
  private copyAt(value: unknown, path: Path, key: string | number): unknown {
    path.push(key);
    try {
      return this.copy(value, path);
    } finally {
      path.pop();
    }
  }

  private read(object: object, key: string, path: Path): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: (object as Record<string, unknown>)[key] };
    } catch {
      this.report([...path, key], `could not be read: its getter threw an error ${PLAIN}`);
      return { ok: false };
    }
  }

  private copyArray(array: unknown[], path: Path): unknown[] {
    const length = array.length;
    const out: unknown[] = [];
    for (let i = 0; i < length; i++) {
      const got = this.read(array, String(i), path);
      out.push(got.ok ? this.copyAt(got.value, path, i) : undefined);
    }
    return out;
  }

  private copyObject(object: object, path: Path): Record<string, unknown> {
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      // `{ __proto__: {...} }` makes a prototype that is a bare object; a class's prototype has its constructor.
      if (Object.getPrototypeOf(proto) === Object.prototype && !Object.hasOwn(proto as object, "constructor")) this.report([...path, "__proto__"], PROTO_KEY);
      else this.report(path, `is a ${(object as { constructor?: { name?: string } }).constructor?.name || "special"} object (expected a plain object { ... })`);
    }
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Reflect.ownKeys(object)) {
      if (typeof key === "symbol" || !Reflect.getOwnPropertyDescriptor(object, key)?.enumerable) continue;
      if (key === "__proto__") {
        this.report([...path, key], PROTO_KEY);
        continue;
      }
      const got = this.read(object, key, path);
      if (got.ok) out[key] = this.copyAt(got.value, path, key);
    }
    return out;
  }
}
