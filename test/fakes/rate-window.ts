/**
 * A vendor's per-key rate limit, for the fakes: at most `requests` in any `windowMs` (a sliding
 * window, the strictest reading of "N requests per minute": a client paced under it passes a
 * fixed-window limit too). UptimeRobot's published limits (10 a minute on the Free plan, up to 5,000
 * on Enterprise; https://uptimerobot.com/api/v3 "Rate limits") say per minute and not how the
 * minute is counted.
 */
export class RateWindow {
  private readonly times: number[] = [];
  /** Requests answered 429 because the window was full. */
  refused = 0;

  constructor(
    readonly requests: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits a request now, or says how many ms until one would be admitted. */
  admit(): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    while (this.times.length > 0 && this.times[0] <= now - this.windowMs) this.times.shift();
    if (this.times.length >= this.requests) {
      this.refused++;
      return { ok: false, retryAfterMs: this.times[0] + this.windowMs - now };
    }
    this.times.push(now);
    return { ok: true };
  }
}
