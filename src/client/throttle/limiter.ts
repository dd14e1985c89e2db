// Opt-in client-side limiter for the documented per-user fine-grained rate limits (MPSD: 30 requests
// per 15 s and 300 per 300 s), read from the operation table. Each request reserves the earliest slot
// that keeps every window within its limit, so a well-behaved application never gets a 429.
import type { RateLimit } from "../../contract/operation-types.js";
import { RequestLog } from "../../shared/request-log.js";

export class SlidingWindowLimiter {
  readonly #log = new RequestLog();

  static key(userHash: string, host: string): string {
    return `${userHash}\u0000${host}`;
  }

  /**
   * Reserves a slot and returns how long to wait before sending (0 = now). When the wait would exceed
   * `maxWaitMs`, nothing is reserved and undefined is returned.
   */
  reserve(key: string, limits: readonly RateLimit[], nowMs: number, maxWaitMs: number): number | undefined {
    if (limits.length === 0) return 0;
    const { at } = this.#log.nextSlot(key, limits, nowMs);
    const wait = at - nowMs;
    if (wait > maxWaitMs) return undefined;
    this.#log.record(key, at);
    return wait;
  }
}
