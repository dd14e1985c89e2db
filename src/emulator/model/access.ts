/**
 * Who may read or join a session: visibility, closed, capacity, joinRestriction and
 * readRestriction (none | local | followed), plus the extra access a handle grants (an invite
 * or transfer handle lets its user past the join/read restrictions of an open session).
 * "Followed" is decided by the follow graph from the emulator config. Refusals are errors.ts replies.
 */
import type { Restriction, Visibility } from "../../../generated/schema.js";
import { schemaEnum } from "../../contract/schema-facts.js";
import * as errors from "../errors.js";
import type { ErrorReply } from "../errors.js";
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

const RESTRICTIONS: ReadonlySet<string> = new Set(schemaEnum<Restriction>("Restriction"));
const VISIBILITIES: ReadonlySet<string> = new Set(schemaEnum<Visibility>("Visibility"));

/**
 * The session's join or read restriction. Values compare case-insensitively; when the session sets
 * none, templates with the userAuthorizationStyle capability default to "local", others to "none".
 */
export function restrictionOf(session: SessionRecord, field: "joinRestriction" | "readRestriction"): Restriction {
  const value = session.properties.system[field];
  if (typeof value === "string" && RESTRICTIONS.has(value.toLowerCase())) return value.toLowerCase() as Restriction;
  const caps = session.constants.system["capabilities"];
  return isObject(caps) && caps["userAuthorizationStyle"] === true ? "local" : "none";
}

/** The session's visibility constant (case-insensitive), "open" when unset. */
export function visibilityOf(session: SessionRecord): Visibility {
  const value = session.constants.system["visibility"];
  return typeof value === "string" && VISIBILITIES.has(value.toLowerCase()) ? (value.toLowerCase() as Visibility) : "open";
}

function followedByAMember(session: SessionRecord, xuid: string, graph: FollowGraph): boolean {
  return session.members.some((m) => !m.reserved && graph.isFollowing(m.xuid, xuid));
}

export function checkRead(session: SessionRecord, xuid: string, grant: Grant, graph: FollowGraph): ErrorReply | undefined {
  if (memberOf(session, xuid)) return undefined;
  if (visibilityOf(session) === "private") return errors.privateSessionRead();
  if (grant.read) return undefined;
  return checkRestriction(session, xuid, graph, "read");
}

/** Applies readRestriction or joinRestriction: `followed` needs a member who follows the caller, `local` a grant. */
function checkRestriction(session: SessionRecord, xuid: string, graph: FollowGraph, action: "read" | "join"): ErrorReply | undefined {
  const restriction = restrictionOf(session, action === "read" ? "readRestriction" : "joinRestriction");
  if (restriction === "none") return undefined;
  if (restriction === "followed" && followedByAMember(session, xuid, graph)) return undefined;
  return errors.restrictedSession(action, restriction);
}

/** Checks for a caller who is not yet a member (reservations are accepted without these checks). */
export function checkJoin(session: SessionRecord, xuid: string, grant: Grant, graph: FollowGraph): ErrorReply | undefined {
  const visibility = visibilityOf(session);
  if (visibility === "private") return errors.privateSessionJoin();
  if (visibility === "visible" || visibility === "full") return errors.visibilityNotJoinable(visibility);
  if (session.properties.system["closed"] === true) return errors.sessionClosed();
  if (session.members.length >= maxMembers(session)) return errors.sessionFull();
  if (grant.join) return undefined;
  return checkRestriction(session, xuid, graph, "join");
}

/** MPSD accepts only joinRestriction "none" on a large session. */
export function checkLargeSessionRestriction(session: SessionRecord): ErrorReply | undefined {
  if (!isLarge(session)) return undefined;
  const jr = session.properties.system["joinRestriction"];
  if (typeof jr === "string" && jr.toLowerCase() !== "none") return errors.largeSessionRestriction();
  return undefined;
}
