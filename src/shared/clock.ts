// One clock for everything that waits: the RTA client's reconnects, request timeouts, pings and
// proactive reconnects, and the emulator's liveness timers. Injectable so tests run on virtual time and
// users can run the emulator faster than real time.

/** An opaque handle from `Clock.setTimeout`. */
export interface ClockTimer {
  readonly due: number;
}

export interface Clock {
  /** Milliseconds since the epoch, on this clock. */
  now(): number;
  /** Runs `callback` once `ms` of this clock's time have passed. */
  setTimeout(callback: () => void, ms: number): ClockTimer;
  /** Cancels a timer; harmless for one that already ran, was cleared, or is undefined. */
  clearTimeout(timer: ClockTimer | undefined): void;
}

interface RealTimer extends ClockTimer {
  readonly handle: ReturnType<typeof setTimeout>;
}

/** Real time, optionally sped up: with `speed` 60 a 30-second timer fires after half a real second. */
export function realClock(speed = 1): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError("clock speed must be a positive number");
  const origin = Date.now();
  const now = () => (speed === 1 ? Date.now() : origin + Math.floor((Date.now() - origin) * speed));
  return {
    now,
    setTimeout(callback, ms) {
      const wait = Math.max(0, ms) / speed;
      const timer: RealTimer = { due: now() + Math.max(0, ms), handle: setTimeout(callback, wait) };
      return timer;
    },
    clearTimeout(timer) {
      if (timer !== undefined && "handle" in timer) clearTimeout((timer as RealTimer).handle);
    },
  };
}

export const systemClock: Clock = realClock(1);

/** A clock that moves only when told to: `advance(ms)` runs every timer that falls due, in order. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Timers scheduled and not yet run or cleared. */
  pendingTimers(): number;
}

export function manualClock(start = Date.UTC(2026, 10, 21, 9, 0, 0)): ManualClock {
  let now = start;
  let order = 0;
  const timers = new Map<ClockTimer, { callback: () => void; order: number }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const timer: ClockTimer = { due: now + Math.max(0, ms) };
      timers.set(timer, { callback, order: order++ });
      return timer;
    },
    clearTimeout(timer) {
      if (timer !== undefined) timers.delete(timer);
    },
    advance(ms) {
      const target = now + Math.max(0, ms);
      for (;;) {
        let next: [ClockTimer, { callback: () => void; order: number }] | undefined;
        for (const entry of timers) {
          if (entry[0].due > target) continue;
          if (next === undefined || entry[0].due < next[0].due || (entry[0].due === next[0].due && entry[1].order < next[1].order)) next = entry;
        }
        if (next === undefined) break;
        timers.delete(next[0]);
        now = Math.max(now, next[0].due);
        next[1].callback();
      }
      now = target;
    },
    pendingTimers: () => timers.size,
  };
}
