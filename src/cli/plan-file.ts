/**
 * Saved plans (`monitoring plan --format json`), read back for `monitoring diff --base-plan/--head-plan`.
 */
import * as fs from "node:fs";
import { z } from "zod";
import type { Plan } from "./plan";
import { UsageError } from "./project";

const PlannedResourceSchema = z.object({
  urn: z.string().min(1),
  type: z.string().min(1),
  name: z.string(),
  parent: z.string().nullable().optional(),
  custom: z.boolean(),
  inputs: z.record(z.string(), z.unknown()),
  secretInputs: z.array(z.string()).default([]),
  secretFingerprints: z.record(z.string(), z.string()).optional(),
});
const PlanSchema = z.object({
  project: z.string().min(1),
  stack: z.string().min(1),
  resources: z.array(PlannedResourceSchema),
  warnings: z.array(z.string()).default([]),
  settings: z.record(z.string(), z.string()).optional(),
  cost: z
    .object({
      totalUsdPerMonth: z.number().nullable(),
      vendors: z.array(z.object({ vendor: z.string(), tier: z.string(), usdPerMonth: z.number().nullable() })),
    })
    .optional(),
});

/** Parses a plan written by `monitoring plan --format json`; `label` names it in errors. */
export function parsePlan(text: string, label: string): Plan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${label}: not JSON (${(e as Error).message}; expected the output of \`monitoring plan --format json\`)`);
  }
  const parsed = PlanSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${label}: ${issue.path.join(".") || "(top level)"}: ${issue.message} (expected the output of \`monitoring plan --format json\`)`);
  }
  return {
    ...parsed.data,
    resources: parsed.data.resources.map((r) => ({ ...r, parent: r.parent ?? undefined })),
  };
}

export function readPlanFile(file: string, label: string): Plan {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${label} ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parsePlan(text, `${label} ${file}`);
}

