/**
 * Who may read or join a session: visibility, closed, capacity, joinRestriction and
 * readRestriction (none | local | followed), plus the extra access a handle grants (an invite
 * or transfer handle lets its user past the join/read restrictions of an open session).
 * "Followed" is decided by the follow graph from the emulator config.
 */
import { isObject } from "./merge.js";
import { isLarge, maxMembers, memberOf, type SessionRecord } from "./session-model.js";

export class FollowGraph {
  private readonly follows = new Map<string, Set<string>>();
  constructor(
    edges: Readonly<Record<string, readonly string[]>> = {},
    private readonly everyoneFollowsEveryone = false,
  ) {
    for (const [from, tos] of Object.entries(edges)) this.follows.set(from, new Set(tos));
  }

  /** Does `from` follow `to`? */
  isFollowing(from: string, to: string): boolean {
    if (this.everyoneFollowsEveryone) return from !== to;
    return this.follows.get(from)?.has(to) ?? false;
  }

  /** The people `xuid` follows (the "people" moniker). */
  followedBy(xuid: string): ReadonlySet<string> | "everyone" {
    if (this.everyoneFollowsEveryone) return "everyone";
    return this.follows.get(xuid) ?? new Set();
  }
}

/** Extra rights granted by the handle a request came through. */
export interface Grant {
  readonly read: boolean;
  readonly join: boolean;
}

export const NO_GRANT: Grant = { read: false, join: false };

export interface Denial {
  readonly status: 400 | 403;
  readonly message: string;
}

type Restriction = "none" | "local" | "followed";

function restriction(session: SessionRecord, field: "joinRestriction" | "readRestriction"): Restriction {
  const value = session.properties.system[field];
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    if (lower === "none" || lower === "local" || lower === "followed") return lower;
  }
  // userAuthorizationStyle templates default both restrictions to "local" (XLD-TC).
  const caps = session.constants.system["capabilities"];
  return isObject(caps) && caps["userAuthorizationStyle"] === true ? "local" : "none";
}

function visibility(session: SessionRecord): string {
  const v = session.constants.system["visibility"];
  return typeof v === "string" ? v.toLowerCase() : "open";
}

function followedByAMember(session: SessionRecord, xuid: string, graph: FollowGraph): boolean {
  return session.members.some((m) => !m.reserved && graph.isFollowing(m.xuid, xuid));
}

export const PRIVATE_READ_DENIED =
  "The requested session cannot be accessed. Private Sessions can only be read by members of the session.";

export function checkRead(session: SessionRecord, xuid: string, grant: Grant, graph: FollowGraph): Denial | undefined {
  if (memberOf(session, xuid)) return undefined;
  if (visibility(session) === "private") return { status: 403, message: PRIVATE_READ_DENIED };
  if (grant.read) return undefined;
  return checkRestriction(session, xuid, graph, "read");
}

const RESTRICTION_ADVICE = { read: "only members can read it", join: "join through an invite or transfer handle" } as const;

/** Applies readRestriction or joinRestriction: `followed` needs a member who follows the caller, `local` a grant. */
function checkRestriction(session: SessionRecord, xuid: string, graph: FollowGraph, action: "read" | "join"): Denial | undefined {
  const field = action === "read" ? "readRestriction" : "joinRestriction";
  switch (restriction(session, field)) {
    case "none":
      return undefined;
    case "followed":
      if (followedByAMember(session, xuid, graph)) return undefined;
      return {
        status: 403,
        message: `The requested session cannot be ${action === "read" ? "accessed" : "joined"}. Its ${field} is 'followed' and no member follows the caller.`,
      };
    case "local":
      return {
        status: 403,
        message: `The requested session cannot be ${action === "read" ? "accessed" : "joined"}. Its ${field} is 'local'; ${RESTRICTION_ADVICE[action]}.`,
      };
  }
}

/** Checks for a caller who is not yet a member (reservations are accepted without these checks). */
export function checkJoin(session: SessionRecord, xuid: string, grant: Grant, graph: FollowGraph): Denial | undefined {
  const vis = visibility(session);
  if (vis === "private") {
    return { status: 403, message: "The session is private: only users with a reservation can join it." };
  }
  if (vis === "visible" || vis === "full") {
    return { status: 400, message: `The session's visibility is '${vis}': it cannot be joined.` };
  }
  if (session.properties.system["closed"] === true) {
    return { status: 403, message: "The session is closed: no new members can join." };
  }
  if (session.members.length >= maxMembers(session)) {
    return { status: 400, message: "The session is full (maxMembersCount reached)." };
  }
  if (grant.join) return undefined;
  return checkRestriction(session, xuid, graph, "join");
}

/** Large sessions only allow joinRestriction 'none' (mpsd-reference §7). */
export function largeRestrictionError(session: SessionRecord): string | undefined {
  if (!isLarge(session)) return undefined;
  const jr = session.properties.system["joinRestriction"];
  if (typeof jr === "string" && jr.toLowerCase() !== "none") {
    return "/properties/system/joinRestriction must be 'none' on a large session";
  }
  return undefined;
}
