/**
 * Which of MPSD's subscription change types a committed session change covers, so that a member is
 * tapped only for what its `subscription.changeTypes` asks for ("everything" covers any change).
 */
import { deepEqual, isObject, type JsonObject } from "../model/merge.js";
import type { MemberRecord, SessionRecord } from "../model/session-model.js";

export type ChangeType =
  | "everything"
  | "host"
  | "initialization"
  | "matchmakingStatus"
  | "membersList"
  | "membersStatus"
  | "joinability"
  | "customProperty"
  | "membersCustomProperty";

const JOINABILITY_FIELDS = ["joinRestriction", "readRestriction", "joinability", "closed", "locked"];

function system(session: SessionRecord | undefined): JsonObject {
  return session?.properties.system ?? {};
}

function status(member: MemberRecord): string {
  const s = member.properties.system;
  return member.reserved ? "reserved" : s["active"] === true ? "active" : s["ready"] === true ? "ready" : "inactive";
}

export function changeTypesOf(before: SessionRecord | undefined, after: SessionRecord): Set<ChangeType> {
  const out = new Set<ChangeType>(["everything"]);
  const oldMembers = new Map((before?.members ?? []).map((m) => [m.xuid, m]));
  const newMembers = new Map(after.members.map((m) => [m.xuid, m]));
  if (oldMembers.size !== newMembers.size || [...newMembers.keys()].some((x) => !oldMembers.has(x))) out.add("membersList");
  for (const [xuid, member] of newMembers) {
    const old = oldMembers.get(xuid);
    if (old === undefined) continue;
    if (status(old) !== status(member)) out.add("membersStatus");
    if (!deepEqual(old.properties.custom, member.properties.custom)) out.add("membersCustomProperty");
    if (old.constants.system["initialize"] !== member.constants.system["initialize"]) out.add("initialization");
  }
  const a = system(before);
  const b = system(after);
  if (!deepEqual(a["host"], b["host"])) out.add("host");
  if (!deepEqual(a["matchmaking"], b["matchmaking"]) || !deepEqual(a["initializationSucceeded"], b["initializationSucceeded"])) {
    if (!deepEqual(a["matchmaking"], b["matchmaking"])) out.add("matchmakingStatus");
    else out.add("initialization");
  }
  if (JOINABILITY_FIELDS.some((f) => !deepEqual(a[f], b[f]))) out.add("joinability");
  if (!deepEqual(before?.properties.custom, after.properties.custom)) out.add("customProperty");
  return out;
}

/** Whether a member subscription (`properties.system.subscription`) wants a tap for these changes. */
export function subscriptionWants(subscription: unknown, changes: ReadonlySet<ChangeType>): subscription is { id: string; changeTypes: string[] } {
  if (!isObject(subscription) || typeof subscription["id"] !== "string" || !Array.isArray(subscription["changeTypes"])) return false;
  return subscription["changeTypes"].some((t) => typeof t === "string" && changes.has(t as ChangeType));
}
