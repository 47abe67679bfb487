/**
 * Runs one case of the malformed-input corpus the way `monitoring validate` and `plan` do, without
 * a process per case: the stack file is read by the CLI's own reader (a project-file mistake is
 * exit 2, one line), the definitions and settings go through the pipeline the program runs (a
 * problem is exit 1, and no model means the plan lists nothing).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readProject, readStackConfig, UsageError } from "../../src/cli/project";
import { validateStack } from "../../src/pipeline";
import { formatProblem } from "../../src/resolve";
import type { RawConfig } from "../../src/settings";
import { finsightCopy, ROOT, stackConfig, withSetting } from "../helpers";

export interface Case {
  name: string;
  /** The class of the hostile-input issue the case belongs to (1-9), for the coverage test. */
  class?: number;
  stack?: "dev" | "prod";
  /** Edits the FinSight definition. */
  service?: (s: Record<string, any>) => unknown;
  /** Replaces the definition altogether. */
  replace?: () => unknown;
  /** Edits the config as the CLI hands it to the program. */
  config?: (c: RawConfig) => RawConfig;
  /** Edits the stack file's text, read by the CLI's reader. */
  yaml?: (text: string) => string;
  /** The problem's place after the stack name (or, for exit 2, the start of the one line). */
  where: string;
  says: string | RegExp;
  /** 1: problems (the default); 2: the project files are wrong. */
  exit?: 1 | 2;
  /** The problem must be reported exactly once. */
  once?: boolean;
  /** Text that must not appear in any output (a secret). */
  never?: string;
}

export interface Outcome {
  exit: number;
  /** What the command prints: `<stack> <where>: <message>` per problem, or the one usage line. */
  lines: string[];
  /** Whether a model was resolved (then the plan would list resources). */
  planned: boolean;
}

/** Text that betrays a JavaScript error instead of a problem a person can act on. */
export const JS_ERROR = /\b(TypeError|ReferenceError|RangeError|SyntaxError)\b|Cannot read properties|is not a function|is not iterable|\[object Object\]|^\s+at .+:\d+:\d+\)?$/m;

/** Sets `monitoring:<key>` from an edit of its current (JSON) value. */
export const setting = (key: string, edit: (value: any) => any) => (c: RawConfig) => {
  const current = JSON.parse(c[`monitoring:${key}`] ?? "{}");
  return withSetting(c, key, edit(current));
};

/** The stack on UptimeRobot Free (dev's stack file says solo: it shares the team's account with prod). */
export const onFree = setting("vendors", (v) => ({ ...v, uptimerobot: { ...v.uptimerobot, plan: "free" } }));

function configFromYaml(stack: string, edit: (text: string) => string): RawConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corpus-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  const file = `Pulumi.${stack}.yaml`;
  const text = edit(fs.readFileSync(path.join(ROOT, file), "latin1"));
  fs.writeFileSync(path.join(dir, file), Buffer.from(text, "latin1"));
  try {
    return readStackConfig(readProject(dir), stack).config;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function runCase(c: Case): Outcome {
  const stack = c.stack ?? "dev";
  let config: RawConfig;
  try {
    config = c.yaml ? configFromYaml(stack, c.yaml) : stackConfig(stack);
  } catch (e) {
    if (e instanceof UsageError) return { exit: 2, lines: [e.message], planned: false };
    throw e;
  }
  if (c.config) config = c.config(config);
  const copy = finsightCopy();
  c.service?.(copy);
  const service = c.replace ? c.replace() : copy;
  const { model, problems } = validateStack({ stack, services: [service], config });
  const errors = problems.filter((p) => p.level === "error");
  return { exit: errors.length > 0 ? 1 : 0, lines: errors.map((p) => formatProblem(stack, p)), planned: model !== undefined };
}

/** The lines that report this case's problem. */
export function matching(c: Case, outcome: Outcome): string[] {
  const prefix = outcome.exit === 2 ? c.where : `${c.stack ?? "dev"} ${c.where}:`;
  return outcome.lines.filter((l) => l.startsWith(prefix) && (typeof c.says === "string" ? l.includes(c.says) : c.says.test(l)));
}
