// Per-attempt timeouts without an AbortController per request (one costs ~4 µs on Node 20, about a
// tenth of a whole stubbed call). Attempts that start within the same short slot share a controller,
// which is aborted when the slot's deadline passes while any of its attempts is still running. Every
// attempt so gets at least `timeoutMs` and at most `timeoutMs + slot width` to finish.

const TIMEOUT = Symbol("xbl attempt timeout");

interface Slot {
  readonly controller: AbortController;
  readonly closesAt: number;
  pending: number;
  /** Rejecters of waits on transports that may ignore `init.signal`. */
  readonly waiters: Set<(reason: unknown) => void>;
}

export interface AttemptLease {
  readonly signal: AbortSignal;
  /** Call once the attempt is over: no response, a discarded response, or a fully read body. */
  release(): void;
  timedOut(): boolean;
  /** Rejects `promise` when this attempt times out, for transports that ignore the signal. */
  guard<T>(promise: Promise<T>): Promise<T>;
}

type EventsModule = { setMaxListeners(n: number, ...targets: EventTarget[]): void };

/** Every request of a slot adds an abort listener; lift Node's leak warning for slot signals. */
function allowManyListeners(signal: AbortSignal): void {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const events = proc?.getBuiltinModule?.("node:events") as EventsModule | undefined;
  events?.setMaxListeners(0, signal);
}

export class AttemptTimeouts {
  readonly #timeoutMs: number;
  readonly #widthMs: number;
  #slot: Slot | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#widthMs = Math.min(1000, Math.max(5, Math.round(timeoutMs / 10)));
  }

  start(): AttemptLease {
    const now = Date.now();
    let slot = this.#slot;
    if (slot === undefined || now >= slot.closesAt) {
      slot = this.#openSlot(now);
      this.#slot = slot;
    }
    slot.pending++;
    const current = slot;
    let released = false;
    return {
      signal: current.controller.signal,
      release() {
        if (released) return;
        released = true;
        current.pending--;
      },
      timedOut: () => current.controller.signal.aborted && current.controller.signal.reason === TIMEOUT,
      guard<T>(promise: Promise<T>): Promise<T> {
        if (current.controller.signal.aborted) return Promise.reject(TIMEOUT);
        return new Promise<T>((resolve, reject) => {
          current.waiters.add(reject);
          promise.then(
            (value) => {
              current.waiters.delete(reject);
              resolve(value);
            },
            (error: unknown) => {
              current.waiters.delete(reject);
              reject(error);
            },
          );
        });
      },
    };
  }

  #openSlot(now: number): Slot {
    const controller = new AbortController();
    allowManyListeners(controller.signal);
    const slot: Slot = { controller, closesAt: now + this.#widthMs, pending: 0, waiters: new Set() };
    const timer = setTimeout(() => {
      if (this.#slot === slot) this.#slot = undefined;
      if (slot.pending === 0) return; // everyone finished in time: nothing to abort
      controller.abort(TIMEOUT);
      for (const reject of slot.waiters) reject(TIMEOUT);
      slot.waiters.clear();
    }, this.#widthMs + this.#timeoutMs);
    (timer as { unref?: () => void }).unref?.();
    return slot;
  }
}
