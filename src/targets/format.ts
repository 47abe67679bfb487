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
