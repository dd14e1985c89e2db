// Opt-in client-side limiter for the documented per-user fine-grained rate limits (MPSD: 30 requests
// per 15 s and 300 per 300 s), read from the operation table. Each request reserves the earliest slot
// that keeps every window within its limit, so a well-behaved application never gets a 429.
import type { RateLimit } from "../operation-info.js";

export class SlidingWindowLimiter {
  /** Send times (ms), oldest first, per user+host; both past and reserved future slots. */
  readonly #sent = new Map<string, number[]>();

  static key(userHash: string, host: string): string {
    return `${userHash}\u0000${host}`;
  }

  /**
   * Reserves a slot and returns how long to wait before sending (0 = now). When the wait would exceed
   * `maxWaitMs`, nothing is reserved and undefined is returned.
   */
  reserve(key: string, limits: readonly RateLimit[], nowMs: number, maxWaitMs: number): number | undefined {
    if (limits.length === 0) return 0;
    let times = this.#sent.get(key);
    if (times === undefined) {
      times = [];
      this.#sent.set(key, times);
    }
    const longest = Math.max(...limits.map((l) => l.periodSeconds)) * 1000;
    let drop = 0;
    while (drop < times.length && (times[drop] as number) <= nowMs - longest) drop++;
    if (drop > 0) times.splice(0, drop);

    let at = Math.max(nowMs, times.length > 0 ? (times[times.length - 1] as number) : nowMs);
    for (const limit of limits) {
      // The new request is allowed once the request `requests` places back has left the window.
      const blocker = times[times.length - limit.requests];
      if (blocker !== undefined) at = Math.max(at, blocker + limit.periodSeconds * 1000);
    }
    // Waiting up to `at` is the monotonic FIFO slot; it can be later than needed, never earlier.
    const wait = at - nowMs;
    if (wait > maxWaitMs) return undefined;
    times.push(at);
    return wait;
  }
}
