/**
 * promtool from Debian's `prometheus` package, and synthetic series for its rule unit tests.
 * A missing promtool fails the tests with the install line: the PromQL proof is never skipped.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { scratchDir } from "../../scratch";

export const INSTALL_HINT = "promtool is missing: install Debian's prometheus package (apt-get update && apt-get install -y prometheus), as .ci/run does";

export function promtool(args: string[], cwd: string): { code: number; output: string } {
  const r = spawnSync("promtool", args, { cwd, encoding: "utf8", timeout: 300_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(INSTALL_HINT);
  if (r.error) throw r.error;
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** A scratch folder holding the rule file under test. */
export function ruleDir(ruleFile: string): string {
  const dir = scratchDir("grafana-rules-");
  fs.writeFileSync(path.join(dir, "rules.yaml"), ruleFile);
  return dir;
}

export interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

export interface TestGroup {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: ExpectedAlert[] }[];
}

/** Runs `promtool test rules` over the rule file in `dir` with these test groups (in the background, so tests can run side by side). */
export function testRules(dir: string, evaluationInterval: string, tests: TestGroup[], ruleFiles: string[] = ["rules.yaml"]): Promise<{ code: number; output: string }> {
  const file = path.join(dir, `tests-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, stringify({ rule_files: ruleFiles, evaluation_interval: evaluationInterval, tests }, { lineWidth: 0 }));
  return new Promise((resolve, reject) => {
    const child = spawn("promtool", ["test", "rules", path.basename(file)], { cwd: dir });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (e: NodeJS.ErrnoException) => reject(e.code === "ENOENT" ? new Error(INSTALL_HINT) : e));
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

const n = (v: number) => String(Number(v.toPrecision(12)));

/**
 * A counter's samples, one per step, as promtool's expanding notation: starts at 0, then each
 * segment adds `perStep` at every step for `steps` steps.
 */
export function counter(segments: readonly (readonly [perStep: number, steps: number])[]): string {
  let value = 0;
  const parts = ["0"];
  for (const [perStep, steps] of segments) {
    if (steps <= 0) continue;
    parts.push(`${n(value + perStep)}+${n(perStep)}x${steps - 1}`);
    value += perStep * steps;
  }
  return parts.join(" ");
}

/** A gauge's samples: each segment holds `value` for `steps` samples; `_` for a missing one. */
export function gauge(segments: readonly (readonly [value: number | "_", steps: number])[]): string {
  return segments
    .filter(([, steps]) => steps > 0)
    .map(([value, steps]) => (value === "_" ? `_x${steps}` : `${n(value)}+0x${steps - 1}`))
    .join(" ");
}

/** Total requests per step in the request-based scenarios. */
export const REQUESTS_PER_STEP = 6000;
