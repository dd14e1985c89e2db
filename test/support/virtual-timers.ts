// Virtual clock for client tests: sleep() records the requested wait, advances the clock and resolves
// at once; schedule() holds timers (the per-attempt timeout) until advance() moves the clock past them.
// Tests so check waits exactly and never depend on real time.
import type { Timers } from "../../src/index.js";

export interface VirtualTimers extends Timers {
  readonly sleeps: number[];
  /** Timers scheduled and not yet fired or cancelled. */
  readonly pending: () => number;
  advance(ms: number): void;
}

export function virtualTimers(startMs = Date.UTC(2026, 10, 21, 9, 0, 0)): VirtualTimers {
  let now = startMs;
  const sleeps: number[] = [];
  const timers = new Set<{ at: number; fire: () => void }>();
  const advance = (ms: number) => {
    now += ms;
    for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
      if (timer.at > now) continue;
      timers.delete(timer);
      timer.fire();
    }
  };
  return {
    sleeps,
    pending: () => timers.size,
    now: () => now,
    advance,
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      advance(ms);
    },
    schedule(ms, fire) {
      const timer = { at: now + ms, fire };
      timers.add(timer);
      return () => void timers.delete(timer);
    },
  };
}
