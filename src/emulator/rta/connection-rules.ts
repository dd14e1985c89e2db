/**
 * MPSD's rules for a member's RTA `connection`, checked on every session write:
 * - a member may write only a ConnectionId that is one of its own live connections (400 otherwise);
 * - on a template with `capabilities.connectionRequiredForActiveMembers`, a member made active without a
 *   live connection is refused (400) in "refuse" mode; in "decay" mode (the default) the write is
 *   accepted and the member becomes inactive once the disconnect grace has passed, as MPSD does when a
 *   connection drops.
 */
import * as errors from "../errors.js";
import { isObject } from "../model/merge.js";
import { memberOf, type SessionRecord } from "../model/session-model.js";
import type { ConnectionRegistry } from "./connection-registry.js";

export type ActiveWithoutConnection = "decay" | "refuse";

export function connectionRequired(session: SessionRecord): boolean {
  const caps = session.constants.system["capabilities"];
  return isObject(caps) && caps["connectionRequiredForActiveMembers"] === true;
}

/** The refusal of the caller's write, or undefined when it may be committed. */
export function checkMemberConnection(
  before: SessionRecord | undefined,
  after: SessionRecord,
  xuid: string,
  registry: ConnectionRegistry,
  mode: ActiveWithoutConnection,
): errors.ErrorReply | undefined {
  const now = memberOf(after, xuid);
  if (now === undefined || now.reserved) return undefined;
  const old = before === undefined ? undefined : memberOf(before, xuid);
  const connection = now.properties.system["connection"];
  const previous = old?.properties.system["connection"];
  const live = typeof connection === "string" && registry.isLiveConnectionOf(connection, xuid);
  if (connection !== undefined && connection !== previous && !live) {
    return errors.connectionNotLive();
  }
  const becameActive = now.properties.system["active"] === true && (old?.properties.system["active"] !== true || connection !== previous);
  if (mode === "refuse" && becameActive && !live && connectionRequired(after)) {
    return errors.activeMemberNeedsConnection();
  }
  return undefined;
}
