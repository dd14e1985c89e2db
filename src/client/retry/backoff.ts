// Exponential backoff with full-range jitter, shaped like the official Xbox Live client (XSAPI /
// libHttpClient): delays 2, 4, 8 ... s, each drawn between the current step and the next, capped.

export interface BackoffOptions {
  /** First delay step in ms (official client: 2000). */
  readonly baseDelayMs: number;
  /** Largest delay in ms (official client: 60000). */
  readonly maxDelayMs: number;
}

/** Delay before retry number `retry` (1 = first retry), uniform in [base·2^(n-1), base·2^n], capped. */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number): number {
  const step = options.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const delay = step + random() * step;
  return Math.min(options.maxDelayMs, delay);
}

/**
 * Wait for a Retry-After of `retryAfterMs`: at least that long, at most `maxFactor` times it, and never
 * shorter than the backoff step. FGRL drops requests until its window resets, so there is no cap.
 */
export function retryAfterDelayMs(
  retryAfterMs: number,
  backoffMs: number,
  maxFactor: number,
  random: () => number,
): number {
  const wait = retryAfterMs * (1 + random() * Math.max(0, maxFactor - 1));
  return Math.max(wait, Math.min(backoffMs, retryAfterMs * maxFactor));
}
