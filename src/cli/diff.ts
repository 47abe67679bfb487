/**
 * `monitoring diff`: compares two plans of the same stacks resource by resource (matched by URN)
 * and reports what `pulumi up` would do to the vendors: create, delete, replace, or update some
 * fields in place. Secrets are compared by fingerprint (see `secretFingerprints` in ./plan) and
 * only ever named, never shown.
 *
 * Pure functions over plans: reading saved plans is ./plan-file, rendering ./diff-render, building
 * the plans at git refs ./plan-at-ref.
 */
import { VENDORS } from "../targets";
import { leaves, sameJson } from "./leaves";
import { SECRET_MARK, type Plan, type PlannedResource } from "./plan";
import { vendorOf } from "./render";

/**
 * Inputs whose change makes the provider delete the vendor object and create a new one, per
 * resource type, as each vendor module declares them (src/targets/<vendor>: Terraform's ForceNew,
 * or a dynamic provider's own replace-on-change fields). A listed field that changes turns an
 * update into a replacement; anything else is an in-place update. A change of type or parent
 * changes the URN, which shows as a deletion and a creation.
 */
export const REPLACE_ON: Readonly<Record<string, readonly string[]>> = Object.assign({}, ...VENDORS.map((v) => v.replaceOnChange ?? {}));

export type Action = "create" | "delete" | "replace" | "update";

export interface FieldChange {
  path: string;
  /** Rendered values; absent on the side where the field does not exist. Never set for secrets. */
  before?: string;
  after?: string;
  /** The field is a secret on either side: only its name is reported. */
  secret: boolean;
  /** The field forces replacement of the resource. */
  forcesReplacement: boolean;
  /** For secrets: what it is, e.g. "Slack webhook URL". */
  label?: string;
}

export interface ResourceChange {
  action: Action;
  urn: string;
  type: string;
  name: string;
  vendor: string;
  /** Changed fields (updates and replacements); for creates and deletes, empty. */
  fields: FieldChange[];
  /** For a creation its inputs, for a deletion its last inputs: path → rendered value, secrets as "[secret]". */
  inputs?: Record<string, string>;
}

/** A stack setting (not a secret) that changed: `monitoring:vendors.cloudflare.plan` pro → business. */
export interface SettingChange {
  path: string;
  before?: string;
  after?: string;
}

/** The monthly cost before and after, and the vendors whose billed tier or price changed. */
export interface CostChange {
  /** Null for contract pricing; undefined where the plan carries no cost (made by an older version). */
  before?: number | null;
  after?: number | null;
  vendors: { vendor: string; before?: { tier: string; usdPerMonth: number | null }; after?: { tier: string; usdPerMonth: number | null } }[];
}

export interface StackDiff {
  stack: string;
  project: string;
  changes: ResourceChange[];
  /** Things the reader should know (e.g. a stack that exists on one side only). */
  notes: string[];
  /** Stack settings that changed, secrets left out (they show as changed secrets on the resources that carry them). */
  settings: SettingChange[];
  /** Present when the monthly cost or a billed tier changed. */
  cost?: CostChange;
  /**
   * Encrypted stack settings (`secure:` in Pulumi.<stack>.yaml) that were set, re-set or removed.
   * Offline their values cannot be decrypted, so the plans cannot see them change; the ciphertext
   * changes whenever one is set again (even to the same value), which is what is reported.
   */
  encryptedSettings?: EncryptedSettingChange[];
}

export interface EncryptedSettingChange {
  /** e.g. `monitoring:contacts.team-slack.webhookUrl` */
  path: string;
  change: "set again" | "added" | "removed";
}

/** Compares the `secure:` settings of a stack file at two sides (path → hash of the ciphertext). */
export function compareEncryptedSettings(base: Record<string, string>, head: Record<string, string>): EncryptedSettingChange[] {
  const out: EncryptedSettingChange[] = [];
  for (const path of [...new Set([...Object.keys(base), ...Object.keys(head)])].sort()) {
    if (!(path in base)) out.push({ path, change: "added" });
    else if (!(path in head)) out.push({ path, change: "removed" });
    else if (base[path] !== head[path]) out.push({ path, change: "set again" });
  }
  return out;
}

export interface DiffReport {
  stacks: StackDiff[];
}

// ---------------------------------------------------------------------------------------------
// Comparing

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

function isSecretPath(path: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => under(path, s));
}

function forcesReplacement(type: string, path: string): boolean {
  return (REPLACE_ON[type] ?? []).some((key) => under(path, key));
}

/**
 * Whether both plans recorded a resource alike: then nothing changed, and the field by field
 * comparison (most of a 10,000-resource diff's time) is skipped. Key order does not matter (plans
 * made by different versions may order keys differently).
 */
