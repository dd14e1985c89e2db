/**
 * The emulator's stored session shape and its rendering to the MultiplayerSession wire JSON
 * (members keyed by index and linked through `next`, membersInfo, ETag, 7-digit timestamps).
 * Records are plain data so that deepEqual can tell whether a write changed anything.
 */
import { schemaDefaults } from "../../contract/schema-facts.js";
import { isObject, type Bag, type JsonObject } from "./merge.js";

export interface SessionRef {
  readonly scid: string;
  readonly templateName: string;
  readonly name: string;
}

export interface MemberRecord {
  index: number;
  xuid: string;
  constants: Bag;
  properties: Bag;
  roles?: JsonObject;
  reserved: boolean;
  joinTime: string;
  joinTimeMs: number;
  activeTitleId: string;
}

export interface SessionRecord {
  ref: SessionRef;
  constants: Bag;
  properties: Bag;
  /** Ascending by index. */
  members: MemberRecord[];
  nextIndex: number;
  servers: JsonObject;
  roleTypes?: JsonObject;
  branch: string;
  changeNumber: number;
  correlationId: string;
  startTime: string;
  contractVersion: number;
  searchHandle?: string;
  /** When the member list became empty (ms); drives sessionEmptyTimeout. */
  emptySinceMs?: number;
}

/** Storage key: names are case-insensitive in MPSD, so the key is lower-cased. */
export function sessionKey(ref: SessionRef): string {
  return `${ref.scid}~${ref.templateName}~${ref.name}`.toLowerCase();
}

export function sessionPath(ref: SessionRef): string {
  return (
    `/serviceconfigs/${encodeURIComponent(ref.scid)}/sessiontemplates/${encodeURIComponent(ref.templateName)}` +
    `/sessions/${encodeURIComponent(ref.name)}`
  );
}

/** ISO-8601 UTC with seven fractional digits, as MPSD writes timestamps. */
export function mpsdTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

export function etagOf(session: SessionRecord): string {
  return `"${session.changeNumber.toString(16)}-${session.branch}"`;
}

/** Compare a client-sent ETag with the current one, tolerating missing quotes and W/. */
export function etagMatches(sent: string, session: SessionRecord): boolean {
  const norm = (v: string): string => v.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
  const current = norm(etagOf(session));
  return sent.split(",").some((part) => norm(part) === current);
}

export function isLarge(session: SessionRecord): boolean {
  const caps = session.constants.system["capabilities"];
  return isObject(caps) && caps["large"] === true;
}

const DEFAULT_MAX_MEMBERS = schemaDefaults("SessionConstantsSystem")["maxMembersCount"] as number;

export function maxMembers(session: SessionRecord): number {
  const max = session.constants.system["maxMembersCount"];
  return typeof max === "number" ? max : DEFAULT_MAX_MEMBERS;
}

export function memberOf(session: SessionRecord, xuid: string): MemberRecord | undefined {
  return session.members.find((m) => m.xuid === xuid);
}

function renderMember(m: MemberRecord, next: number): JsonObject {
  const out: JsonObject = {
    next,
    constants: { system: { ...m.constants.system, xuid: m.xuid, index: m.index }, custom: m.constants.custom },
    properties: { system: m.properties.system, custom: m.properties.custom },
    joinTime: m.joinTime,
  };
  if (m.reserved) out["reserved"] = true;
  else out["activeTitleId"] = m.activeTitleId;
  if (m.roles !== undefined) out["roles"] = m.roles;
  return out;
}

/**
 * Wire JSON of a session. Large sessions list only the viewer (as "me"), everyone else sees the
 * full list keyed by index.
 */
export function renderSession(session: SessionRecord, viewerXuid: string | undefined): JsonObject {
  const members: JsonObject = {};
  const ms = session.members;
  if (isLarge(session)) {
    const me = viewerXuid === undefined ? undefined : memberOf(session, viewerXuid);
    if (me) members["me"] = renderMember(me, session.nextIndex);
  } else {
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i] as MemberRecord;
      const following = ms[i + 1];
      members[String(m.index)] = renderMember(m, following ? following.index : session.nextIndex);
    }
  }
  let accepted = 0;
  let active = 0;
  for (const m of ms) {
    if (!m.reserved) accepted++;
    if (m.properties.system["active"] === true) active++;
  }
  const out: JsonObject = {
    contractVersion: session.contractVersion,
    correlationId: session.correlationId,
    branch: session.branch,
    changeNumber: session.changeNumber,
    startTime: session.startTime,
    constants: session.constants,
    properties: session.properties,
    members,
    membersInfo: {
      first: ms[0]?.index ?? session.nextIndex,
      next: session.nextIndex,
      count: ms.length,
      accepted,
      active,
    },
    servers: session.servers,
  };
  if (session.roleTypes !== undefined) out["roleTypes"] = session.roleTypes;
  if (session.searchHandle !== undefined) out["searchHandle"] = session.searchHandle;
  return out;
}
