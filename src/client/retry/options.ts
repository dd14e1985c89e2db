// Retry settings. The defaults are the contract's retry policy (the official client's numbers); every
// number can be changed per client and per call.
import { retryPolicy } from "./policy-source.js";

export interface RetryOptions {
  /** First backoff step, ms. */
  readonly baseDelayMs: number;
  /** Longest single backoff, ms. */
  readonly maxDelayMs: number;
  /** Total time a call may spend waiting to retry, ms; a wait that does not fit fails the call. 0 = one attempt. */
  readonly budgetMs: number;
  /** Upper bound on attempts per call, whatever the budget. */
  readonly maxAttempts: number;
  /** Time allowed for one attempt, response body included, ms. 0 turns it off. */
  readonly attemptTimeoutMs: number;
  /** A Retry-After of t is waited for between t and t × this factor (and never less than the backoff). */
  readonly retryAfterMaxFactor: number;
  /** Longest Retry-After honoured or remembered, ms; longer ones are cut to this. */
  readonly retryAfterMaxMs: number;
  /** Jitter source in [0, 1). Default Math.random. */
  readonly random: () => number;
}

export const defaultRetryOptions: RetryOptions = Object.freeze({
  baseDelayMs: retryPolicy.baseDelayMs,
  maxDelayMs: retryPolicy.maxDelayMs,
  budgetMs: retryPolicy.budgetMs,
  maxAttempts: retryPolicy.maxAttempts,
  attemptTimeoutMs: retryPolicy.attemptTimeoutMs,
  retryAfterMaxFactor: retryPolicy.retryAfterMaxFactor,
  retryAfterMaxMs: retryPolicy.retryAfterMaxMs,
  random: Math.random,
});

const NUMERIC = ["baseDelayMs", "maxDelayMs", "budgetMs", "maxAttempts", "attemptTimeoutMs", "retryAfterMaxFactor", "retryAfterMaxMs"] as const;

/** `partial` over `base`, checked. `false` means a single attempt. */
export function resolveRetryOptions(partial: Partial<RetryOptions> | false | undefined, base: RetryOptions = defaultRetryOptions): RetryOptions {
  if (partial === undefined) return base;
  if (partial === false) return { ...base, budgetMs: 0, maxAttempts: 1 };
  const merged = { ...base, ...partial };
  for (const key of NUMERIC) {
    const value = merged[key];
    if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
      throw new RangeError(`xbl-multiplayer: retry.${key} must be a non-negative number`);
    }
  }
  if (merged.maxAttempts < 1) throw new RangeError("xbl-multiplayer: retry.maxAttempts must be at least 1");
  if (merged.retryAfterMaxFactor < 1) throw new RangeError("xbl-multiplayer: retry.retryAfterMaxFactor must be at least 1");
  return merged;
}
