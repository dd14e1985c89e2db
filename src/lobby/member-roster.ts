// Who is in a session, by xuid, and what changed between two reads: the lobby's joins and leaves.
// Pure functions over the session document; the lobby keeps the previous roster between reads.
import type { components } from "../../generated/schema.js";
import type { LobbyMember } from "./lobby-types.js";

type Session = components["schemas"]["MultiplayerSession"];
type Member = components["schemas"]["Member"];

/** Members keyed by xuid (members without one, e.g. reservations in flight, are left out). */
export type Roster = ReadonlyMap<string, LobbyMember>;

export function rosterOf(session: Session): Roster {
  const out = new Map<string, LobbyMember>();
  for (const [key, member] of Object.entries(session.members ?? {})) {
    const xuid = member.constants?.system?.xuid;
    if (typeof xuid !== "string") continue;
    const index = member.constants?.system?.index ?? Number(key);
    out.set(xuid, { xuid, index: Number.isInteger(index) ? index : -1 });
  }
  return out;
}

/** The member entry of `xuid`, if it is in the session. */
export function memberOf(session: Session, xuid: string): Member | undefined {
  for (const member of Object.values(session.members ?? {})) {
    if (member.constants?.system?.xuid === xuid) return member;
  }
  return undefined;
}

/** Joins and leaves from `before` to `after`, leaving out `self`. */
export function rosterChanges(before: Roster, after: Roster, self: string): { joined: LobbyMember[]; left: LobbyMember[] } {
  const joined: LobbyMember[] = [];
  const left: LobbyMember[] = [];
  for (const [xuid, member] of after) if (xuid !== self && !before.has(xuid)) joined.push(member);
  for (const [xuid, member] of before) if (xuid !== self && !after.has(xuid)) left.push(member);
  return { joined, left };
}
