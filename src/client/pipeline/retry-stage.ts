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

/** What the retry loop carries from one failed attempt to the next. */
interface RetryState {
  /** Retries made so far (backoff step). */
  retries: number;
  /** Once true, some attempt may have been applied. */
  maybeApplied: boolean;
}

/**
 * Sends one attempt. A success (its body read within the attempt) ends the call; an error answer or a
 * transport failure goes to `afterFailure`. Most calls end with their first attempt and never build the
 * loop's state.
 */
function send(next: Send, timers: Timers, x: Exchange, state: RetryState | undefined): Promise<Reply> {
  return next(x).then(
    (reply) => (reply.response.ok ? reply : afterFailure(next, timers, x, state, reply, undefined)),
    (error: unknown) => {
      if (!isTransportFailure(error)) throw error;
      return afterFailure(next, timers, x, state, undefined, error);
    },
  );
}

/** Decides on a failed attempt: end the call with it, or wait and send the next attempt. */
async function afterFailure(
  next: Send,
  timers: Timers,
  x: Exchange,
  state: RetryState = { retries: 0, maybeApplied: false },
  reply: Reply | undefined,
  failure: TransportFailure | undefined,
): Promise<Reply> {
  const { call } = x;
  const { options } = call;
  const attempts = reply?.attempts ?? failure?.attempts ?? x.attempt;
  const outcome = outcomeOf(reply, failure);
  const retryAfterMs = reply?.retryAfterMs;
  const backoff = backoffDelayMs(state.retries + 1, options, options.random);
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
    const verdict = verdictFor(call, reply.response.status, state.maybeApplied);
    return verdict === undefined ? reply : withFacts(reply, reply.retryAfterMs, verdict);
  }
  if (!provesNotApplied(outcome)) state.maybeApplied = true;
  reply?.discard();
  state.retries++;
  await timers.sleep(delayMs, call.signal);
  return send(next, timers, exchange(call, attempts + 1, undefined), state);
}

export function retrying(timers: Timers): Stage {
  return (next) =>
    function retried(first) {
      return send(next, timers, first, undefined);
    };
}
