// The one error family of the client. Every failed call surfaces an XblError (or a subclass), never a
// bare string or undefined: HTTP failures come back as `result.error`, failures without a response
// (network, timeout, local throttling) are thrown. Credentials are never stored on these objects.
import type { ThrottleResponse } from "../../generated/schema.js";

/**
 * Body of a throttling answer from fine-grained rate limiting (FGRL): the contract's ThrottleResponse, with every
 * field optional because a proxy or an older service may send less.
 */
export type ThrottleBody = Readonly<Partial<ThrottleResponse>>;

export interface XblErrorDetails<TBody = unknown> {
  /** HTTP status, or undefined when no response was received. */
  readonly status?: number | undefined;
  /** operationId from the contract, e.g. "writeSession". */
  readonly operation: string;
  /** Parsed body: JSON value (bigint-safe) when the body was JSON, the text otherwise, undefined when empty. */
  readonly body?: TBody | string | undefined;
  /** Server-requested wait in milliseconds (from Retry-After), when known. */
  readonly retryAfterMs?: number | undefined;
  /** Attempts made for this logical call, including the failed one. */
  readonly attempts: number;
  /** The service's X-XblCorrelationId when sent, otherwise the client's MS-CV base for the call. */
  readonly correlationId?: string | undefined;
  readonly cause?: unknown;
}

export class XblError<TBody = unknown> extends Error {
  override name = "XblError";
  readonly status: number | undefined;
  readonly operation: string;
  readonly body: TBody | string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
  readonly correlationId: string | undefined;

  constructor(message: string, details: XblErrorDetails<TBody>) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.operation = details.operation;
    this.body = details.body;
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts;
    this.correlationId = details.correlationId;
  }

  /** For JSON.stringify in logs: plain JSON, with bigints in the body written as decimal strings. */
  toJSON(): Record<string, unknown> {
    const body =
      this.body !== null && typeof this.body === "object"
        ? (JSON.parse(JSON.stringify(this.body, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))) as unknown)
        : typeof this.body === "bigint"
          ? String(this.body)
          : this.body;
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      operation: this.operation,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
      correlationId: this.correlationId,
      body,
    };
  }
}

/** Why a call was throttled: the service throttled it, a remembered Retry-After, or the local limiter. */
export type ThrottleSource = "service" | "retry-after-memory" | "limiter";

/** Throttled by the service, or a call refused locally because waiting would not fit the retry budget. */
export class XblThrottledError<TBody = ThrottleBody> extends XblError<TBody> {
  override name = "XblThrottledError";
  readonly source: ThrottleSource;
  constructor(message: string, details: XblErrorDetails<TBody> & { readonly source: ThrottleSource }) {
    super(message, details);
    this.source = details.source;
  }
}

/** The precondition (If-Match / If-None-Match) failed. `body` is the current session when the service sent one. */
export class XblPreconditionFailedError<TBody = unknown> extends XblError<TBody> {
  override name = "XblPreconditionFailedError";
  /** ETag of the current session (from the failed-precondition answer), when present. */
  readonly etag: string | undefined;
  constructor(message: string, details: XblErrorDetails<TBody> & { readonly etag?: string | undefined }) {
    super(message, details);
    this.etag = details.etag;
  }
}

/** No response: the connection failed or broke, after any retries the policy allowed. */
export class XblNetworkError extends XblError<never> {
  override name = "XblNetworkError";
  /** True when the failure happened before the request could have reached the service. */
  readonly beforeSend: boolean;
  constructor(message: string, details: XblErrorDetails<never> & { readonly beforeSend: boolean }) {
    super(message, details);
    this.beforeSend = details.beforeSend;
  }
}

/** No response within the per-attempt timeout, after any retries the policy allowed. */
export class XblTimeoutError extends XblError<never> {
  override name = "XblTimeoutError";
  readonly timeoutMs: number;
  constructor(message: string, details: XblErrorDetails<never> & { readonly timeoutMs: number }) {
    super(message, details);
    this.timeoutMs = details.timeoutMs;
  }
}

/** What was wrong with an answer that does not keep the contract's promises. */
export type ResponseProblem =
  | "status" // a status outside 200–599
  | "redirect" // the services never redirect; the client does not follow
  | "too-large" // the body exceeded maxResponseBytes
  | "content-type" // a success body that is not JSON where the contract declares JSON
  | "empty-body" // a success without a body where the contract declares one
  | "invalid-json"; // a success body declared JSON that does not parse

/**
 * An answer outside the contract. Thrown when no usable response exists (status, redirect, too-large);
 * returned as `error` for a success whose body is wrong (content-type, empty-body, invalid-json).
 */
export class XblResponseError extends XblError<string> {
  override name = "XblResponseError";
  readonly problem: ResponseProblem;
  constructor(message: string, details: XblErrorDetails<string> & { readonly problem: ResponseProblem }) {
    super(message, details);
    this.problem = details.problem;
  }
}

/**
 * A write whose effect cannot be known: an earlier attempt may have been applied (its answer was lost)
 * and the retry's answer cannot tell (a failed precondition against our own change). Re-read before writing again.
 * `cause` is the error the last attempt produced.
 */
export class XblOutcomeUnknownError<TBody = unknown> extends XblError<TBody> {
  override name = "XblOutcomeUnknownError";
}

/** Credentials that cannot be used: empty, not strings, or holding characters a header cannot carry. */
export class XblAuthError extends XblError<never> {
  override name = "XblAuthError";
}
