// Remembers a Retry-After per (user, host, operation) so that other calls fail fast instead of adding
// to a throttled window (FGRL counts even dropped requests). The call that received the Retry-After
// owns the entry and may wait it out; everyone else is refused until it passes.

export interface RememberedThrottle {
  readonly untilMs: number;
  readonly owner: object;
  /** The throttle body that carried the Retry-After, for the fast-fail error. */
  readonly body: unknown;
  readonly status: number;
}

export class RetryAfterMemory {
  readonly #entries = new Map<string, RememberedThrottle>();

  static key(userHash: string, host: string, operationId: string): string {
    return `${userHash}\u0000${host}\u0000${operationId}`;
  }

  remember(key: string, entry: RememberedThrottle): void {
    const existing = this.#entries.get(key);
    if (existing === undefined || existing.untilMs <= entry.untilMs) this.#entries.set(key, entry);
  }

  /** The entry blocking `caller` at `nowMs`, if any. Expired entries are dropped. */
  blocking(key: string, caller: object, nowMs: number): RememberedThrottle | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.untilMs <= nowMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.owner === caller ? undefined : entry;
  }

  get size(): number {
    return this.#entries.size;
  }
}
