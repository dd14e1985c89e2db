// Opt-in client-side limiter for the documented per-user fine-grained rate limits (the host's, plus
// the stricter search-handle buckets on top), read from the operation table. Each request reserves the
// earliest slot that keeps every window it counts in within its limit, so a well-behaved application
// is never throttled by the service.
import type { RateLimit } from "../../contract/operation-types.js";
import { RequestLog } from "../../shared/request-log.js";

export class SlidingWindowLimiter {
  readonly #log = new RequestLog();

  static key(userHash: string, host: string): string {
    return `${userHash}\u0000${host}`;
  }

  /** The window of an operation's own rate-limit bucket (shared by the operations naming it). */
  static bucketKey(userHash: string, bucket: string): string {
    return `${userHash}\u0000bucket:${bucket}`;
  }

  /**
   * Reserves one slot that suits every window the request counts in, and returns how long to wait
   * before sending (0 = now). When the wait would exceed `maxWaitMs`, nothing is reserved and
   * undefined is returned.
   */
  reserveAll(windows: ReadonlyArray<{ key: string; limits: readonly RateLimit[] }>, nowMs: number, maxWaitMs: number): number | undefined {
    const counted = windows.filter((w) => w.limits.length > 0);
    if (counted.length === 0) return 0;
    const at = Math.max(...counted.map((w) => this.#log.nextSlot(w.key, w.limits, nowMs).at));
    const wait = at - nowMs;
    if (wait > maxWaitMs) return undefined;
    for (const w of counted) this.#log.record(w.key, at);
    return wait;
  }
}
