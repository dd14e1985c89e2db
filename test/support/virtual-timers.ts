// Virtual clock for retry tests: sleep() records the requested wait, advances the clock and resolves
// at once, so tests check waits exactly and never sleep real seconds.
import type { Timers } from "../../src/index.js";

export interface VirtualTimers extends Timers {
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function virtualTimers(startMs = Date.UTC(2026, 10, 21, 9, 0, 0)): VirtualTimers {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
}
