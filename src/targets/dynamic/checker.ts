/**
 * Validation helpers for kinds: each check adds `{ property, reason }` with the reason written as
 * "<what is wrong> (expected ...)". Values not known yet (preview) are skipped; secret values are
 * never echoed.
 */
import { isUnknown, numericId, type Props } from "./values";

export interface Failure {
  property: string;
  reason: string;
}

export class Checker {
  readonly failures: Failure[] = [];

  /** `vendor` names the ids an id list holds ("a list of UptimeRobot ids"). */
  constructor(
    private readonly raw: Props,
    private readonly vendor: string,
  ) {}

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
    if (!Array.isArray(v)) return this.fail(key, `is not a list (expected a list of ${this.vendor} ids)`);
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
