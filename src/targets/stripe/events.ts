/** Stripe event names, from the installed SDK's own type definitions (one source of truth with its TypeScript type). */

/** Event names the installed SDK knows, or undefined when its definitions cannot be read. */
export function knownStripeEvents(): string[] | undefined {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require("fs") as typeof import("fs");
  const path = require("path") as typeof import("path");
  /* eslint-enable @typescript-eslint/no-require-imports */
  try {
    const file = path.join(path.dirname(require.resolve("stripe")), "resources", "WebhookEndpoints.d.ts");
    const text = fs.readFileSync(file, "utf8");
    const m = /namespace WebhookEndpointCreateParams \{[\s\S]*?type EnabledEvent = ([^;]+);/.exec(text);
    if (!m) return undefined;
    return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]);
  } catch {
    return undefined;
  }
}

/** Edit distance, to suggest the closest event names. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_x, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The (at most three) known names closest to a misspelt one. */
export function closestEvents(known: readonly string[], name: string): string[] {
  return known
    .map((k) => ({ k, d: distance(k, name) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.k);
}
