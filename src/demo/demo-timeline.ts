// How the demo waits, and the time it prints. Against the local emulator everything that keeps time
// (the emulator's liveness rules, the RTA clients' pings and reconnects, the lobby's timers) runs on one
// virtual clock that the demo moves in small steps, letting real loopback I/O run between steps: the
// 30-second removal window passes in well under a real second, and a busy machine slows virtual time
// down with it instead of letting the window close before a slow reconnect. Against Xbox Live the
// timeline is real time.
import { manualClock, systemClock, type Clock } from "../shared/clock.js";
import { DemoStepError } from "./demo-steps.js";

export interface DemoTimeline {
  /** The clock to give the emulator, the RTA clients and the lobby. */
  readonly clock: Clock;
  /** True when time is virtual (moved by the demo), false for real time. */
  readonly virtual: boolean;
  /** Milliseconds of timeline time since the timeline started. */
  elapsed(): number;
  /** Resolves with what `promise` resolves to, letting time pass meanwhile; fails after `limitMs` of timeline time. */
  until<T>(what: string, promise: Promise<T>, limitMs?: number): Promise<T>;
  /** Waits until `check()` holds, letting time pass; fails after `limitMs` of timeline time. */
  when(what: string, check: () => boolean, limitMs?: number): Promise<void>;
  /** Lets `ms` of timeline time pass. */
  pass(ms: number): Promise<void>;
}

const DEFAULT_LIMIT_MS = 60_000;

function realPause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A flag that turns true once `promise` has settled; the outcome itself stays with `promise`. */
function settledFlag(promise: Promise<unknown>): { readonly done: () => boolean } {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  return { done: () => done };
}

/**
 * Virtual time, moved by `stepMs` after each short real pause while the demo waits (default 100 ms per
 * step). Timers of the clock only fire while the demo waits through this timeline.
 */
export function virtualTimeline(stepMs = 100): DemoTimeline {
  const clock = manualClock();
  const start = clock.now();
  const elapsed = () => clock.now() - start;
  /** Moves time until `done()` holds or `limitMs` have passed; true when it held. */
  const drive = async (done: () => boolean, limitMs: number): Promise<boolean> => {
    const deadline = clock.now() + limitMs;
    for (;;) {
      // Real I/O first (sockets, HTTP on loopback), then the clock; the step count is bounded by the limit.
      await realPause(1);
      if (done()) return true;
      if (clock.now() >= deadline) return false;
      clock.advance(Math.min(stepMs, deadline - clock.now()));
    }
  };
  return {
    clock,
    virtual: true,
    elapsed,
    async until(what, promise, limitMs = DEFAULT_LIMIT_MS) {
      const flag = settledFlag(promise);
      if (!(await drive(flag.done, limitMs))) throw new DemoStepError(`${what}: nothing after ${limitMs / 1000} s`);
      return promise;
    },
    async when(what, check, limitMs = DEFAULT_LIMIT_MS) {
      if (!(await drive(check, limitMs))) throw new DemoStepError(`${what}: not after ${limitMs / 1000} s`);
    },
    async pass(ms) {
      await drive(() => false, ms);
    },
  };
}

/** Real time, for runs against Xbox Live. */
export function realTimeline(pollMs = 50): DemoTimeline {
  const start = systemClock.now();
  return {
    clock: systemClock,
    virtual: false,
    elapsed: () => systemClock.now() - start,
    async until(what, promise, limitMs = DEFAULT_LIMIT_MS) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DemoStepError(`${what}: nothing after ${limitMs / 1000} s`)), limitMs);
      });
      try {
        return await Promise.race([promise, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async when(what, check, limitMs = DEFAULT_LIMIT_MS) {
      const deadline = Date.now() + limitMs;
      while (!check()) {
        if (Date.now() >= deadline) throw new DemoStepError(`${what}: not after ${limitMs / 1000} s`);
        await realPause(pollMs);
      }
    },
    pass: (ms) => realPause(ms),
  };
}

/** "12.3 s" */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "+12.3 s", right-aligned for a column of steps. */
export function formatElapsed(ms: number): string {
  return `+${formatSeconds(ms)}`.padStart(9);
}
