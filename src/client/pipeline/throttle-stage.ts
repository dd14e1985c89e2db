// The throttle: before an attempt, refuse it locally while a remembered Retry-After for this user, host
// and operation is running (unless this call received it), then wait for a slot of the opt-in limiter.
// After it, read the answer's Retry-After (capped) and remember it when the status calls for that.
// Refusals are XblThrottledErrors, reported to the caller's hook first; nothing is sent.
import { parseBodyText } from "../body-text.js";
import type { Timers } from "../clock.js";
import { XblThrottledError } from "../errors.js";
import { retryPolicy } from "../retry/policy-source.js";
import { SlidingWindowLimiter } from "../throttle/limiter.js";
import { parseRetryAfter } from "../throttle/retry-after.js";
import { RetryAfterMemory } from "../throttle/retry-after-memory.js";
import { type Exchange, type Reply, type Stage, withFacts } from "./exchange.js";

export interface ThrottleSettings {
  readonly timers: Timers;
  readonly memory: RetryAfterMemory;
  readonly limiter: SlidingWindowLimiter | undefined;
}

function refusal(x: Exchange, source: "retry-after-memory" | "limiter", retryAfterMs: number | undefined, body: unknown, why: string): XblThrottledError {
  const { call } = x;
  call.hooks.onThrottleRefusal?.({ operation: call.info.operationId, source, retryAfterMs, correlationId: call.correlationBase });
  return new XblThrottledError(`${call.info.operationId}: refused locally, ${why}`, {
    source,
    operation: call.info.operationId,
    status: undefined,
    body: body as never,
    retryAfterMs,
    attempts: x.attempt - 1,
    correlationId: call.correlationBase,
  });
}

/** Throws a refusal, or returns the wait for a limiter slot (undefined when there is none to wait for). */
function admit(x: Exchange, settings: ThrottleSettings): Promise<void> | undefined {
  const { timers, memory, limiter } = settings;
  const { call } = x;
  const user = x.ticket?.userHash ?? "";
  if (memory.size > 0) {
    const now = timers.now();
    const blocked = memory.blocking(RetryAfterMemory.key(user, call.host, call.info.operationId), call, now);
    if (blocked !== undefined) {
      throw refusal(x, "retry-after-memory", blocked.untilMs - now, blocked.body, "a Retry-After for this user and operation is still running");
    }
  }
  if (limiter === undefined) return undefined;
  const windows = [{ key: SlidingWindowLimiter.key(user, call.host), limits: call.info.rateLimits }];
  for (const rule of call.info.rateLimitRules) {
    // A rule narrowed to handle types applies when the body names one; the client cannot know the
    // type of a handle addressed only by id, so those requests count in the host's window alone.
    const bodyType = call.spec.bodyType;
    if (rule.handleTypes !== null && (bodyType === undefined || !rule.handleTypes.includes(bodyType))) continue;
    windows.push({ key: SlidingWindowLimiter.bucketKey(user, rule.bucket), limits: rule.limits });
  }
  const now = timers.now();
  const wait = limiter.reserveAll(windows, now, Math.max(0, call.deadline - now));
  if (wait === undefined) throw refusal(x, "limiter", undefined, undefined, "the rate limit would be exceeded");
  return wait > 0 ? timers.sleep(wait, call.signal) : undefined;
}

/** Reads the Retry-After of a failed attempt (capped) and remembers it when the status calls for that. */
async function learnRetryAfter(x: Exchange, reply: Reply, settings: ThrottleSettings): Promise<Reply> {
  const { response } = reply;
  const header = response.headers.get("retry-after");
  if (header === null) return reply;
  const now = settings.timers.now();
  const parsed = parseRetryAfter(header, now);
  if (parsed === undefined) return reply;
  // A hostile or broken Retry-After (ten years) must not block an operation for longer than the
  // service's own windows.
  const retryAfterMs = Math.min(parsed, x.call.options.retryAfterMaxMs);
  if (retryPolicy.rememberRetryAfterStatuses.includes(response.status)) {
    // The throttle body is shown to the calls refused meanwhile, so it is read now.
    const body = retryPolicy.throttledStatuses.includes(response.status)
      ? parseBodyText(await reply.text().catch(() => ""), response.headers.get("content-type"))
      : undefined;
    settings.memory.remember(RetryAfterMemory.key(x.ticket?.userHash ?? "", x.call.host, x.call.info.operationId), {
      untilMs: now + retryAfterMs,
      owner: x.call,
      body,
      status: response.status,
    });
  }
  return withFacts(reply, retryAfterMs, reply.verdict);
}

export function throttling(settings: ThrottleSettings): Stage {
  return (next) =>
    function throttled(x) {
      let waiting: Promise<void> | undefined;
      try {
        waiting = admit(x, settings);
      } catch (refusal) {
        return Promise.reject(refusal);
      }
      const sent = waiting === undefined ? next(x) : waiting.then(() => next(x));
      // A success is neither retried nor remembered, so its Retry-After (if any) changes nothing.
      return sent.then((reply) => (reply.response.ok ? reply : learnRetryAfter(x, reply, settings)));
    };
}
