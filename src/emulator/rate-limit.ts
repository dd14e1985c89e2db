/**
 * Per-user fine-grained rate limiting (FGRL) with sliding windows, e.g. MPSD's 30 requests per
 * 15 s and 300 per 300 s. The limits themselves come from generated/operations.ts (`rateLimits`),
 * never from a list kept here. Throttled requests are not counted, so a client that honours
 * Retry-After always gets through afterwards.
 */

export interface Limit {
  readonly requests: number;
  readonly periodSeconds: number;
}

/** JSON body of a 429, as the FGRL docs describe it. */
export interface ThrottleBody {
  version: number;
  currentRequests: number;
  maxRequests: number;
  periodInSeconds: number;
  limitType: "rate";
  debugMessage: string;
}

export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterSeconds: number; readonly body: ThrottleBody };

export class RateLimiter {
  /** bucket key → ascending request timestamps (ms), trimmed to the longest window. */
  private readonly buckets = new Map<string, number[]>();
  private sweepAt = 0;

  constructor(private readonly now: () => number) {}

  check(key: string, limits: readonly Limit[]): RateDecision {
    if (limits.length === 0) return { ok: true };
    const now = this.now();
    this.maybeSweep(now, limits);
    let stamps = this.buckets.get(key);
    if (stamps === undefined) {
      stamps = [];
      this.buckets.set(key, stamps);
    }
    const longest = Math.max(...limits.map((l) => l.periodSeconds)) * 1000;
    let drop = 0;
    while (drop < stamps.length && (stamps[drop] as number) <= now - longest) drop++;
    if (drop > 0) stamps.splice(0, drop);

    for (const limit of limits) {
      const windowStart = now - limit.periodSeconds * 1000;
      // Count from the end: stamps are ascending.
      let count = 0;
      for (let i = stamps.length - 1; i >= 0 && (stamps[i] as number) > windowStart; i--) count++;
      if (count >= limit.requests) {
        // The window frees a slot when its oldest counted request leaves it.
        const oldest = stamps[stamps.length - count] as number;
        const retryAfterSeconds = Math.max(1, Math.ceil((oldest + limit.periodSeconds * 1000 - now) / 1000));
        return {
          ok: false,
          retryAfterSeconds,
          body: {
            version: 1,
            currentRequests: count,
            maxRequests: limit.requests,
            periodInSeconds: limit.periodSeconds,
            limitType: "rate",
            debugMessage: `Rate limit of ${limit.requests} requests per ${limit.periodSeconds} seconds exceeded for this user.`,
          },
        };
      }
    }
    stamps.push(now);
    return { ok: true };
  }

  /** Forget idle users now and then so memory stays bounded under many XUIDs. */
  private maybeSweep(now: number, limits: readonly Limit[]): void {
    if (now < this.sweepAt) return;
    const longest = Math.max(...limits.map((l) => l.periodSeconds)) * 1000;
    this.sweepAt = now + longest;
    for (const [key, stamps] of this.buckets) {
      const last = stamps[stamps.length - 1];
      if (last === undefined || last <= now - longest) this.buckets.delete(key);
    }
  }
}
