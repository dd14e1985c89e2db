// Caller hooks into retrying and local throttling, in the spirit of Octokit's retry and throttling
// plugins: see each decision the policy makes after a failed attempt (and veto a planned retry), and
// each call refused locally. Hooks get operation ids, statuses and waits, never headers or tokens.
import type { ThrottleSource } from "../errors.js";

export interface RetryDecision {
  readonly operation: string;
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  /** What failed: an HTTP status, a broken connection, or the per-attempt timeout. */
  readonly failure: "status" | "network" | "timeout";
  readonly status: number | undefined;
  /** What the policy decided. */
  readonly retry: boolean;
  /** Wait before the next attempt when `retry` is true, ms. */
  readonly delayMs: number;
  readonly retryAfterMs: number | undefined;
  readonly correlationId: string;
}

export interface ThrottleRefusal {
  readonly operation: string;
  readonly source: Exclude<ThrottleSource, "service">;
  /** How long the refusal is expected to last, when known. */
  readonly retryAfterMs: number | undefined;
  readonly correlationId: string;
}

export interface RetryHooks {
  /**
   * Called after every failed attempt with the policy's decision; return false to stop a planned retry.
   * Rejected credentials are not a decision here: they go to the auth provider as a forced refresh.
   */
  readonly onRetryDecision?: ((decision: RetryDecision) => boolean | void) | undefined;
  /** Called when a call is refused locally (remembered Retry-After, or the limiter), before it rejects. */
  readonly onThrottleRefusal?: ((refusal: ThrottleRefusal) => void) | undefined;
}
