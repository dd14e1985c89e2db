// The fetch that openapi-fetch calls: one logical request in, one Response out. Inside, it attempts
// the request as often as the contract's retry rule, the budget and Retry-After allow, adds the
// Authorization header per attempt (refreshing once on 401), and applies fast-fail memory and the
// limiter. Middleware runs once around all of this, so retries are invisible to it.
import type { Authenticator, AuthTicket } from "../auth.js";
import { parseBodyText } from "../body-text.js";
import { XblNetworkError, XblTimeoutError } from "../errors.js";
import type { OperationInfo } from "../../contract/operation-types.js";
import { RetryAfterMemory } from "../throttle/retry-after-memory.js";
import { admit } from "../throttle/admission.js";
import type { SlidingWindowLimiter } from "../throttle/limiter.js";
import type { AttemptLease, AttemptTimeouts } from "./attempt-timeouts.js";
import { backoffDelayMs, retryAfterDelayMs } from "./backoff.js";
import { failedBeforeSend, sanitizedCause } from "./network-error.js";
import type { RetryOptions } from "./options.js";
import { type AttemptOutcome, isRetryable, type RequestFacts } from "./policy.js";
import { parseRetryAfter } from "./retry-after.js";
import type { Timers } from "./timers.js";

export type Transport = (input: Request, init?: Record<string, unknown>) => Promise<Response>;

/** Shared by every call of one client. */
export interface RetryEnvironment {
  readonly options: RetryOptions;
  readonly timers: Timers;
  readonly auth: Authenticator | undefined;
  readonly memory: RetryAfterMemory;
  readonly limiter: SlidingWindowLimiter | undefined;
  readonly requestInitExt: Record<string, unknown> | undefined;
  /** The default transport (global fetch), known to honour `init.signal`. */
  readonly nativeTransport: Transport;
  /** Per-attempt timeouts; undefined when disabled (attemptTimeoutMs 0). */
  readonly timeouts: AttemptTimeouts | undefined;
}

/** One logical call. The wrapper fills the request side; this module fills the outcome side. */
export interface CallContext {
  readonly info: OperationInfo;
  /** Origin the call is sent to (after overrides); part of the throttling keys. */
  readonly host: string;
  readonly transport: Transport;
  /** Caller's signal, if any. */
  readonly userSignal: AbortSignal | undefined;
  readonly correlationBase: string;
  /** Replayable serialized body (set by the body serializer). */
  body: BodyInit | undefined;
  bodyType: string | undefined;
  // Outcome, for the error the wrapper builds:
  attempts: number;
  retryAfterMs: number | undefined;
  /** Text of a final non-2xx response (its Response is rebuilt from it for openapi-fetch). */
  errorText: string | undefined;
  /** Timeout lease of the attempt whose response was returned; the caller releases it after reading the body. */
  finalLease: AttemptLease | undefined;
}

const CORRELATION_HEADER = "MS-CV";

/** Release a response we will not read, without waiting: awaiting cancel() can hang on some stacks. */
function discard(response: Response): void {
  if (response.body !== null && !response.bodyUsed) response.body.cancel().catch(() => {});
}

/** A fresh copy of the request for a retry: the first one's body stream is spent. */
function rebuildRequest(original: Request, body: BodyInit | undefined): Request {
  return original.body === null ? new Request(original) : new Request(original, { body: body ?? null });
}

