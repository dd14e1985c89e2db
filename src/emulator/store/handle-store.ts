/**
 * Handle table: activity (one per user per SCID, replaced by a newer one, removed when the user
 * leaves), invite (expires), transfer (lobby → game) and search (one per session). It stores and
 * finds records only; access decisions are the caller's and rendering is model/handle-render.ts.
 */
import { randomUUID } from "node:crypto";
import type { HandleRecord, HandleType, NewHandle } from "../model/handle-model.js";
import { sessionKey } from "../model/session-model.js";

export class HandleStore {
  private readonly byId = new Map<string, HandleRecord>();
  /** `${xuid}|${scid}` → activity handle id. */
  private readonly activity = new Map<string, string>();
  /** session key → search handle id. */
  private readonly search = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  /** Store a new handle; returns it plus the id of a handle it replaced (activity/search). */
  add(input: NewHandle): { handle: HandleRecord; replaced?: HandleRecord } {
    const handle: HandleRecord = {
      ...input,
      id: randomUUID(),
      sessionKey: sessionKey(input.sessionRef),
      createTimeMs: this.now(),
    };
    let replaced: HandleRecord | undefined;
    if (handle.type === "activity") {
      const slot = activitySlot(handle.ownerXuid, handle.sessionRef.scid);
      const old = this.activity.get(slot);
      if (old !== undefined) replaced = this.remove(old);
      this.activity.set(slot, handle.id);
    } else if (handle.type === "search") {
      const old = this.search.get(handle.sessionKey);
      if (old !== undefined) replaced = this.remove(old);
      this.search.set(handle.sessionKey, handle.id);
    }
    this.byId.set(handle.id, handle);
    return replaced ? { handle, replaced } : { handle };
  }

  /** A live handle (expired invites are dropped on the way). Ids are case-insensitive GUIDs. */
  get(id: string): HandleRecord | undefined {
    const handle = this.byId.get(id.toLowerCase());
    if (handle?.expirationMs !== undefined && handle.expirationMs <= this.now()) {
      this.remove(handle.id);
      return undefined;
    }
    return handle;
  }

  remove(id: string): HandleRecord | undefined {
    const handle = this.byId.get(id);
    if (handle === undefined) return undefined;
    this.byId.delete(id);
    if (handle.type === "activity") {
      const slot = activitySlot(handle.ownerXuid, handle.sessionRef.scid);
      if (this.activity.get(slot) === id) this.activity.delete(slot);
    } else if (handle.type === "search" && this.search.get(handle.sessionKey) === id) {
      this.search.delete(handle.sessionKey);
    }
    return handle;
  }

  /** The member left: their activity handle for that session goes away. */
  removeActivityFor(xuid: string, key: string, scid: string): void {
    const id = this.activity.get(activitySlot(xuid, scid));
    if (id !== undefined && this.byId.get(id)?.sessionKey === key) this.remove(id);
  }

  /** The session is gone: its activity and search handles go with it. */
  removeForSession(key: string): void {
    for (const handle of [...this.byId.values()]) {
      if (handle.sessionKey === key && (handle.type === "activity" || handle.type === "search")) this.remove(handle.id);
    }
  }

  activityHandles(): IterableIterator<HandleRecord> {
    return this.filtered("activity");
  }

  searchHandles(): IterableIterator<HandleRecord> {
    return this.filtered("search");
  }

  private *filtered(type: HandleType): IterableIterator<HandleRecord> {
    for (const handle of this.byId.values()) if (handle.type === type) yield handle;
  }
}

function activitySlot(xuid: string, scid: string): string {
  return `${xuid}|${scid.toLowerCase()}`;
}
