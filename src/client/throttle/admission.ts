// Local throttling before an attempt is sent: refuse at once while a remembered Retry-After for this
// user, host and operation is running (unless this call owns it), then wait for a limiter slot when
// the opt-in limiter is on. Refusals are XblThrottledErrors; nothing is sent.
import { XblThrottledError } from "../errors.js";
import type { OperationInfo } from "../../contract/operation-types.js";
import type { Timers } from "../retry/timers.js";
import { SlidingWindowLimiter } from "./limiter.js";
import { RetryAfterMemory } from "./retry-after-memory.js";

export interface AdmissionRequest {
  readonly info: OperationInfo;
  readonly host: string;
  readonly userHash: string;
  /** Identity of the call, to let the owner of a remembered Retry-After through. */
  readonly owner: object;
  /** Attempts already made (for the error). */
  readonly attemptsSoFar: number;
  readonly correlationId: string;
  /** Latest time (timers.now()) by which the attempt must be sent. */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  /** The body's `type` (handle type), which selects the operation's handle-type rate-limit rules. */
  readonly bodyType?: string | undefined;
}

export async function admit(
  request: AdmissionRequest,
  memory: RetryAfterMemory,
  limiter: SlidingWindowLimiter | undefined,
  timers: Timers,
): Promise<void> {
  const { info } = request;
  if (memory.size > 0) {
    const now = timers.now();
    const blocked = memory.blocking(RetryAfterMemory.key(request.userHash, request.host, info.operationId), request.owner, now);
    if (blocked !== undefined) {
      throw new XblThrottledError(`${info.operationId}: refused locally, a Retry-After for this user and operation is still running`, {
        source: "retry-after-memory",
        operation: info.operationId,
        status: undefined,
        body: blocked.body as never,
        retryAfterMs: blocked.untilMs - now,
        attempts: request.attemptsSoFar,
        correlationId: request.correlationId,
      });
    }
  }
  if (limiter === undefined) return;
  const windows = [{ key: SlidingWindowLimiter.key(request.userHash, request.host), limits: info.rateLimits }];
  for (const rule of info.rateLimitRules) {
    // A rule narrowed to handle types applies when the body names one; the client cannot know the
    // type of a handle addressed only by id, so those requests count in the host's window alone.
    if (rule.handleTypes !== null && (request.bodyType === undefined || !rule.handleTypes.includes(request.bodyType))) continue;
    windows.push({ key: SlidingWindowLimiter.bucketKey(request.userHash, rule.bucket), limits: rule.limits });
  }
  const now = timers.now();
  const wait = limiter.reserveAll(windows, now, Math.max(0, request.deadline - now));
  if (wait === undefined) {
    throw new XblThrottledError(`${info.operationId}: refused locally, the rate limit would be exceeded`, {
      source: "limiter",
      operation: info.operationId,
      status: undefined,
      attempts: request.attemptsSoFar,
      correlationId: request.correlationId,
    });
  }
  if (wait > 0) await timers.sleep(wait, request.signal);
}
