/**
 * Handle table: activity (one per user per SCID, replaced by a newer one, removed when the user
 * leaves), invite (expires), transfer (lobby → game) and search (one per session). Rendering to
 * the wire shapes of mpsd-reference §4 lives here too; access decisions are the caller's.
 */
import { randomUUID } from "node:crypto";
import type { JsonObject } from "../model/merge.js";
import { mpsdTime, sessionKey, type SessionRef } from "../model/session-model.js";

export type HandleType = "activity" | "invite" | "transfer" | "search";

export interface HandleRecord {
  readonly id: string;
  readonly type: HandleType;
  readonly sessionRef: SessionRef;
  readonly sessionKey: string;
  /** Creator: activity/search/transfer owner, invite sender. */
  readonly ownerXuid: string;
  readonly titleId: string;
  readonly createTimeMs: number;
  readonly inviteProtocol: string;
  readonly invitedXuid?: string;
  readonly inviteAttributes?: JsonObject;
  readonly expirationMs?: number;
  readonly originSessionRef?: SessionRef;
  readonly searchAttributes?: JsonObject;
}

export type NewHandle = Omit<HandleRecord, "id" | "sessionKey" | "createTimeMs">;

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

/** `gameTypes` is opaque to clients; the emulator reports the one platform it pretends to be. */
function gameTypes(titleId: string): JsonObject {
  return { "uwp-desktop": { titleId, pfn: "", boundPfns: [] } };
}

/**
 * Wire JSON of a handle (without the optional `include` blocks of /handles/query). Only fields the
 * contract declares for that handle type are sent: strict checkers (redocly respect) refuse others.
 */
export function renderHandle(h: HandleRecord): JsonObject {
  const common: JsonObject = { id: h.id, type: h.type, version: 1, sessionRef: { ...h.sessionRef } };
  switch (h.type) {
    case "activity":
      return {
        ...common,
        titleId: h.titleId,
        ownerXuid: h.ownerXuid,
        createTime: mpsdTime(h.createTimeMs),
        inviteProtocol: h.inviteProtocol,
        gameTypes: gameTypes(h.titleId),
      };
    case "invite":
      return {
        ...common,
        invitedXuid: h.invitedXuid,
        senderXuid: h.ownerXuid,
        inviteAttributes: h.inviteAttributes ?? {},
        expiration: mpsdTime(h.expirationMs ?? h.createTimeMs),
        inviteProtocol: h.inviteProtocol,
        gameTypes: gameTypes(h.titleId),
      };
    case "transfer":
      return {
        ...common,
        originSessionRef: { ...(h.originSessionRef as SessionRef) },
      };
    case "search":
      return {
        ...common,
        ownerXuid: h.ownerXuid,
        createTime: mpsdTime(h.createTimeMs),
        searchAttributes: h.searchAttributes ?? {},
      };
  }
}