function recordedAlike(base: PlannedResource, head: PlannedResource): boolean {
  return sameJson(base.inputs, head.inputs) && sameJson(base.secretInputs, head.secretInputs) && sameJson(base.secretFingerprints ?? {}, head.secretFingerprints ?? {});
}

/** The changed fields of a resource present on both sides, in path order. */
export function compareResource(base: PlannedResource, head: PlannedResource): FieldChange[] {
  if (recordedAlike(base, head)) return [];
  const a = leaves(base.inputs);
  const b = leaves(head.inputs);
  const secrets = [...base.secretInputs, ...head.secretInputs];
  const changes: FieldChange[] = [];
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const reportedSecrets = new Set<string>();
  for (const path of paths) {
    const secretRoot = [...base.secretInputs, ...head.secretInputs].find((s) => under(path, s));
    if (secretRoot !== undefined) {
      if (reportedSecrets.has(secretRoot)) continue;
      const wasSecret = base.secretInputs.includes(secretRoot);
      const isSecret = head.secretInputs.includes(secretRoot);
      let changed: boolean;
      if (wasSecret && isSecret) {
        const before = base.secretFingerprints?.[secretRoot];
        const after = head.secretFingerprints?.[secretRoot];
        // Without a fingerprint on both sides (an older plan, or a value unknown at plan time)
        // a change cannot be seen; saying nothing is the honest answer for an unchanged secret.
        changed = before !== undefined && after !== undefined && before !== after;
      } else {
        // Became a secret, or stopped being one: that is a change either way.
        changed = true;
      }
      if (changed) {
        reportedSecrets.add(secretRoot);
        const context = `${head.type} ${head.name} ${typeof head.inputs.type === "string" ? head.inputs.type : ""}`;
        // A secret inside a list of named entries (a Worker's bindings) is named by its entry.
        const entry = /^(.*\[\d+\])\.[^.[\]]+$/.exec(secretRoot)?.[1];
        const entryName = entry !== undefined ? b.get(`${entry}.name`) : undefined;
        const label = secretLabel(secretRoot, context) === secretRoot && entryName !== undefined ? `${entryName} secret` : secretLabel(secretRoot, context);
        changes.push({ path: secretRoot, secret: true, forcesReplacement: forcesReplacement(head.type, secretRoot), label });
      }
      continue;
    }
    const before = a.get(path);
    const after = b.get(path);
    if (before === after) continue;
    changes.push({
      path,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
      secret: isSecretPath(path, secrets),
      forcesReplacement: forcesReplacement(head.type, path),
    });
  }
  return changes;
}

const ACTION_ORDER: Record<Action, number> = { delete: 0, replace: 1, create: 2, update: 3 };

function byStableOrder(x: ResourceChange, y: ResourceChange): number {
  return ACTION_ORDER[x.action] - ACTION_ORDER[y.action] || x.vendor.localeCompare(y.vendor) || x.type.localeCompare(y.type) || x.name.localeCompare(y.name) || x.urn.localeCompare(y.urn);
}

/** Compares one stack's plans; a missing side means the stack does not exist there. */
export function diffPlans(base: Plan | undefined, head: Plan | undefined): StackDiff {
  const stack = head?.stack ?? base?.stack ?? "?";
  const project = head?.project ?? base?.project ?? "?";
  const notes: string[] = [];
  if (!base) notes.push(`stack ${stack} is new: it does not exist at the base`);
  if (!head) notes.push(`stack ${stack} is removed: Pulumi.${stack}.yaml no longer exists`);
  const custom = (p: Plan | undefined) => new Map((p?.resources ?? []).filter((r) => r.custom).map((r) => [r.urn, r]));
  const before = custom(base);
  const after = custom(head);
  const changes: ResourceChange[] = [];
  const entry = (action: Action, r: PlannedResource, fields: FieldChange[] = []): ResourceChange => ({
    action,
    urn: r.urn,
    type: r.type,
    name: r.name,
    vendor: vendorOf(r.type),
    fields,
    ...(action === "create" || action === "delete" ? { inputs: shownInputs(r) } : {}),
  });
  for (const [urn, r] of before) if (!after.has(urn)) changes.push(entry("delete", r));
  for (const [urn, r] of after) {
    const old = before.get(urn);
    if (!old) {
      changes.push(entry("create", r));
      continue;
    }
    const fields = compareResource(old, r);
    if (fields.length === 0) continue;
    changes.push(entry(fields.some((f) => f.forcesReplacement) ? "replace" : "update", r, fields));
  }
  changes.sort(byStableOrder);
  const missingFingerprints =
    base && head && base.resources.some((r) => r.secretInputs.length > 0 && !r.secretFingerprints) && head.resources.some((r) => r.secretInputs.length > 0);
  if (missingFingerprints) notes.push("the base plan carries no secret fingerprints (made by an older version), so changed secrets cannot be seen in this diff");
  const cost = compareCost(base, head);
  return { stack, project, changes, notes, settings: compareSettings(base?.settings, head?.settings), ...(cost ? { cost } : {}) };
}

