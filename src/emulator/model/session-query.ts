/**
 * Session queries (by user, by keyword, for several users in a batch): which sessions match the
 * filters and the summary each result carries. Pure: the route decides who may ask what.
 */
import { isObject, type JsonObject } from "./merge.js";
import { maxMembers, memberOf, type MemberRecord, type SessionRecord } from "./session-model.js";

export interface SessionFilter {
  /** Only sessions of this template (lower-cased), or every template of the SCID. */
  readonly templateName?: string;
  readonly keyword?: string;
  /** Maximum session major version. */
  readonly version?: number;
  readonly includePrivate: boolean;
  readonly includeReservations: boolean;
  readonly includeInactive: boolean;
}

type MemberStatus = "active" | "reserved" | "inactive";

function statusOf(member: MemberRecord): MemberStatus {
  if (member.reserved) return "reserved";
  return member.properties.system["active"] === true ? "active" : "inactive";
}

function lower(value: unknown, fallback: string): string {
  return typeof value === "string" ? value.toLowerCase() : fallback;
}

function keywordsOf(session: SessionRecord): string[] {
  const keywords = session.properties.system["keywords"];
  return Array.isArray(keywords) ? keywords.filter((k): k is string => typeof k === "string") : [];
}

/** Does the session pass the filters that do not depend on a user? */
export function sessionMatches(session: SessionRecord, filter: SessionFilter): boolean {
  if (filter.templateName !== undefined && session.ref.templateName.toLowerCase() !== filter.templateName) return false;
  if (!filter.includePrivate && lower(session.constants.system["visibility"], "open") === "private") return false;
  const version = session.constants.system["version"];
  if (filter.version !== undefined && typeof version === "number" && version > filter.version) return false;
  if (filter.keyword !== undefined) {
    const wanted = filter.keyword.toLowerCase();
    if (!keywordsOf(session).some((k) => k.toLowerCase() === wanted)) return false;
  }
  return true;
}

/** The user's membership, if it counts under the filter (active by default; reserved and inactive on request). */
export function membershipFor(session: SessionRecord, xuid: string, filter: SessionFilter): MemberRecord | undefined {
  const member = memberOf(session, xuid);
  if (member === undefined) return undefined;
  const status = statusOf(member);
  if (status === "reserved" && !filter.includeReservations) return undefined;
  if (status === "inactive" && !filter.includeInactive) return undefined;
  return member;
}

/** One query result; the user-specific members only when the session was found through a user. */
export function queryResult(session: SessionRecord, member: MemberRecord | undefined): JsonObject {
  const system = session.properties.system;
  const declared = lower(session.constants.system["visibility"], "open");
  const visibility = declared === "open" && session.members.length >= maxMembers(session) ? "full" : declared;
  const accepted = session.members.filter((m) => !m.reserved).length;
  const out: JsonObject = { startTime: session.startTime, sessionRef: { ...session.ref }, accepted, visibility };
  const joinRestriction = system["joinRestriction"];
  if ((visibility === "open" || visibility === "full") && typeof joinRestriction === "string" && joinRestriction !== "none") {
    out["joinRestriction"] = joinRestriction.toLowerCase();
  }
  out["keywords"] = keywordsOf(session);
  if (member !== undefined) {
    out["xuid"] = member.xuid;
    out["status"] = statusOf(member);
    const turn = system["turn"];
    if (Array.isArray(turn) && turn.includes(member.index)) out["myTurn"] = true;
  }
  return out;
}
