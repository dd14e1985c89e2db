/**
 * Per-user fine-grained rate limiting (FGRL), e.g. MPSD's 30 requests per 15 s and 300 per 300 s.
 * The limits come from generated/operations.ts (`rateLimits`) and the window arithmetic is the
 * client limiter's (RequestLog). Throttled requests are not counted, so a client that honours
 * Retry-After always gets through afterwards.
 */
import type { RateLimit } from "../../contract/operation-types.js";
import type { ThrottleResponse } from "../../../generated/schema.js";
import { RequestLog } from "../../shared/request-log.js";

export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterSeconds: number; readonly body: ThrottleResponse };

export class RateLimiter {
  private readonly log = new RequestLog();

  constructor(private readonly now: () => number) {}

  check(key: string, limits: readonly RateLimit[]): RateDecision {
    const now = this.now();
    const slot = this.log.nextSlot(key, limits, now);
    if (slot.blocking === undefined || slot.at <= now) {
      this.log.record(key, now);
      return { ok: true };
    }
    const { requests, periodSeconds } = slot.blocking;
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((slot.at - now) / 1000)),
      body: {
        version: 1,
        currentRequests: slot.inWindow,
        maxRequests: requests,
        periodInSeconds: periodSeconds,
        limitType: "rate",
        debugMessage: `Rate limit of ${requests} requests per ${periodSeconds} seconds exceeded for this user.`,
      },
    };
  }
}
