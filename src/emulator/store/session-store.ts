/**
 * In-memory session table with lazily applied timers: expired reservations
 * (reservedRemovalTimeout) and empty sessions (sessionEmptyTimeout) are removed when the session
 * is next touched, so no background timers run. Deleted sessions leave a small tombstone so a
 * session recreated under the same name keeps its correlationId, as MPSD does.
 */
import { sessionKey, type MemberRecord, type SessionRecord } from "../model/session-model.js";

const TOMBSTONE_LIMIT = 10_000;

export interface StoreEvents {
  /** A session is gone (last member left, timers, …). */
  readonly onDelete?: (key: string, session: SessionRecord) => void;
  /** Members removed by a timer (their activity handles go with them). */
  readonly onMembersRemoved?: (key: string, xuids: readonly string[]) => void;
  /** Every committed change (writes and timers): shoulder taps and liveness timers start here. */
  readonly onWrite?: (key: string, before: SessionRecord | undefined, after: SessionRecord) => void;
}

export class SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly tombstones = new Map<string, string>();

  constructor(private readonly events: StoreEvents = {}) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Current session (after due timers), or undefined when it does not exist. */
  get(key: string, now: number): SessionRecord | undefined {
    const session = this.sessions.get(key);
    if (session === undefined) return undefined;
    return this.applyTimers(key, session, now);
  }

  set(session: SessionRecord): void {
    const key = sessionKey(session.ref);
    const before = this.sessions.get(key);
    this.sessions.set(key, session);
    this.events.onWrite?.(key, before, session);
  }

  delete(key: string): void {
    const session = this.sessions.get(key);
    if (session === undefined) return;
    this.sessions.delete(key);
    this.tombstones.delete(key);
    this.tombstones.set(key, session.correlationId);
    if (this.tombstones.size > TOMBSTONE_LIMIT) {
      const oldest = this.tombstones.keys().next();
      if (!oldest.done) this.tombstones.delete(oldest.value);
    }
    this.events.onDelete?.(key, session);
  }

  /** correlationId of a previously deleted session with this key, if remembered. */
  previousCorrelationId(key: string): string | undefined {
    return this.tombstones.get(key);
  }

  private applyTimers(key: string, session: SessionRecord, now: number): SessionRecord | undefined {
    const reservedTimeout = session.constants.system["reservedRemovalTimeout"];
    let members: MemberRecord[] = session.members;
    const expired: string[] = [];
    if (typeof reservedTimeout === "number") {
      members = session.members.filter((m) => {
        const gone = m.reserved && m.joinTimeMs + reservedTimeout <= now;
        if (gone) expired.push(m.xuid);
        return !gone;
      });
    }
    let current = session;
    if (expired.length > 0) {
      current = { ...session, members, changeNumber: session.changeNumber + 1 };
      if (members.length === 0) current.emptySinceMs = now;
      this.sessions.set(key, current);
      this.events.onMembersRemoved?.(key, expired);
      this.events.onWrite?.(key, session, current);
    }
    if (current.members.length === 0) {
      const emptyTimeout = current.constants.system["sessionEmptyTimeout"];
      const since = current.emptySinceMs ?? now;
      if (typeof emptyTimeout === "number" && since + emptyTimeout <= now) {
        this.delete(key);
        return undefined;
      }
    }
    return current;
  }

  /** Every live session (used by handle queries); timers are applied on the way. */
  *entries(now: number): IterableIterator<SessionRecord> {
    for (const key of [...this.sessions.keys()]) {
      const s = this.get(key, now);
      if (s) yield s;
    }
  }
}
