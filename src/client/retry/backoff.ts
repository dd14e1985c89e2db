// Exponential backoff with full-range jitter, shaped like the official Xbox Live client (XSAPI /
// libHttpClient): each delay drawn between the current step and the next, capped.

export interface BackoffOptions {
  /** First delay step in ms. */
  readonly baseDelayMs: number;
  /** Largest delay in ms. */
  readonly maxDelayMs: number;
}

/** Delay before retry number `retry` (1 = first retry), uniform in [base·2^(n-1), base·2^n], capped. */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number): number {
  const step = options.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const delay = step + random() * step;
  return Math.min(options.maxDelayMs, delay);
}

/**
 * Wait after an answer with a Retry-After of `retryAfterMs`: between that and `maxFactor` times it, and
 * never shorter than the backoff (libHttpClient waits max(backoff, Retry-After)), so a Retry-After of 0
 * cannot turn the retries into a burst.
 */
export function retryAfterDelayMs(retryAfterMs: number, backoffMs: number, maxFactor: number, random: () => number): number {
  return Math.max(backoffMs, retryAfterMs * (1 + random() * Math.max(0, maxFactor - 1)));
}
