/**
 * The `monitoring` command. Exit codes: 0 fine, 1 the definitions have problems (or a check
 * failed), 2 the command or the project files are wrong. No stack trace reaches the user.
 */
import { Command, CommanderError, Option } from "commander";
import { findProjectRoot, UsageError } from "./project";
import { runPlan, type PlanRun } from "./plan";
import { FORMATS, render, type Format } from "./render";
import { DIFF_FORMATS, FAIL_ON } from "./diff-render";
import { runDiff, type DiffOptions } from "./diff-command";
import { runCheck, type CheckOptions } from "./check";
import { costLine, runCost } from "./cost";
import { IMPORTERS, runImport, type ImportOptions } from "./import";
import { processIo, writeResult, type Io } from "./io";

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** Problems from a failed run, one per line, without the summary line. */
function failureLines(run: PlanRun): string {
  const message = run.failure?.message ?? "";
  return `${message.trimEnd()}\n`;
}

async function planFor(stack: string, cwd: string): Promise<PlanRun> {
  const root = findProjectRoot(cwd);
  return runPlan({ root, stack });
}

export function buildProgram(io: Io, cwd: string, setExit: (code: number) => void): Command {
  const program = new Command("monitoring")
    .description("Monitoring as code: validate and plan the alerting of every stack, offline.")
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError(false);
  addPlanCommands(program, io, cwd, setExit);
  addReviewCommands(program, io, cwd, setExit);
  return program;
}

/** `validate` and `plan`: the program under Pulumi's mocks. */
function addPlanCommands(program: Command, io: Io, cwd: string, setExit: (code: number) => void): void {
  program
    .command("validate")
    .description("check definitions and stack settings; print every problem")
    .requiredOption("-s, --stack <name>", "stack to check (Pulumi.<name>.yaml)")
    .action(async (opts: { stack: string }) => {
      const run = await planFor(opts.stack, cwd);
      if (run.failure) {
        io.err(failureLines(run));
        setExit(EXIT.problems);
        return;
      }
      for (const w of run.plan!.warnings) io.err(`warning: ${w}\n`);
      io.out(`${opts.stack}: definitions and settings are valid (${run.plan!.resources.filter((r) => r.custom).length} resources)\n`);
    });

  program
    .command("plan")
    .description("show every resource `pulumi up` would register for a stack, without credentials")
    .requiredOption("-s, --stack <name>", "stack to plan (Pulumi.<name>.yaml)")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .option("-o, --out <file>", "write the plan to this file instead of standard output")
    .action(async (opts: { stack: string; format: Format; out?: string }) => {
      const run = await planFor(opts.stack, cwd);
      if (run.failure) {
        io.err(failureLines(run));
        setExit(EXIT.problems);
        return;
      }
      const plan = run.plan!;
      let text = render(plan, opts.format);
      if (opts.format === "table" && plan.cost) text += `${costLine(plan.cost, opts.stack)}\n`;
      writeResult(io, cwd, opts.out, text, `plan for ${opts.stack}`);
      if (opts.format !== "table") for (const w of run.plan!.warnings) io.err(`warning: ${w}\n`);
    });
}

/** `diff`, `check`, `cost` and `import`. */
function addReviewCommands(program: Command, io: Io, cwd: string, setExit: (code: number) => void): void {
  program
    .command("diff")
    .description("compare the plans of two git refs (or two saved plans) field by field; secrets are named, never shown")
    .option("--base <ref>", "git ref to compare against, e.g. origin/main")
    .option("--head <ref>", "git ref with the changes (default: the working tree)")
    .option("--base-plan <file>", "saved plan (monitoring plan --format json) to compare against")
    .option("--head-plan <file>", "saved plan with the changes")
    .option("-s, --stack <name>", "compare one stack")
    .option("--all-stacks", "compare every stack (the default)")
    .addOption(new Option("-f, --format <format>", "output format").choices(DIFF_FORMATS).default("table"))
    .addOption(new Option("--fail-on <what>", "exit 1 on a deletion (or replacement), a replacement, or any change").choices(FAIL_ON))
    .option("-o, --out <file>", "write the diff to this file instead of standard output")
    .action(async (opts: DiffOptions) => setExit(await runDiff(opts, io, cwd)));

  program
    .command("check")
    .description("run every HTTP uptime check of a stack once from this machine, with its assertions")
    .requiredOption("-s, --stack <name>", "stack whose checks to run (Pulumi.<name>.yaml)")
    .option("--base-url <url>", "check this base URL instead of the stack's (e.g. http://127.0.0.1:8000)")
    .option("--only <glob>", "only the checks whose service/key or name matches, e.g. \"*/health\"")
    .action(async (opts: CheckOptions) => setExit(await runCheck(opts, io, cwd)));

  program
    .command("cost")
    .description("which tier each vendor needs for what a stack declares, and the monthly total")
    .requiredOption("-s, --stack <name>", "stack to price (Pulumi.<name>.yaml)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (opts: { stack: string; format: "table" | "json" }) => setExit(await runCost(opts, io, cwd)));

  program
    .command("import")
    .description(`write definitions for what an existing vendor account has (${IMPORTERS.join(", ")}), marked for adoption`)
    .argument("<vendor>", `the vendor to read: ${IMPORTERS.join(", ")}`)
    .requiredOption("-s, --stack <name>", "stack whose settings (the vendor's API key and URL) to use")
    .option("-o, --out <file>", "write the definitions to this file instead of standard output")
    .option("--key <key>", "key of the generated service (default: the vendor's name)")
    .action(async (vendor: string, opts: ImportOptions) => setExit(await runImport(vendor, opts, io, cwd)));
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo, cwd = process.cwd()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, cwd, (c) => (code = Math.max(code, c)));
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is a usage error.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.err(`monitoring: ${e.message}\n`);
      return EXIT.usage;
    }
    const err = e as Error;
    io.err(`monitoring: unexpected failure: ${err?.message ?? String(e)} (this is a bug; please report it)\n`);
    return EXIT.usage;
  }
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
