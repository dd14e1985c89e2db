// The contract's client-wide retry policy and the per-operation facts the pipeline needs beyond the
// operation row. Everything the client knows about statuses, limits and retry rules comes from here.
import type { OperationInfo } from "../../contract/operation-types.js";

export interface RetryPolicy {
  /** Statuses retried for every operation whose request is safe to repeat. */
  readonly retryStatuses: readonly number[];
  /** Statuses never retried, whatever an operation adds: the answer would not change. */
  readonly neverRetryStatuses: readonly number[];
  /** Statuses proving the service did not apply the request (an unsafe write may be sent again). */
  readonly notAppliedStatuses: readonly number[];
  /** Statuses proving the same, but only when they carry a Retry-After. */
  readonly notAppliedWithRetryAfterStatuses: readonly number[];
  /** Statuses after which the credentials are refreshed once and the request sent again. */
  readonly refreshCredentialsStatuses: readonly number[];
  /** Statuses whose Retry-After is remembered per user, host and operation. */
  readonly rememberRetryAfterStatuses: readonly number[];
  /** Statuses reported as throttling (XblThrottledError). */
  readonly throttledStatuses: readonly number[];
  /** Statuses reported as a failed precondition (XblPreconditionFailedError). */
  readonly preconditionFailedStatuses: readonly number[];
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly budgetMs: number;
  readonly maxAttempts: number;
  readonly attemptTimeoutMs: number;
  readonly retryAfterMaxFactor: number;
  /** Longest Retry-After the client honours or remembers (the service's longest window). */
  readonly retryAfterMaxMs: number;
  /** Largest response body the client reads. */
  readonly maxResponseBytes: number;
}

export const retryPolicy: RetryPolicy = {
  retryStatuses: [408, 429, 500, 502, 503, 504],
  neverRetryStatuses: [400, 401, 403, 404, 412],
  notAppliedStatuses: [401, 429],
  notAppliedWithRetryAfterStatuses: [503],
  refreshCredentialsStatuses: [401],
  rememberRetryAfterStatuses: [429, 503],
  throttledStatuses: [429],
  preconditionFailedStatuses: [412],
  baseDelayMs: 2000,
  maxDelayMs: 60_000,
  budgetMs: 20_000,
  maxAttempts: 10,
  attemptTimeoutMs: 30_000,
  retryAfterMaxFactor: 1.2,
  retryAfterMaxMs: 300_000,
  maxResponseBytes: 16_777_216,
};

const ALREADY_DONE: Readonly<Record<string, readonly number[]>> = { deleteHandle: [404] };
const EMPTY_SUCCESS: readonly number[] = [204];

/** Statuses that, on a retry after an attempt that may have been applied, mean that attempt did the work. */
export function alreadyDoneStatuses(info: OperationInfo): readonly number[] {
  return ALREADY_DONE[info.operationId] ?? [];
}

/** Success statuses the contract declares without a body for this operation. */
export function emptySuccessStatuses(_info: OperationInfo): readonly number[] {
  return EMPTY_SUCCESS;
}
