/**
 * What every drill message says: that it is a drill, which stack sent it and when, and that nothing
 * is wrong. Never a secret.
 */

/** The first words of every drill message, wherever the vendor lets us choose the words. */
export const DRILL_MARKER = "[DRILL] monitoring-as-code test notification, no action needed";

/** One line after the marker: who sent it and why. */
export function drillDetail(stack: string, runId: string): string {
  return `Sent by \`monitoring drill --stack ${stack}\` (drill ${runId}) to prove this route delivers. Nothing is wrong.`;
}
