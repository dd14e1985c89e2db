// What flows through the pipeline stages. Each stage is `(next: Send) => Send`: it gets an Exchange
// (one attempt of one logical call) and gives back a Reply. Both are immutable: what a call learned
// (attempts, Retry-After, the body) travels back in the Reply or on the thrown XblError.
import type { AuthTicket } from "../auth.js";
import type { OperationInfo } from "../../contract/operation-types.js";
import type { RetryHooks } from "../retry/hooks.js";
import type { RetryOptions } from "../retry/options.js";

export type Transport = (input: Request, init?: Record<string, unknown>) => Promise<Response>;

/** The request as data, so every attempt can build a fresh Request from it. */
export interface RequestSpec {
  readonly url: string;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
  /** Serialized body, replayable as is. */
  readonly body: string | Uint8Array | undefined;
  /** `type` of the JSON body, when it has one (POST /handles is discriminated by it). */
  readonly bodyType: string | undefined;
}

/** One logical call, fixed before the first attempt. */
export interface Call {
  readonly info: OperationInfo;
  /** Origin the call is sent to (after overrides); part of the throttling keys. */
  readonly host: string;
  readonly spec: RequestSpec;
  readonly transport: Transport;
  /** The caller's signal, if any. */
  readonly signal: AbortSignal | undefined;
  readonly correlationBase: string;
  readonly options: RetryOptions;
  readonly hooks: RetryHooks;
  /** Latest clock time by which a retry may start. */
  readonly deadline: number;
}

/** One attempt going in. */
export interface Exchange {
  readonly call: Call;
  /** 1 for the first attempt; numbers every request sent (MS-CV suffix). */
  readonly attempt: number;
  readonly ticket: AuthTicket | undefined;
}

/** What a call ended with, beyond the status. */
export type Verdict =
  /** A retry after a maybe-applied attempt got an answer that cannot tell whether it was applied. */
  | "outcome-unknown"
  /** A retried idempotent delete found nothing left to delete: the earlier attempt did it. */
  | "already-done"
  | undefined;

/** One answer coming back. */
export interface Reply {
  readonly response: Response;
  /** Attempts made so far for this call, including the one that produced `response`. */
  readonly attempts: number;
  /** The credentials that attempt used. */
  readonly ticket: AuthTicket | undefined;
  /** Server-requested wait (capped), when the answer carried a readable Retry-After. */
  readonly retryAfterMs: number | undefined;
  readonly verdict: Verdict;
  /** The body as text (bounded by maxResponseBytes, within the attempt's timeout). Read once, memoized. */
  text(): Promise<string>;
  /** Drop the body unread; ends the attempt. */
  discard(): void;
}

export type Send = (exchange: Exchange) => Promise<Reply>;
export type Stage = (next: Send) => Send;

export function exchange(call: Call, attempt: number, ticket: AuthTicket | undefined): Exchange {
  return { call, attempt, ticket };
}

/** The same reply with some facts added by an outer stage. */
export function withFacts(reply: Reply, retryAfterMs: number | undefined, verdict: Verdict): Reply {
  return {
    response: reply.response,
    attempts: reply.attempts,
    ticket: reply.ticket,
    retryAfterMs,
    verdict,
    text: () => reply.text(),
    discard: () => reply.discard(),
  };
}
