// @ts-check
// The client-wide retry policy, read from the contract's root `x-xbl-retry-policy` extension (already
// checked against its schema) into the flat, millisecond-based shape the client reads from
// generated/operations.ts. The contract speaks seconds, like its rate limits; the client, milliseconds.

/** @typedef {import("./contract.mjs").Json} Json */
/** @typedef {import("../../src/contract/operation-types.js").RetryPolicy} RetryPolicy */

const EXTENSION = "x-xbl-retry-policy";

/** @param {number} seconds */
const ms = (seconds) => Math.round(seconds * 1000);

/**
 * @param {Json} doc the bundled contract
 * @returns {RetryPolicy}
 */
export function retryPolicyOf(doc) {
  const policy = doc[EXTENSION];
  if (!policy) throw new Error(`the contract declares no ${EXTENSION}`);
  const { backoff, retryAfter, notApplied } = policy;
  return {
    retryStatuses: policy.retryStatuses,
    neverRetryStatuses: policy.neverRetryStatuses,
    notAppliedStatuses: notApplied.statuses,
    notAppliedWithRetryAfterStatuses: notApplied.withRetryAfterStatuses,
    notAppliedWhenFailedBeforeSend: notApplied.failedBeforeSend,
    refreshCredentialsStatuses: policy.refreshCredentialsStatuses,
    rememberRetryAfterStatuses: policy.rememberRetryAfterStatuses,
    throttledStatuses: policy.throttledStatuses,
    preconditionFailedStatuses: policy.preconditionFailedStatuses,
    reapplyMaxTries: policy.reapplyMaxTries,
    baseDelayMs: ms(backoff.initialSeconds),
    maxDelayMs: ms(backoff.maxSeconds),
    budgetMs: ms(backoff.budgetSeconds),
    maxAttempts: backoff.maxAttempts,
    jitter: backoff.jitter,
    attemptTimeoutMs: ms(policy.attemptTimeoutSeconds),
    retryAfterMaxFactor: retryAfter.maxFactor,
    retryAfterMaxMs: ms(retryAfter.maxSeconds),
    maxResponseBytes: policy.maxResponseBytes,
  };
}

/**
 * Statuses as Markdown code spans, comma-separated.
 * @param {readonly number[]} statuses
 */
export const statusList = (statuses) => statuses.map((s) => `\`${s}\``).join(", ");

/**
 * When a request that is not safe to repeat is retried, as prose: the answers proving the service did not
 * apply it, less those never retried (a rejected token is refreshed instead, not retried).
 * @param {RetryPolicy} policy
 */
export function unsafeRetryText(policy) {
  const retried = (/** @type {readonly number[]} */ statuses) => statuses.filter((s) => !policy.neverRetryStatuses.includes(s));
  const parts = [];
  if (retried(policy.notAppliedStatuses).length > 0) parts.push(statusList(retried(policy.notAppliedStatuses)));
  if (retried(policy.notAppliedWithRetryAfterStatuses).length > 0) {
    parts.push(`${statusList(retried(policy.notAppliedWithRetryAfterStatuses))} with \`Retry-After\``);
  }
  if (policy.notAppliedWhenFailedBeforeSend) parts.push("a connection that failed before the request was sent");
  if (parts.length === 0) return "never";
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")}, or ${parts.at(-1)}`;
}
