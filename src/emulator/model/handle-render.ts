/**
 * A stored handle as the contract's wire JSON: one renderer per handle type sending only the fields
 * the contract declares for it (strict checkers such as redocly respect refuse others), and the
 * `include` blocks of /handles/query (relatedInfo, customProperties, roleInfo). The return types
 * are the generated contract types, so a contract change the renderers do not follow fails the compile.
 */
import type {
  ActivityHandle,
  CustomProperties,
  Handle,
  HandleQueryResults,
  InviteAttributes,
  InviteHandle,
  RelatedInfo,
  RoleTypes,
  SearchAttributes,
  SearchHandle,
  SessionReference,
  TransferHandle,
} from "../../../generated/schema.js";
import { restrictionOf, visibilityOf } from "./access.js";
import type { HandleRecord } from "./handle-model.js";
import { maxMembers, mpsdTime, type SessionRecord, type SessionRef } from "./session-model.js";

export type HandleQueryResult = HandleQueryResults["results"][number];

const ref = (r: SessionRef): SessionReference => ({ ...r });

/** The fields every handle type carries. */
const common = (h: HandleRecord) => ({ id: h.id, version: 1 as const, sessionRef: ref(h.sessionRef) });

/** `gameTypes` is opaque to clients; the emulator reports the one platform it pretends to be. */
function gameTypes(titleId: string): Record<string, unknown> {
  return { "uwp-desktop": { titleId, pfn: "", boundPfns: [] } };
}

/** The session's invite protocol constant, "game" when unset. */
export function inviteProtocolOf(session: SessionRecord): string {
  const protocol = session.constants.system["inviteProtocol"];
  return typeof protocol === "string" ? protocol : "game";
}

function activityHandle(h: HandleRecord): ActivityHandle {
  return {
    ...common(h),
    type: "activity",
    titleId: h.titleId,
    ownerXuid: h.ownerXuid,
    createTime: mpsdTime(h.createTimeMs),
    inviteProtocol: h.inviteProtocol,
    gameTypes: gameTypes(h.titleId),
  };
}

function inviteHandle(h: HandleRecord): InviteHandle {
  return {
    ...common(h),
    type: "invite",
    invitedXuid: h.invitedXuid ?? "",
    senderXuid: h.ownerXuid,
    // Stored as the request sent it, which the contract's request schema already checked.
    inviteAttributes: (h.inviteAttributes ?? {}) as InviteAttributes,
    expiration: mpsdTime(h.expirationMs ?? h.createTimeMs),
    inviteProtocol: h.inviteProtocol,
    gameTypes: gameTypes(h.titleId),
  };
}

function transferHandle(h: HandleRecord): TransferHandle {
  return {
    ...common(h),
    type: "transfer",
    originSessionRef: ref(h.originSessionRef as SessionRef),
  };
}

function searchHandle(h: HandleRecord): SearchHandle {
  return {
    ...common(h),
    type: "search",
    ownerXuid: h.ownerXuid,
    createTime: mpsdTime(h.createTimeMs),
    searchAttributes: (h.searchAttributes ?? {}) as SearchAttributes,
  };
}

/** Wire JSON of a handle, without the optional `include` blocks of /handles/query. */
export function renderHandle(h: HandleRecord): Handle {
  switch (h.type) {
    case "activity":
      return activityHandle(h);
    case "invite":
      return inviteHandle(h);
    case "transfer":
      return transferHandle(h);
    case "search":
      return searchHandle(h);
  }
}

/** The `relatedInfo` summary of a handle's session; an open session without a free slot reports "full". */
function relatedInfo(session: SessionRecord, handle: HandleRecord): RelatedInfo {
  const system = session.properties.system;
  const visibility = visibilityOf(session);
  const full = session.members.length >= maxMembers(session);
  const info: RelatedInfo = {
    visibility: visibility === "open" && full ? "full" : visibility,
    joinRestriction: restrictionOf(session, "joinRestriction"),
    closed: system["closed"] === true,
    maxMembersCount: maxMembers(session),
    membersCount: session.members.length,
    inviteProtocol: inviteProtocolOf(session),
    postedTime: mpsdTime(handle.createTimeMs),
  };
  if (handle.type === "search") {
    const owners = Array.isArray(system["owners"]) ? system["owners"] : [];
    info.sessionOwners = session.members.filter((m) => owners.includes(m.index)).map((m) => m.xuid);
  }
  return info;
}

/** One result of /handles/query (activity or search handles only), with the blocks `include` asks for. */
export function renderQueryResult(session: SessionRecord, handle: HandleRecord, include: ReadonlySet<string>): HandleQueryResult {
  const out: HandleQueryResult = handle.type === "search" ? searchHandle(handle) : activityHandle(handle);
  if (include.has("relatedInfo")) out.relatedInfo = relatedInfo(session, handle);
  if (include.has("customProperties")) out.customProperties = session.properties.custom as CustomProperties;
  if (include.has("roleInfo") && out.type === "search") out.roleInfo = { roleTypes: (session.roleTypes ?? {}) as RoleTypes };
  return out;
}