/** A resource's inputs as path → value, secrets named only. */
function shownInputs(r: PlannedResource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, value] of leaves(r.inputs)) {
    const secret = r.secretInputs.find((s) => under(path, s));
    if (secret !== undefined) out[secret] = SECRET_MARK;
    else out[path] = value;
  }
  return out;
}

/** Settings that changed between two plans; secret values (masked in both) never compare. */
export function compareSettings(base: Record<string, string> | undefined, head: Record<string, string> | undefined): SettingChange[] {
  if (!base || !head) return [];
  const out: SettingChange[] = [];
  for (const path of [...new Set([...Object.keys(base), ...Object.keys(head)])].sort()) {
    const before = Object.hasOwn(base, path) ? base[path] : undefined;
    const after = Object.hasOwn(head, path) ? head[path] : undefined;
    if (before === after || before === SECRET_MARK || after === SECRET_MARK) continue;
    out.push({ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  return out;
}

/** The cost before → after, with the vendors whose billed tier or price changed; undefined when nothing did. */
export function compareCost(base: Plan | undefined, head: Plan | undefined): CostChange | undefined {
  if (!base?.cost && !head?.cost) return undefined;
  const tiers = (p: Plan | undefined) => new Map((p?.cost?.vendors ?? []).map((v) => [v.vendor, { tier: v.tier, usdPerMonth: v.usdPerMonth }]));
  const a = tiers(base);
  const b = tiers(head);
  const vendors: CostChange["vendors"] = [];
  for (const vendor of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const before = a.get(vendor);
    const after = b.get(vendor);
    if (before?.tier === after?.tier && before?.usdPerMonth === after?.usdPerMonth) continue;
    vendors.push({ vendor, ...(before ? { before } : {}), ...(after ? { after } : {}) });
  }
  const before = base?.cost?.totalUsdPerMonth;
  const after = head?.cost?.totalUsdPerMonth;
  if (vendors.length === 0 && before === after) return undefined;
  return { ...(base?.cost ? { before } : {}), ...(head?.cost ? { after } : {}), vendors };
}

export function counts(diff: StackDiff): Record<Action, number> & { secrets: number } {
  const c = { create: 0, delete: 0, replace: 0, update: 0, secrets: 0 };
  for (const ch of diff.changes) {
    c[ch.action] += 1;
    c.secrets += ch.fields.filter((f) => f.secret).length;
  }
  c.secrets += diff.encryptedSettings?.length ?? 0;
  return c;
}

/** Whether `--fail-on` matches: "delete" matches deletions and replacements (both destroy a vendor object). */
export function failsOn(report: DiffReport, failOn: "delete" | "replace" | "any"): boolean {
  const all = report.stacks.flatMap((s) => s.changes);
  if (failOn === "any") return all.length > 0 || report.stacks.some((s) => (s.encryptedSettings?.length ?? 0) > 0 || s.settings.length > 0);
  if (failOn === "replace") return all.some((c) => c.action === "replace");
  return all.some((c) => c.action === "delete" || c.action === "replace");
}

// ---------------------------------------------------------------------------------------------
// Naming secrets

const SECRET_NAMES: Record<string, string> = {
  phone: "phone number",
  webhookUrl: "webhook URL",
  url: "URL",
  integrationKey: "integration key",
  heartbeatUrl: "heartbeat URL",
  apiKey: "API key",
  secret: "signing secret",
  password: "password",
  token: "token",
  value: "value",
};

/** "phone number", "Slack webhook URL", or the path itself when the last segment is not known. */
export function secretLabel(path: string, context = ""): string {
  const last = path.split(/[.[\]]/).filter(Boolean).pop() ?? path;
  const name = SECRET_NAMES[last];
  if (name === undefined) return path;
  const lower = `${context} ${path}`.toLowerCase();
  if (/url$/i.test(last) && lower.includes("slack")) return "Slack webhook URL";
  if (/url$/i.test(last) && lower.includes("webhook")) return "webhook URL";
  if (last === "integrationKey" && lower.includes("pagerdut")) return "PagerDuty integration key";
  return name;
}

/** What a changed secret is, for messages. */
export function labelOf(field: FieldChange): string {
  return field.label ?? secretLabel(field.path);
}

/** "oncall-sms: phone number changed" */
export function describeSecret(change: ResourceChange, field: FieldChange): string {
  return `${change.name}: ${labelOf(field)} changed`;
}

