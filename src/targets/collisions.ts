/**
 * Vendor-side identities claimed twice in one stack. Vendors find some objects by a value rather
 * than by an id (a Better Stack source or an UptimeRobot monitor by its name, an UptimeRobot e-mail
 * contact by its address, a Slack integration by its URL): two definitions claiming one value would
 * adopt, overwrite or be refused each other's object at `pulumi up`. Each vendor's problems report
 * what this finds, at the later place and naming the first.
 */

/** One place that claims a vendor-side value; `identity` undefined claims nothing. */
export interface Claim {
  /** Where the claim is written, as problems name places ("billing.checks.health"). */
  at: string;
  identity: string | undefined;
}

/** Every claim whose identity an earlier claim already holds, with that first claim (in order). */
export function sharedIdentities<C extends Claim>(claims: Iterable<C>): Array<{ claim: C; first: C }> {
  const holders = new Map<string, C>();
  const shared: Array<{ claim: C; first: C }> = [];
  for (const claim of claims) {
    if (claim.identity === undefined) continue;
    const first = holders.get(claim.identity);
    if (first) shared.push({ claim, first });
    else holders.set(claim.identity, claim);
  }
  return shared;
}
