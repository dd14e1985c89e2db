// Sliding-window bookkeeping for per-user rate limits (the contract's `rateLimits`: one or more
// windows per host, each `requests` per `periodSeconds`). Both the client's opt-in limiter and the
// emulator's FGRL answer the same question with it: when may this user send the next request?
import type { RateLimit } from "../contract/operation-types.js";

export interface Slot {
  /** Earliest send time (ms) that keeps every window within its limit. */
  readonly at: number;
  /** The limit that pushed `at` past now, if any. */
  readonly blocking: RateLimit | undefined;
  /** Requests already in the blocking limit's window (0 when nothing blocks). */
  readonly inWindow: number;
}

export class RequestLog {
  /** Send times (ms), ascending, per key; may include reserved future times. */
  readonly #times = new Map<string, number[]>();
  #sweepAt = 0;

  /**
   * The next slot for `key`: not before `nowMs`, not before the key's last entry (so reservations are
   * served in order), and late enough that the request `requests` places back has left each window.
   */
  nextSlot(key: string, limits: readonly RateLimit[], nowMs: number): Slot {
    if (limits.length === 0) return { at: nowMs, blocking: undefined, inWindow: 0 };
    const longest = Math.max(...limits.map((l) => l.periodSeconds)) * 1000;
    this.#sweep(nowMs, longest);
    const times = this.#trimmed(key, nowMs - longest);
    let at = Math.max(nowMs, times.at(-1) ?? nowMs);
    let blocking: RateLimit | undefined;
    for (const limit of limits) {
      const blocker = times[times.length - limit.requests];
      if (blocker !== undefined && blocker + limit.periodSeconds * 1000 > at) {
        at = blocker + limit.periodSeconds * 1000;
        blocking = limit;
      }
    }
    const inWindow = blocking === undefined ? 0 : times.filter((t) => t > nowMs - blocking.periodSeconds * 1000).length;
    return { at, blocking, inWindow };
  }

  /** Counts a request sent (or reserved) at `atMs`; call it with a slot from nextSlot. */
  record(key: string, atMs: number): void {
    let times = this.#times.get(key);
    if (times === undefined) this.#times.set(key, (times = []));
    times.push(atMs);
  }

  #trimmed(key: string, windowStart: number): number[] {
    const times = this.#times.get(key) ?? [];
    let drop = 0;
    while (drop < times.length && (times[drop] as number) <= windowStart) drop++;
    if (drop > 0) times.splice(0, drop);
    return times;
  }

  /** Forgets idle users now and then, so memory stays bounded under many users. */
  #sweep(nowMs: number, longest: number): void {
    if (nowMs < this.#sweepAt) return;
    this.#sweepAt = nowMs + longest;
    for (const [key, times] of this.#times) {
      const last = times.at(-1);
      if (last === undefined || last <= nowMs - longest) this.#times.delete(key);
    }
  }
}
