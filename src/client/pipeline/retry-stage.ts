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
import { type Call, exchange, type Reply, type Stage, type Verdict, withFacts } from "./exchange.js";

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

export function retrying(timers: Timers): Stage {
  return (next) =>
    async function retried(first) {
      const { call } = first;
      const { options } = call;
      let x = first;
      let retries = 0;
      let maybeApplied = false;
      for (;;) {
        let reply: Reply | undefined;
        let failure: XblNetworkError | XblTimeoutError | undefined;
        let outcome: AttemptOutcome;
        try {
          reply = await next(x);
          const { response } = reply;
          // A success ends the call; its body is read here so a body cut short can still be retried.
          if (response.ok) {
            await reply.text();
            return reply;
          }
          outcome = { kind: "status", status: response.status, hasRetryAfter: reply.retryAfterMs !== undefined };
        } catch (error) {
          if (!(error instanceof XblNetworkError || error instanceof XblTimeoutError)) throw error;
          failure = error;
          reply = undefined;
          outcome = failure instanceof XblTimeoutError ? { kind: "timeout" } : { kind: "network", beforeSend: failure.beforeSend };
        }
        const attempts = reply?.attempts ?? failure?.attempts ?? x.attempt;
        const retryAfterMs = reply?.retryAfterMs;
        const backoff = backoffDelayMs(retries + 1, options, options.random);
        const delayMs = retryAfterMs === undefined ? backoff : retryAfterDelayMs(retryAfterMs, backoff, options.retryAfterMaxFactor, options.random);
        let retry =
          attempts < options.maxAttempts && timers.now() + delayMs <= call.deadline && isRetryable(call.info.retry, factsOf(call), outcome);
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
          if (failure !== undefined) throw failure;
          const final = reply as Reply;
          try {
            await final.text();
          } catch (error) {
            // The error answer itself broke off: report what we know, the status, with no body.
            if (!(error instanceof XblNetworkError || error instanceof XblTimeoutError)) throw error;
          }
          const verdict = verdictFor(call, final.response.status, maybeApplied);
          return verdict === undefined ? final : withFacts(final, final.retryAfterMs, verdict);
        }
        if (!provesNotApplied(outcome)) maybeApplied = true;
        reply?.discard();
        retries++;
        await timers.sleep(delayMs, call.signal);
        x = exchange(call, attempts + 1, undefined);
      }
    };
}
