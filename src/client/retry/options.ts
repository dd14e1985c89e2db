// Retry settings with the official client's defaults (XSAPI / libHttpClient): 2 s base delay, 60 s
// cap, 20 s total budget, 30 s per attempt. Every number can be changed per client.

export interface RetryOptions {
  /** First backoff step, ms. Default 2000. */
  readonly baseDelayMs: number;
  /** Longest single backoff, ms. Default 60000. */
  readonly maxDelayMs: number;
  /** Total time a call may spend waiting to retry, ms; a wait that does not fit fails the call. 0 = one attempt. Default 20000. */
  readonly budgetMs: number;
  /** Upper bound on attempts per call, whatever the budget. Default 10. */
  readonly maxAttempts: number;
  /** Time allowed for one attempt to get response headers, ms. Default 30000. */
  readonly attemptTimeoutMs: number;
  /** A Retry-After of t is waited for between t and t × this factor. Default 1.2. */
  readonly retryAfterMaxFactor: number;
  /** Jitter source in [0, 1). Default Math.random. */
  readonly random: () => number;
}

export const defaultRetryOptions: RetryOptions = Object.freeze({
  baseDelayMs: 2000,
  maxDelayMs: 60_000,
  budgetMs: 20_000,
  maxAttempts: 10,
  attemptTimeoutMs: 30_000,
  retryAfterMaxFactor: 1.2,
  random: Math.random,
});

export function resolveRetryOptions(partial: Partial<RetryOptions> | false | undefined): RetryOptions {
  if (partial === false) return { ...defaultRetryOptions, budgetMs: 0, maxAttempts: 1 };
  const merged = { ...defaultRetryOptions, ...partial };
  for (const key of ["baseDelayMs", "maxDelayMs", "budgetMs", "maxAttempts", "attemptTimeoutMs", "retryAfterMaxFactor"] as const) {
    const value = merged[key];
    if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
      throw new RangeError(`xbl-multiplayer: retry.${key} must be a non-negative number`);
    }
  }
  if (merged.maxAttempts < 1) throw new RangeError("xbl-multiplayer: retry.maxAttempts must be at least 1");
  if (merged.retryAfterMaxFactor < 1) throw new RangeError("xbl-multiplayer: retry.retryAfterMaxFactor must be at least 1");
  return merged;
}
