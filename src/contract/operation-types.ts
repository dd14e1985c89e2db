// The shape of one row of the contract's operation table. generated/operations.ts holds the rows (derived
// from openapi/ by the generator); this module names their types, so the table is checked against them
// at compile time and every layer above reads one typed table.
export type RetryMode = "safe" | "conditional" | "unsafe";

/** How an operation may be retried, from its `x-xbl-retry` extension. */
export interface RetryRule {
  readonly mode: RetryMode;
  /** Statuses retried for this operation on top of the default set. */
  readonly extraStatuses: readonly number[];
  /** Body `type` values for which an unsafe operation may be repeated. */
  readonly safeBodyTypes: readonly string[];
  /** Answers that, on a retry after an attempt that may have been applied, mean that attempt did the work. */
  readonly alreadyDoneStatuses: readonly number[];
}

/**
 * The client-wide retry policy, from the contract's root `x-xbl-retry-policy` (seconds there,
 * milliseconds here). Per-operation rules (RetryRule) refine it.
 */
export interface RetryPolicy {
  /** Statuses retried for every operation whose request is safe to repeat. */
  readonly retryStatuses: readonly number[];
  /** Statuses never retried, whatever an operation adds: the answer would not change. */
  readonly neverRetryStatuses: readonly number[];
  /** Statuses proving the service did not apply the request (an unsafe write may be sent again). */
  readonly notAppliedStatuses: readonly number[];
  /** Statuses proving the same, but only when they carry a Retry-After. */
  readonly notAppliedWithRetryAfterStatuses: readonly number[];
  /** Whether a connection that failed before the request was sent proves the same. */
  readonly notAppliedWhenFailedBeforeSend: boolean;
  /** Statuses after which the credentials are refreshed once and the request sent again. */
  readonly refreshCredentialsStatuses: readonly number[];
  /** Statuses whose Retry-After is remembered per user, host and operation. */
  readonly rememberRetryAfterStatuses: readonly number[];
  /** Statuses reported as throttling (XblThrottledError). */
  readonly throttledStatuses: readonly number[];
  /** Statuses reported as a failed precondition (XblPreconditionFailedError). */
  readonly preconditionFailedStatuses: readonly number[];
  /** Most tries of a read-modify-write that re-applies its change after a failed precondition. */
  readonly reapplyMaxTries: number;
  /** First backoff step. */
  readonly baseDelayMs: number;
  /** Longest single backoff. */
  readonly maxDelayMs: number;
  /** Total waiting per call. */
  readonly budgetMs: number;
  readonly maxAttempts: number;
  /** How each backoff is drawn: between the current step and twice it. */
  readonly jitter: "upToOneStep";
  readonly attemptTimeoutMs: number;
  /** A Retry-After of t is waited for between t and t times this. */
  readonly retryAfterMaxFactor: number;
  /** Longest Retry-After the client honours or remembers. */
  readonly retryAfterMaxMs: number;
  /** Largest response body the client reads. */
  readonly maxResponseBytes: number;
}

/** A per-user request limit of the operation's host, from the server's `x-xbl-rate-limits`. */
export interface RateLimit {
  readonly requests: number;
  readonly periodSeconds: number;
}

/**
 * An operation's own limits (its `x-xbl-rate-limits`), on top of the host's. Operations naming the same
 * bucket share one window per user; `handleTypes` narrows the rule to requests about handles of those
 * types (null: every request of the operation).
 */
export interface RateLimitRule {
  readonly bucket: string;
  readonly handleTypes: readonly string[] | null;
  readonly limits: readonly RateLimit[];
}

/** How array query parameters are serialized (e.g. `include` as a comma list). */
export interface ArrayQueryStyle {
  readonly style: "form" | "spaceDelimited" | "pipeDelimited";
  readonly explode: boolean;
}

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE";

export interface OperationInfo {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template exactly as written in the contract. */
  readonly path: string;
  /** The origin the operation is served from (the contract's `servers`). */
  readonly host: string;
  /** The x-xbl-contract-version the client sends, or null for an operation that takes none. */
  readonly contractVersion: string | null;
  readonly retry: RetryRule;
  /** Success statuses the contract declares without a body. */
  readonly emptySuccessStatuses: readonly number[];
  readonly rateLimits: readonly RateLimit[];
  readonly rateLimitRules: readonly RateLimitRule[];
  /** How array query parameters are written, or null when the operation has none. */
  readonly arrayQuery: ArrayQueryStyle | null;
}
