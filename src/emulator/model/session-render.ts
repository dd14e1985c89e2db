/**
 * A stored session as the contract's MultiplayerSession wire JSON: members keyed by index and
 * linked through `next`, membersInfo counts, and for large sessions only the viewer (as "me").
 * The return types are the generated contract types, so a contract change that the renderer does
 * not follow fails the emulator's compile.
 */
import type {
  Member,
  MemberConstants,
  MemberProperties,
  MemberRoles,
  MultiplayerSession,
  RoleTypes,
  ServerEntry,
  SessionConstants,
  SessionProperties,
} from "../../../generated/schema.js";
import { isLarge, memberOf, type MemberRecord, type SessionRecord } from "./session-model.js";

// The stored bags hold JSON that passed the contract's request schemas (or came from templates);
// these casts only name that shape, the field structure around them is checked by the compiler.
function renderMember(m: MemberRecord, next: number): Member {
  const member: Member = {
    next,
    constants: { system: { ...m.constants.system, xuid: m.xuid, index: m.index }, custom: m.constants.custom } as MemberConstants,
    properties: { system: m.properties.system, custom: m.properties.custom } as MemberProperties,
    joinTime: m.joinTime,
  };
  if (m.reserved) member.reserved = true;
  else member.activeTitleId = m.activeTitleId;
  if (m.roles !== undefined) member.roles = m.roles as MemberRoles;
  return member;
}

/** `viewerXuid` matters only for large sessions, which list nobody but the viewer. */
export function renderSession(session: SessionRecord, viewerXuid: string | undefined): MultiplayerSession {
  const members: Record<string, Member> = {};
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
  const out: MultiplayerSession = {
    contractVersion: session.contractVersion,
    correlationId: session.correlationId,
    branch: session.branch,
    changeNumber: session.changeNumber,
    startTime: session.startTime,
    constants: session.constants as SessionConstants,
    properties: session.properties as SessionProperties,
    members,
    membersInfo: {
      first: ms[0]?.index ?? session.nextIndex,
      next: session.nextIndex,
      count: ms.length,
      accepted,
      active,
    },
    servers: session.servers as Record<string, ServerEntry>,
  };
  if (session.roleTypes !== undefined) out.roleTypes = session.roleTypes as RoleTypes;
  if (session.searchHandle !== undefined) out.searchHandle = session.searchHandle;
  return out;
}
