// The reconnect and retry delays of the official SDK: min(n², cap) seconds after the n-th consecutive
// failure, plus random jitter on reconnects (not before the very first connection).
import { rtaProtocol } from "../../generated/rta.js";

export interface BackoffOptions {
  /** Cap of the n² part, in seconds. Default from the contract (60). */
  readonly maxSeconds?: number;
  /** Upper bound of the added jitter, in seconds. Default from the contract (5). */
  readonly maxJitterSeconds?: number;
  /** Source of randomness in [0, 1); injectable for deterministic tests. Default Math.random. */
  readonly random?: () => number;
}

export interface Backoff {
  /** Delay before attempt `n` (0-based count of consecutive failures); jitter only when `jitter`. */
  delayMs(n: number, jitter: boolean): number;
}

export function createBackoff(options: BackoffOptions = {}): Backoff {
  const maxSeconds = options.maxSeconds ?? rtaProtocol.backoff.maxSeconds;
  const maxJitterSeconds = options.maxJitterSeconds ?? rtaProtocol.backoff.maxJitterSeconds;
  const random = options.random ?? Math.random;
  if (!(maxSeconds >= 0) || !(maxJitterSeconds >= 0)) throw new RangeError("backoff maxSeconds and maxJitterSeconds must be >= 0");
  return {
    delayMs(n, jitter) {
      const base = Math.min(n * n, maxSeconds) * 1000;
      return base + (jitter ? Math.floor(random() * maxJitterSeconds * 1000) : 0);
    },
  };
}
