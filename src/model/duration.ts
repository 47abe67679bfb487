/**
 * Durations are written the way people say them: "30s", "5m", "1h", "30d", "1w", "500ms".
 * They stay strings in definitions (so plans and diffs read naturally) and are turned into
 * seconds or milliseconds only where a vendor needs a number.
 */

export type DurationUnit = "ms" | "s" | "m" | "h" | "d" | "w";
/** A duration such as `"5m"`: a whole number followed by ms, s, m, h, d or w. */
export type Duration = `${number}${DurationUnit}`;

const UNIT_MS: Record<DurationUnit, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d|w)$/;

export function isDuration(text: string): text is Duration {
  return DURATION_PATTERN.test(text);
}

/** Milliseconds in a duration. Throws on text that is not a duration. */
export function durationMs(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  if (!match) {
    throw new Error(`"${text}" is not a duration (expected a whole number and a unit, like "30s", "5m", "1h", "30d")`);
  }
  return Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
}

export function durationSeconds(text: string): number {
  return durationMs(text) / 1000;
}

export function durationMinutes(text: string): number {
  return durationMs(text) / 60_000;
}

/**
 * The shortest exact spelling of a number of seconds, in the biggest unit that divides it:
 * 300 → "5m", 5400 → "90m", 86400 → "1d". Used for Prometheus `for:` clauses and messages.
 */
export function formatSeconds(seconds: number): Duration {
  const ms = seconds * 1000;
  for (const unit of ["w", "d", "h", "m", "s"] as const) {
    if (ms % UNIT_MS[unit] === 0 && ms >= UNIT_MS[unit]) return `${ms / UNIT_MS[unit]}${unit}` as Duration;
  }
  return `${ms}ms` as Duration;
}

/** `every("5m")`: reads well in definitions (`interval: every("5m")`) and checks at compile time. */
export function every(duration: Duration): Duration {
  return duration;
}
