/**
 * MPSD's liveness rules as timers on the emulator's clock:
 * - an active member whose RTA connection is gone (or, on a connectionRequiredForActiveMembers
 *   template, who never had one) becomes inactive once the disconnect grace (30 s) has passed;
 * - a member that stopped being active or ready is removed after `inactiveRemovalTimeout`;
 * - a ready member is removed after `readyRemovalTimeout`;
 * - reservations expire after `reservedRemovalTimeout`, and an empty session is deleted after
 *   `sessionEmptyTimeout` (the store applies those two; this schedules the moment).
 * Every change is committed like a write, so members get their shoulder taps. null timeouts never fire.
 */
import type { Clock, ClockTimer } from "../../shared/clock.js";
import { connectionRequired } from "../rta/connection-rules.js";
import type { ConnectionRegistry } from "../rta/connection-registry.js";
import type { MemberRecord, SessionRecord } from "../model/session-model.js";
import type { SessionStore } from "./session-store.js";

type Status = "active" | "ready" | "reserved" | "inactive";

interface MemberClock {
  status: Status;
  since: number;
  /** Was active or ready at some point: only such members are removed for being inactive. */
  wasLive: boolean;
  /** When its connection was found gone (active members only). */
  lostSince: number | undefined;
}

export interface LivenessDeps {
  readonly clock: Clock;
  readonly sessions: SessionStore;
  readonly registry: ConnectionRegistry;
  readonly graceMs: number;
  /** false: members never decay for their connection (see the emulator's rta.requireLiveConnections). */
  readonly connectionsMatter: boolean;
  /** Members removed by a rule (their activity handles go with them). */
  readonly onMembersRemoved: (key: string, xuids: readonly string[]) => void;
}

function statusOf(member: MemberRecord): Status {
  const s = member.properties.system;
  return member.reserved ? "reserved" : s["active"] === true ? "active" : s["ready"] === true ? "ready" : "inactive";
}

function timeout(session: SessionRecord, name: string): number | undefined {
  const value = session.constants.system[name];
  return typeof value === "number" ? value : undefined;
}

export class SessionLiveness {
  private readonly timers = new Map<string, ClockTimer>();
  private readonly members = new Map<string, Map<string, MemberClock>>();
  private readonly byConnection = new Map<string, Set<string>>();
  private readonly queued = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: LivenessDeps) {
    deps.registry.onClose((record) => {
      for (const key of this.byConnection.get(record.connectionId) ?? []) this.queue(key);
      this.byConnection.delete(record.connectionId);
    });
  }

  /** After a commit (or a deletion) of the session under `key`. */
  committed(key: string, session: SessionRecord | undefined): void {
    if (session === undefined) {
      this.forget(key);
      return;
    }
    const now = this.deps.clock.now();
    const table = this.members.get(key) ?? new Map<string, MemberClock>();
    this.members.set(key, table);
    const present = new Set<string>();
    for (const member of session.members) {
      present.add(member.xuid);
      const status = statusOf(member);
      const seen = table.get(member.xuid);
      if (seen === undefined || seen.status !== status) {
        table.set(member.xuid, { status, since: now, wasLive: (seen?.wasLive ?? false) || status === "active" || status === "ready", lostSince: undefined });
      }
      const connection = member.properties.system["connection"];
      if (typeof connection === "string") {
        const id = connection.toLowerCase();
        let keys = this.byConnection.get(id);
        if (keys === undefined) this.byConnection.set(id, (keys = new Set()));
        keys.add(key);
      }
    }
    for (const xuid of table.keys()) if (!present.has(xuid)) table.delete(xuid);
    this.queue(key);
  }

  /** Stops every timer (the emulator is closing). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) this.deps.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private forget(key: string): void {
    this.deps.clock.clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.members.delete(key);
  }

  /** Evaluates after the current write has finished, once per session however many commits it saw. */
  private queue(key: string): void {
    if (this.stopped || this.queued.has(key)) return;
    this.queued.add(key);
    queueMicrotask(() => {
      this.queued.delete(key);
      if (!this.stopped) this.evaluate(key);
    });
  }

  private evaluate(key: string): void {
    const now = this.deps.clock.now();
    const session = this.deps.sessions.get(key, now); // applies expired reservations and empty-session deletion
    if (session === undefined) {
      this.forget(key);
      return;
    }
    const table = this.members.get(key) ?? new Map<string, MemberClock>();
    this.members.set(key, table);
    let next = Infinity;
    let changed = false;
    const removed: string[] = [];
    const kept: MemberRecord[] = [];
    for (const original of session.members) {
      let member = original;
      let seen = table.get(member.xuid);
      if (seen === undefined || seen.status !== statusOf(member)) {
        seen = { status: statusOf(member), since: now, wasLive: (seen?.wasLive ?? false) || statusOf(member) !== "inactive", lostSince: undefined };
        table.set(member.xuid, seen);
      }
      if (seen.status === "active" && this.deps.connectionsMatter) {
        const connection = member.properties.system["connection"];
        const needed = typeof connection === "string" || connectionRequired(session);
        const live = typeof connection === "string" && this.deps.registry.isLiveConnectionOf(connection, member.xuid);
        if (needed && !live) {
          seen.lostSince ??= (typeof connection === "string" ? this.deps.registry.get(connection)?.closedAt : undefined) ?? now;
          const due = seen.lostSince + this.deps.graceMs;
          if (due <= now) {
            member = { ...member, properties: { ...member.properties, system: { ...member.properties.system, active: false } } };
            seen = { status: "inactive", since: due, wasLive: true, lostSince: undefined };
            table.set(member.xuid, seen);
            changed = true;
          } else next = Math.min(next, due);
        } else seen.lostSince = undefined;
      }
      const limit =
        seen.status === "inactive" && seen.wasLive ? timeout(session, "inactiveRemovalTimeout")
        : seen.status === "ready" ? timeout(session, "readyRemovalTimeout")
        : undefined;
      if (limit !== undefined) {
        if (seen.since + limit <= now) {
          removed.push(member.xuid);
          table.delete(member.xuid);
          changed = true;
          continue;
        }
        next = Math.min(next, seen.since + limit);
      }
      const reserved = timeout(session, "reservedRemovalTimeout");
      if (member.reserved && reserved !== undefined) next = Math.min(next, member.joinTimeMs + reserved + 1);
      kept.push(member);
    }
    const empty = timeout(session, "sessionEmptyTimeout");
    if (changed) {
      const updated: SessionRecord = { ...session, members: kept, changeNumber: session.changeNumber + 1 };
      if (kept.length === 0) updated.emptySinceMs = now;
      if (kept.length === 0 && empty === 0) this.deps.sessions.delete(key);
      else this.deps.sessions.set(updated);
      if (removed.length > 0) this.deps.onMembersRemoved(key, removed);
      return; // the commit queues the next evaluation
    }
    if (session.members.length === 0 && empty !== undefined) next = Math.min(next, (session.emptySinceMs ?? now) + empty + 1);
    this.deps.clock.clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (next !== Infinity) {
      this.timers.set(
        key,
        this.deps.clock.setTimeout(() => {
          this.timers.delete(key);
          this.evaluate(key);
        }, next - now),
      );
    }
  }
}
