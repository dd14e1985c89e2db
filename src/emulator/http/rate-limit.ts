/**
 * Per-user fine-grained rate limiting (FGRL), e.g. MPSD's 30 requests per 15 s and 300 per 300 s, and
 * the stricter windows of operation buckets (search handles: 1 per 15 s, 20 per 300 s). The limits come
 * from generated/operations.ts (`rateLimits`, `rateLimitRules`) and the window arithmetic is the client
 * limiter's (RequestLog). A request counts in every window it belongs to, or (when one of them is
 * full) in none, so a client that honours Retry-After always gets through afterwards.
 */
import type { ThrottleResponse } from "../../../generated/schema.js";
import type { OperationInfo, RateLimit } from "../../contract/operation-types.js";
import { RequestLog } from "../../shared/request-log.js";
import { rateLimitMessage } from "../errors.js";

export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterSeconds: number; readonly body: ThrottleResponse };

export class RateLimiter {
  private readonly log = new RequestLog();

  constructor(private readonly now: () => number) {}

  check(key: string, limits: readonly RateLimit[]): RateDecision {
    return this.checkAll([{ key, limits }]);
  }

  /** One request that counts in several windows (the host's and an operation bucket's). */
  checkAll(windows: readonly RateWindow[]): RateDecision {
    const now = this.now();
    let worst: { slot: ReturnType<RequestLog["nextSlot"]>; what: string } | undefined;
    for (const w of windows) {
      const slot = this.log.nextSlot(w.key, w.limits, now);
      if (slot.blocking !== undefined && slot.at > now && (worst === undefined || slot.at > worst.slot.at)) {
        worst = { slot, what: w.what ?? "this user" };
      }
    }
    if (worst === undefined) {
      for (const w of windows) this.log.record(w.key, now);
      return { ok: true };
    }
    const slot = worst.slot;
    const { requests, periodSeconds } = slot.blocking!;
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((slot.at - now) / 1000)),
      body: {
        version: 1,
        currentRequests: slot.inWindow,
        maxRequests: requests,
        periodInSeconds: periodSeconds,
        limitType: "rate",
        debugMessage: rateLimitMessage(requests, periodSeconds, worst.what),
      },
    };
  }
}

export interface RateWindow {
  readonly key: string;
  readonly limits: readonly RateLimit[];
  /** Names the window in the throttle body's debugMessage. */
  readonly what?: string;
}

/**
 * The windows a request counts in: the host's, per user, and each of the operation's bucket rules that
 * applies (all of them, or those whose handle types include the request's handle type).
 */
export function rateWindows(info: OperationInfo, xuid: string, handleType: string | undefined): RateWindow[] {
  const windows: RateWindow[] = [{ key: `${xuid}|${info.host}`, limits: info.rateLimits }];
  for (const rule of info.rateLimitRules) {
    if (rule.handleTypes !== null && (handleType === undefined || !rule.handleTypes.includes(handleType))) continue;
    windows.push({ key: `${xuid}|bucket:${rule.bucket}`, limits: rule.limits, what: `this user's ${rule.bucket}` });
  }
  return windows;
}