/** Rebuild a final error response around its already-read text, so openapi-fetch can read it again. */
function withText(response: Response, text: string): Response {
  const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
  return new Response(nullBody ? null : text, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

export async function fetchWithRetries(request: Request, ctx: CallContext, env: RetryEnvironment): Promise<Response> {
  const { options, timers, auth, memory, limiter } = env;
  const { info } = ctx;
  const start = timers.now();
  const deadline = start + options.budgetMs;
  const owner = ctx; // identity of this call in the Retry-After memory
  let facts: RequestFacts | undefined; // read only when a failure needs a retry decision
  const factsOf = (): RequestFacts =>
    (facts ??= {
      ifMatch: request.headers.get("if-match"),
      ifNoneMatch: request.headers.get("if-none-match"),
      bodyType: ctx.bodyType,
    });
  let ticket: AuthTicket | undefined;
  let refreshed = false;
  let retries = 0;

  for (let attempt = 1; ; attempt++) {
    ctx.attempts = attempt;
    if (ticket === undefined && auth !== undefined) {
      const current = auth.current();
      ticket = current instanceof Promise ? await current : current;
    }
    const user = ticket?.userHash ?? "";

    await admit(
      { info, host: ctx.host, userHash: user, owner, attemptsSoFar: attempt - 1, correlationId: ctx.correlationBase, deadline, signal: ctx.userSignal, bodyType: ctx.bodyType },
      memory,
      limiter,
      timers,
    );

    const attemptRequest = attempt === 1 ? request : rebuildRequest(request, ctx.body);
    if (ticket !== undefined) attemptRequest.headers.set("Authorization", ticket.authorization);
    attemptRequest.headers.set(CORRELATION_HEADER, `${ctx.correlationBase}.${attempt}`);

    let outcome: AttemptOutcome;
    let response: Response | undefined;
    let failure: unknown;
    const lease = env.timeouts?.start();
    try {
      if (lease === undefined) response = await ctx.transport(attemptRequest, env.requestInitExt);
      else {
        // fetch(request, { signal }) replaces the Request's signal, so the caller's is linked in.
        const signal = ctx.userSignal === undefined ? lease.signal : AbortSignal.any([ctx.userSignal, lease.signal]);
        const sent = ctx.transport(attemptRequest, env.requestInitExt === undefined ? { signal } : { ...env.requestInitExt, signal });
        response = await (ctx.transport === env.nativeTransport ? sent : lease.guard(sent));
      }
    } catch (error) {
      failure = error;
    }
    const timedOut = response === undefined && lease !== undefined && lease.timedOut();
    if (response === undefined) lease?.release();

    if (response === undefined) {
      if (ctx.userSignal?.aborted) throw ctx.userSignal.reason;
      const beforeSend = !timedOut && failedBeforeSend(failure);
      outcome = timedOut ? { kind: "timeout" } : { kind: "network", beforeSend };
      const wait = backoffDelayMs(retries + 1, options, options.random);
      if (attempt >= options.maxAttempts || !isRetryable(info.retry, factsOf(), outcome) || timers.now() + wait > deadline) {
        const details = { operation: info.operationId, attempts: attempt, correlationId: ctx.correlationBase, cause: sanitizedCause(failure) };
        if (timedOut) {
          throw new XblTimeoutError(`${info.operationId}: no response within ${options.attemptTimeoutMs} ms`, {
            ...details,
            cause: undefined,
            timeoutMs: options.attemptTimeoutMs,
          });
        }
        throw new XblNetworkError(`${info.operationId}: network error${beforeSend ? " before sending" : ""}`, {
          ...details,
          beforeSend,
        });
      }
      retries++;
      await timers.sleep(wait, ctx.userSignal);
      continue;
    }

    const { status } = response;
    if (status === 401 && auth !== undefined && ticket !== undefined && !refreshed) {
      refreshed = true;
      const fresh = await auth.refreshAfter401(ticket);
      if (fresh !== undefined && attempt < options.maxAttempts) {
        discard(response);
        lease?.release();
        ticket = fresh;
        continue;
      }
    }
    if (response.ok) {
      ctx.finalLease = lease;
      return response;
    }

    const now = timers.now();
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), now);
    ctx.retryAfterMs = retryAfterMs;
    // A 429 body is needed for the fast-fail error of other callers, so it is read now.
    let text: string | undefined;
    if (status === 429) text = await response.text().catch(() => "");
    if (retryAfterMs !== undefined && (status === 429 || status === 503)) {
      memory.remember(RetryAfterMemory.key(user, ctx.host, info.operationId), {
        untilMs: now + retryAfterMs,
        owner,
        body: parseBodyText(text, response.headers.get("content-type")),
        status,
      });
    }

    outcome = { kind: "status", status, hasRetryAfter: retryAfterMs !== undefined };
    if (attempt < options.maxAttempts && isRetryable(info.retry, factsOf(), outcome)) {
      const backoff = backoffDelayMs(retries + 1, options, options.random);
      const wait =
        retryAfterMs === undefined
          ? backoff
          : retryAfterDelayMs(retryAfterMs, backoff, options.retryAfterMaxFactor, options.random);
      if (now + wait <= deadline) {
        if (text === undefined) discard(response);
        lease?.release();
        retries++;
        await timers.sleep(wait, ctx.userSignal);
        continue;
      }
    }
    if (text === undefined) text = await response.text().catch(() => "");
    lease?.release();
    ctx.errorText = text;
    return withText(response, text);
  }
}
