/**
 * Reads Pulumi.yaml and Pulumi.<stack>.yaml the way the Pulumi CLI does, and hands the stack's
 * config to the program in the CLI's own form: `namespace:key` → string, structured values as
 * JSON text, `secure:` values listed as secret keys.
 *
 * Offline there is no way to decrypt a `secure:` value, so it becomes a placeholder the plan
 * shows as a secret.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { OFFLINE_SECRET } from "../model";
import type { RawConfig } from "../settings";

/** A mistake in how the CLI was called or in the project files: one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface Project {
  root: string;
  name: string;
  /** Absolute path of the program's entry, as Pulumi resolves `main`. */
  main: string;
}

/** Config keys every stack must set: without them there is nobody to alert. */
export const REQUIRED_KEYS = ["monitoring:contacts", "monitoring:routing"] as const;

export function findProjectRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new UsageError(`no Pulumi.yaml in ${start} or any folder above it (expected to run inside the monitoring project)`);
    dir = up;
  }
}

/** UTF-8 text of a file, or where it is not UTF-8 (the decoder would otherwise replace the byte silently). */
function readUtf8(file: string, label: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`${label}: cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // The first byte that is not UTF-8: decode ever longer prefixes' lines to find its line.
    let good = 0;
    for (let end = 1; end <= bytes.length; end++) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end));
        good = end;
      } catch {
        if (end - good > 4) break;
      }
    }
    const line = bytes.subarray(0, good).toString("utf8").split("\n").length;
    throw new UsageError(`${label}: line ${line} has a byte that is not UTF-8 (0x${bytes[good].toString(16).padStart(2, "0")}) (expected the file saved as UTF-8)`);
  }
}

function readYaml(file: string, label: string): unknown {
  const text = readUtf8(file, label);
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const where = first.linePos?.[0] ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}` : "somewhere";
    throw new UsageError(`${label}: not valid YAML at ${where}: ${first.message.split("\n")[0]} (expected a YAML mapping)`);
  }
  try {
    // The yaml library refuses documents whose aliases would expand without bound (an "alias bomb").
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const excessive = e instanceof ReferenceError && /alias/i.test(e.message);
    throw new UsageError(
      excessive
        ? `${label}: its YAML aliases (*name) expand to too much (expected at most 100 alias uses; write the values out instead)`
        : `${label}: cannot be read as YAML (expected a YAML mapping of plain values)`,
    );
  }
}

export function readProject(root: string): Project {
  const doc = readYaml(path.join(root, "Pulumi.yaml"), "Pulumi.yaml");
  if (!isRecord(doc)) throw new UsageError("Pulumi.yaml: expected a mapping with name, runtime and main");
  if (typeof doc.name !== "string" || doc.name === "") throw new UsageError("Pulumi.yaml: missing required key name (expected the project name)");
  if (typeof doc.main !== "string" || doc.main === "") {
    throw new UsageError("Pulumi.yaml: missing required key main (expected the compiled program, e.g. dist/src/program.js)");
  }
  return { root, name: doc.name, main: path.resolve(root, doc.main) };
}

export function listStacks(root: string): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export interface StackConfig {
  config: RawConfig;
  /** Keys whose value is (or contains) a `secure:` value. */
  secretKeys: string[];
  file: string;
}

export function readStackConfig(project: Project, stack: string): StackConfig {
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new UsageError(`"${stack}" is not a stack name (expected letters, digits, - _ or .)`);
  const file = path.join(project.root, `Pulumi.${stack}.yaml`);
  const label = `Pulumi.${stack}.yaml`;
  if (!fs.existsSync(file)) {
    const known = listStacks(project.root);
    throw new UsageError(`unknown stack "${stack}": there is no ${label} (expected one of: ${known.join(", ") || "none yet"})`);
  }
  const doc = readYaml(file, label) ?? {};
  if (!isRecord(doc)) throw new UsageError(`${label}: expected a mapping with a config: section`);
  const section = doc.config ?? {};
  if (!isRecord(section)) throw new UsageError(`${label}: config must be a mapping of keys to values`);

  // Without a prototype: a key such as "__proto__" is a key like any other, reported by the settings schema.
  const config = Object.create(null) as RawConfig;
  const secretKeys: string[] = [];
  for (const [rawKey, value] of Object.entries(section)) {
    // Pulumi puts keys without a namespace in the project's own namespace.
    const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
    const { plain, secret } = unsecure(value, `${label} ${key}`);
    if (secret) secretKeys.push(key);
    config[key] = typeof plain === "string" ? plain : plain === null || plain === undefined ? "" : typeof plain === "object" ? JSON.stringify(plain) : String(plain);
  }
  for (const required of REQUIRED_KEYS) {
    if (!Object.hasOwn(config, required)) {
      throw new UsageError(`${label}: missing required key ${required} (expected it under config:, see README "Stack settings")`);
    }
  }
  return { config, secretKeys, file };
}

/**
 * A `secure:` value as `pulumi config set --secret` writes it: base64 ciphertext, prefixed
 * "v1:<nonce>:" by the passphrase provider (pulumi/pulumi sdk/go/common/resource/config/crypt.go).
 */
const CIPHERTEXT = /^(v1:)?[A-Za-z0-9+/=_-]+(:[A-Za-z0-9+/=_-]+)*$/;

/** Replaces every `{ secure: ... }` by the offline placeholder, and says whether there was one. */
function unsecure(value: unknown, where: string): { plain: unknown; secret: boolean } {
  if (isRecord(value) && Object.keys(value).length === 1 && Object.hasOwn(value, "secure")) {
    const text = value.secure;
    if (typeof text !== "string" || !CIPHERTEXT.test(text)) {
      throw new UsageError(`${where}: the secure: value is ${typeof text === "string" && text.trim() === "" ? "empty" : "not ciphertext"} (expected what \`pulumi config set --secret\` writes; set the value again with it)`);
    }
    return { plain: OFFLINE_SECRET, secret: true };
  }
  if (Array.isArray(value)) {
    let secret = false;
    const plain = value.map((v, i) => {
      const r = unsecure(v, `${where}[${i}]`);
      secret ||= r.secret;
      return r.plain;
    });
    return { plain, secret };
  }
  if (isRecord(value)) {
    let secret = false;
    // Without a prototype, so that a "__proto__" key stays a key (and is reported), not a prototype.
    const plain = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) {
      const r = unsecure(v, `${where}.${k}`);
      secret ||= r.secret;
      plain[k] = r.plain;
    }
    return { plain, secret };
  }
  return { plain: value, secret: false };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
