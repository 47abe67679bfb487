/** Small wording helpers shared by the vendor modules' messages. */

/** "1 monitor", "3 monitors". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Seconds as the shortest duration word: 86400 → "1d", 3600 → "1h", 120 → "2m", 10 → "10s". */
export function fmtSeconds(seconds: number): string {
  if (seconds > 0 && seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * The tier a cost explanation compares with: the configured one when it falls short of the need
 * (what the stack has, and why it is not enough), else the tier just below the needed one (why
 * nothing cheaper would do); the needed tier itself when it is the cheapest.
 */
export function comparedTier<T extends string>(tiers: readonly T[], needed: T, configured: T | undefined): T {
  const rank = (t: T) => tiers.indexOf(t);
  if (configured !== undefined && rank(configured) >= 0 && rank(configured) < rank(needed)) return configured;
  return tiers[Math.max(0, rank(needed) - 1)];
}
