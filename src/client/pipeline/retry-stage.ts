// The retry loop: after each failed attempt, the contract's rule for the operation, the budget and
// Retry-After decide whether to wait and send again; the caller's hook sees every decision and may
// veto a retry. It also keeps the at-most-once promise: once an attempt may have been applied, an
// answer that cannot tell (a failed precondition against our own change) ends the call as "outcome
// unknown", and an answer the operation's rule calls "already done" is reported as done.
import type { Timers } from "../clock.js";
import { XblNetworkError, XblTimeoutError } from "../errors.js";
import { backoffDelayMs, retryAfterDelayMs } from "../retry/backoff.js";
import { type AttemptOutcome, isRetryable, provesNotApplied, type RequestFacts } from "../retry/policy.js";
import { retryPolicy } from "../retry/policy-source.js";
import { type Call, type Exchange, exchange, type Reply, type Send, type Stage, type Verdict, withFacts } from "./exchange.js";

function headerOf(call: Call, name: string): string | undefined {
  for (const [key, value] of call.spec.headers) if (key === name) return value;
  return undefined;
}

function factsOf(call: Call): RequestFacts {
  return { ifMatch: headerOf(call, "if-match"), ifNoneMatch: headerOf(call, "if-none-match"), bodyType: call.spec.bodyType };
}

function verdictFor(call: Call, status: number, maybeApplied: boolean): Verdict {
  if (!maybeApplied) return undefined;
  if (retryPolicy.preconditionFailedStatuses.includes(status)) return "outcome-unknown";
  if (call.info.retry.alreadyDoneStatuses.includes(status)) return "already-done";
  return undefined;
}

type TransportFailure = XblNetworkError | XblTimeoutError;

const isTransportFailure = (error: unknown): error is TransportFailure => error instanceof XblNetworkError || error instanceof XblTimeoutError;

function outcomeOf(reply: Reply | undefined, failure: TransportFailure | undefined): AttemptOutcome {
  if (reply !== undefined) return { kind: "status", status: reply.response.status, hasRetryAfter: reply.retryAfterMs !== undefined };
  return failure instanceof XblTimeoutError ? { kind: "timeout" } : { kind: "network", beforeSend: (failure as XblNetworkError).beforeSend };
}

/**
 * From a failed attempt (an error answer, or a transport failure) on: decide, wait, send again, until
 * an attempt succeeds or the rule, the budget or the hook says stop.
 */
async function retryAfterFailure(next: Send, timers: Timers, first: Exchange, firstReply: Reply | undefined, firstFailure: TransportFailure | undefined): Promise<Reply> {
  const { call } = first;
  const { options } = call;
  let reply = firstReply;
  let failure = firstFailure;
  let attempts = reply?.attempts ?? failure?.attempts ?? first.attempt;
  let retries = 0;
  let maybeApplied = false;
  for (;;) {
    const outcome = outcomeOf(reply, failure);
    const retryAfterMs = reply?.retryAfterMs;
    const backoff = backoffDelayMs(retries + 1, options, options.random);
    const delayMs = retryAfterMs === undefined ? backoff : retryAfterDelayMs(retryAfterMs, backoff, options.retryAfterMaxFactor, options.random);
    let retry = attempts < options.maxAttempts && timers.now() + delayMs <= call.deadline && isRetryable(call.info.retry, factsOf(call), outcome);
    const hook = call.hooks.onRetryDecision;
    if (hook !== undefined) {
      let veto: boolean | void;
      try {
        veto = hook({
          operation: call.info.operationId,
          attempt: attempts,
          failure: outcome.kind,
          status: outcome.kind === "status" ? outcome.status : undefined,
          retry,
          delayMs: retry ? delayMs : 0,
          retryAfterMs,
          correlationId: call.correlationBase,
        });
      } catch (error) {
        // The call rejects with the hook's own error; the answer it was shown must not hold the attempt open.
        reply?.discard();
        throw error;
      }
      if (veto === false) retry = false;
    }
    if (!retry) {
      if (reply === undefined) throw failure;
      try {
        await reply.text();
      } catch (error) {
        // The error answer itself broke off: report what we know, the status, with no body.
        if (!isTransportFailure(error)) throw error;
      }
      const verdict = verdictFor(call, reply.response.status, maybeApplied);
      return verdict === undefined ? reply : withFacts(reply, reply.retryAfterMs, verdict);
    }
    if (!provesNotApplied(outcome)) maybeApplied = true;
    reply?.discard();
    retries++;
    await timers.sleep(delayMs, call.signal);
    reply = undefined;
    failure = undefined;
    try {
      reply = await next(exchange(call, attempts + 1, undefined));
      if (reply.response.ok) return reply;
      attempts = reply.attempts;
    } catch (error) {
      if (!isTransportFailure(error)) throw error;
      failure = error;
      attempts = error.attempts;
    }
  }
}

export function retrying(timers: Timers): Stage {
  return (next) =>
    function retried(first) {
      // Most calls end with their first attempt (a success comes with its body read): only a failure
      // enters the retry loop.
      return next(first).then(
        (reply) => (reply.response.ok ? reply : retryAfterFailure(next, timers, first, reply, undefined)),
        (error: unknown) => {
          if (!isTransportFailure(error)) throw error;
          return retryAfterFailure(next, timers, first, undefined, error);
        },
      );
    };
}
