/**
 * Where in a TypeScript source an error happened, from the compiled JavaScript it happened in:
 * the error's stack frames, mapped back through the source maps the build writes beside every
 * compiled file (Node's own source-map reader, `module.SourceMap`).
 */
import * as fs from "node:fs";
import { SourceMap } from "node:module";
import * as path from "node:path";

export interface SourceLocation {
  /** Project-relative, with forward slashes: `monitors/billing.ts`. */
  file: string;
  line?: number;
  column?: number;
}

/** `monitors/billing.ts:12:5`, or just the file when the position is unknown. */
export function formatLocation(at: SourceLocation): string {
  return at.line === undefined ? at.file : `${at.file}:${at.line}${at.column === undefined ? "" : `:${at.column}`}`;
}

interface Frame {
  file: string;
  line: number;
  column: number;
}

/** The error's stack frames, innermost first (only those with a file position). */
function framesOf(error: unknown): Frame[] {
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
  const frames: Frame[] = [];
  for (const text of stack.split("\n")) {
    const m = /^\s+at (?:.*?\()?(?:file:\/\/)?(.+?):(\d+):(\d+)\)?$/.exec(text);
    if (m) frames.push({ file: m[1], line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(jsFile: string): SourceMap | undefined {
  if (!maps.has(jsFile)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${jsFile}.map`, "utf8")));
    } catch {
      map = undefined; // no map (or not readable): the file alone is still worth naming
    }
    maps.set(jsFile, map);
  }
  return maps.get(jsFile);
}

const relative = (root: string, file: string) => path.relative(root, file).split(path.sep).join("/");

/**
 * A compiled file under `<root>/dist` (and optionally a 1-based position in it) as the source it
 * was compiled from. Undefined for a file outside dist/.
 */
export function sourceOf(root: string, jsFile: string, line?: number, column?: number): SourceLocation | undefined {
  const dist = path.join(root, "dist");
  if (!jsFile.startsWith(dist + path.sep) || !jsFile.endsWith(".js")) return undefined;
  const byName: SourceLocation = { file: relative(dist, jsFile).replace(/\.js$/, ".ts") };
  if (line === undefined) return byName;
  const entry = sourceMapOf(jsFile)?.findEntry(line - 1, (column ?? 1) - 1);
  if (!entry || !("originalSource" in entry) || typeof entry.originalSource !== "string") return byName;
  const source = path.resolve(path.dirname(jsFile), entry.originalSource.replace(/^file:\/\//, ""));
  return { file: relative(root, source), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/**
 * The innermost place of `error` inside the source folder `dir` (e.g. "monitors"), whether the
 * frame is in its compiled JavaScript (dist/<dir>) or already in the TypeScript (when Node maps
 * stack traces itself, with --enable-source-maps).
 */
export function locateIn(root: string, dir: string, error: unknown): SourceLocation | undefined {
  const compiled = path.join(root, "dist", dir) + path.sep;
  const source = path.join(root, dir) + path.sep;
  for (const frame of framesOf(error)) {
    if (frame.file.startsWith(compiled)) return sourceOf(root, frame.file, frame.line, frame.column);
    if (frame.file.startsWith(source)) return { file: relative(root, frame.file), line: frame.line, column: frame.column };
  }
  return undefined;
}
