/**
 * Per-user fine-grained rate limiting (FGRL) by the limits the contract's operation table gives each
 * host (`rateLimits`), counted with the shared sliding-window RequestLog. Throttled requests are not
 * counted, so a client that honours Retry-After always gets through afterwards.
 */
import type { ThrottleResponse } from "../../../generated/schema.js";
import type { RateLimit } from "../../contract/operation-types.js";
import { RequestLog } from "../../shared/request-log.js";
import { rateLimitMessage } from "../errors.js";

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
        debugMessage: rateLimitMessage(requests, periodSeconds),
      },
    };
  }
}
