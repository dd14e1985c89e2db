// The client's one clock: now, sleep and one-shot timers. Backoff waits, the per-attempt timeout,
// remembered Retry-After windows and the limiter all read it, so tests can run them on virtual time.

export interface Timers {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `fire` once after `ms` unless the returned cancel function is called first. */
  schedule(ms: number, fire: () => void): () => void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
  schedule(ms, fire) {
    const timer = setTimeout(fire, ms);
    // A pending per-attempt timeout must not keep a finished program alive.
    (timer as { unref?: () => void }).unref?.();
    return () => clearTimeout(timer);
  },
};
