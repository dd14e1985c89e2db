/**
 * The emulator's stored session shape (SessionRecord, MemberRecord) and the facts read off it:
 * storage key, URI path, ETag, 7-digit timestamps, large-session and capacity checks.
 * Records are plain data so that deepEqual can tell whether a write changed anything;
 * session-render.ts turns them into the wire JSON.
 */
import { schemaDefaults } from "../../contract/schema-facts.js";
import { deepEqual, isObject, type Bag, type JsonObject } from "./merge.js";

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

/** Whether a write changed anything a reader can observe (ignoring changeNumber). */
export function sameContent(a: SessionRecord, b: SessionRecord): boolean {
  return (
    a.nextIndex === b.nextIndex &&
    a.searchHandle === b.searchHandle &&
    deepEqual(a.constants, b.constants) &&
    deepEqual(a.properties, b.properties) &&
    deepEqual(a.members, b.members) &&
    deepEqual(a.servers, b.servers) &&
    deepEqual(a.roleTypes, b.roleTypes)
  );
}
