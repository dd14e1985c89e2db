/**
 * One session PUT as a pure function: (current record, request body, caller) → new record or a
 * refusal. Covers create-from-template, join (explicit `members.me` or implicit), leave
 * (`me: null`), reservations (`reserve_N`), property merges, constants conflicts (409) and the
 * "last member left" deletion. Preconditions (If-Match…) and persistence are routes/sessions.ts.
 */
import { randomUUID } from "node:crypto";
import * as errors from "../errors.js";
import type { ErrorReply } from "../errors.js";
import { checkJoin, checkLargeSessionRestriction, type FollowGraph, type Grant } from "./access.js";
import { isXuid } from "./identifiers.js";
import { deepEqual, deepMerge, emptyBag, isObject, mergeBag, replaceFields, type Bag, type JsonObject } from "./merge.js";
import {
  isLarge,
  maxMembers,
  memberOf,
  mpsdTime,
  sameContent,
  type MemberRecord,
  type SessionRecord,
  type SessionRef,
} from "./session-model.js";
import { constantsFromTemplate, type TemplateDefinition } from "./template-constants.js";

export interface WriteInput {
  readonly existing: SessionRecord | undefined;
  readonly body: JsonObject;
  readonly callerXuid: string;
  readonly grant: Grant;
  readonly ref: SessionRef;
  readonly template: TemplateDefinition;
  readonly titleId: string;
  readonly now: number;
  readonly graph: FollowGraph;
  readonly contractVersion: number;
  /** Reused when a session with this name existed before. */
  readonly correlationId?: string;
  /** PUT …/properties: the caller must already be a member (no implicit join). */
  readonly membersOnly?: boolean;
}

export type WriteOutcome =
  | { readonly kind: "error"; readonly reply: ErrorReply }
  /** The request would create an empty session: nothing is stored (204). */
  | { readonly kind: "notCreated" }
  /** The last member left and sessionEmptyTimeout is 0: the session is gone (204). */
  | { readonly kind: "deleted"; readonly departed: readonly string[] }
  | {
      readonly kind: "written";
      readonly created: boolean;
      readonly changed: boolean;
      readonly session: SessionRecord;
      readonly departed: readonly string[];
    };

const fail = (reply: ErrorReply): WriteOutcome => ({ kind: "error", reply });

export function applyWrite(input: WriteInput): WriteOutcome {
  const { existing, body, callerXuid, now } = input;
  const membersReq = isObject(body["members"]) ? body["members"] : {};
  const created = existing === undefined;
  let draft: SessionRecord;

  if (existing === undefined) {
    if (membersReq["me"] === null) return { kind: "notCreated" };
    const constants = constantsFromTemplate(input.template, body["constants"]);
    if (!constants.ok) return fail(errors.constantsConflictWithTemplate(constants.conflict, input.ref.templateName));
    draft = {
      ref: input.ref,
      constants: constants.constants,
      properties: emptyBag(),
      members: [],
      nextIndex: 0,
      servers: {},
      branch: randomUUID(),
      changeNumber: 0,
      correlationId: input.correlationId ?? randomUUID(),
      startTime: mpsdTime(now),
      contractVersion: input.contractVersion,
    };
  } else {
    if (body["constants"] !== undefined) {
      const conflict = constantsChange(existing.constants, body["constants"], "/constants", false);
      if (conflict !== undefined) return fail(errors.constantsConflictWithSession(conflict));
    }
    draft = { ...existing, members: existing.members.map((m) => ({ ...m })) };
  }

  if (isObject(body["servers"]) && Object.keys(body["servers"]).length > 0) {
    return fail(errors.serversNeedServerPrincipal());
  }

  // --- members: the caller's own entry ("me" or its own index), then reservations.
  const departed: string[] = [];
  let me = memberOf(draft, callerXuid);
  for (const key of Object.keys(membersReq)) {
    if (key === "me" || /^reserve_\d+$/.test(key)) continue;
    if (!/^(0|[1-9]\d{0,8})$/.test(key)) {
      return fail(errors.notAMemberKey(key));
    }
    if (me !== undefined && me.index === Number(key)) continue;
    if (membersReq[key] === null) return fail(errors.removingMemberNeedsServerPrincipal(key));
    return fail(errors.notOwnMemberEntry(key));
  }
  const selfKey = "me" in membersReq ? "me" : me !== undefined && String(me.index) in membersReq ? String(me.index) : "me";
  const selfReq = membersReq[selfKey];

  if (selfReq === null) {
    if (me !== undefined) {
      const leaving = me;
      draft.members = draft.members.filter((m) => m !== leaving);
      departed.push(callerXuid);
      me = undefined;
    }
  } else {
    if (selfReq !== undefined && !isObject(selfReq)) return fail(errors.memberEntryNotObject(selfKey));
    if (input.membersOnly && (me === undefined || me.reserved)) return fail(errors.propertiesWriteMembersOnly());
    let joining = false;
    if (me === undefined) {
      if (!created) {
        const denial = checkJoin(draft, callerXuid, input.grant, input.graph);
        if (denial) return fail(denial);
      }
      me = {
        index: draft.nextIndex,
        xuid: callerXuid,
        constants: emptyBag(),
        properties: emptyBag(),
        reserved: false,
        joinTime: mpsdTime(now),
        joinTimeMs: now,
        activeTitleId: input.titleId,
      };
      draft.nextIndex += 1;
      draft.members.push(me);
      joining = true;
    } else if (me.reserved) {
      me.reserved = false;
      me.joinTime = mpsdTime(now);
      me.joinTimeMs = now;
      me.activeTitleId = input.titleId;
      joining = true;
    }
    const error = applyMemberRequest(me, selfReq ?? {}, callerXuid, `/members/${selfKey}`, joining);
    if (error) return error;
  }

  const reserveKeys = Object.keys(membersReq).filter((k) => /^reserve_\d+$/.test(k));
  if (reserveKeys.length > 0) {
    if (isLarge(draft)) return fail(errors.largeSessionReservation());
    if (me === undefined) return fail(errors.reservationNeedsMember());
    for (const key of reserveKeys) {
      const reservation = membersReq[key];
      if (!isObject(reservation)) return fail(errors.reservationNotObject(key));
      const constants = isObject(reservation["constants"]) ? reservation["constants"] : {};
      const system = isObject(constants["system"]) ? constants["system"] : {};
      const xuid = system["xuid"];
      if (typeof xuid !== "string" || !isXuid(xuid)) return fail(errors.reservationXuid(key));
      if (memberOf(draft, xuid) !== undefined) continue; // already in (or reserved): nothing to add
      if (draft.members.length >= maxMembers(draft)) return fail(errors.reservationSessionFull(key));
      const { xuid: _x, index: _i, ...rest } = system;
      draft.members.push({
        index: draft.nextIndex,
        xuid,
        constants: { system: rest, custom: isObject(constants["custom"]) ? deepMerge({}, constants["custom"]) : {} },
        properties: emptyBag(),
        reserved: true,
        joinTime: mpsdTime(now),
        joinTimeMs: now,
        activeTitleId: input.titleId,
      });
      draft.nextIndex += 1;
    }
  }

  // --- session-level properties and role types: members only.
  if (body["properties"] !== undefined && body["properties"] !== null) {
    if (me === undefined || me.reserved) return fail(errors.fieldMembersOnly("/properties"));
    draft.properties = mergeBag(draft.properties, body["properties"]);
    const largeError = checkLargeSessionRestriction(draft);
    if (largeError) return fail(largeError);
  }
  if (body["roleTypes"] !== undefined) {
    if (me === undefined || me.reserved) return fail(errors.fieldMembersOnly("/roleTypes"));
    if (body["roleTypes"] === null) delete draft.roleTypes;
    else if (isObject(body["roleTypes"])) draft.roleTypes = deepMerge(draft.roleTypes ?? {}, body["roleTypes"]);
  }

  if (draft.members.length === 0) {
    if (created) return { kind: "notCreated" };
    if (draft.constants.system["sessionEmptyTimeout"] === 0) return { kind: "deleted", departed };
    draft.emptySinceMs = existing?.emptySinceMs ?? now;
  } else {
    delete draft.emptySinceMs;
  }

  if (existing !== undefined && sameContent(existing, draft)) {
    return { kind: "written", created: false, changed: false, session: existing, departed };
  }
  draft.changeNumber = (existing?.changeNumber ?? 0) + 1;
  return { kind: "written", created, changed: true, session: draft, departed };
}

/** Apply `members.me` (or the caller's own index) to the caller's member record. */
function applyMemberRequest(
  member: MemberRecord,
  req: JsonObject,
  callerXuid: string,
  path: string,
  joining: boolean,
): WriteOutcome | undefined {
  const constants = req["constants"];
  if (isObject(constants)) {
    const system = constants["system"];
    if (isObject(system) && system["xuid"] !== undefined && system["xuid"] !== callerXuid) return fail(errors.notOwnXuid(path));
    const { xuid: _x, index: _i, ...systemRest } = isObject(system) ? system : {};
    const wanted = { system: systemRest, custom: isObject(constants["custom"]) ? constants["custom"] : {} };
    const conflict = constantsChange(member.constants, wanted, `${path}/constants`, joining);
    if (conflict !== undefined) return fail(errors.memberConstantsConflict(conflict));
    if (joining) {
      member.constants = {
        system: { ...member.constants.system, ...deepMerge({}, wanted.system) },
        custom: deepMerge(member.constants.custom, wanted.custom),
      };
    }
  }
  if (req["properties"] !== undefined) {
    member.properties = mergeBag(member.properties, req["properties"]);
    if (member.properties.system["active"] === true && member.properties.system["ready"] === true) {
      return fail(errors.activeAndReady(path));
    }
  }
  const roles = req["roles"];
  if (roles === null) delete member.roles;
  else if (isObject(roles)) member.roles = replaceFields(member.roles ?? {}, roles);
  return undefined;
}

/**
 * First constant path the request would change. Repeating a value is fine; adding a new key is
 * fine only while `allowAdd` (member join); `null` never deletes a constant.
 */
function constantsChange(current: Bag, requested: unknown, prefix: string, allowAdd: boolean): string | undefined {
  if (!isObject(requested)) return undefined;
  for (const half of ["system", "custom"] as const) {
    const want = requested[half];
    if (want === undefined) continue;
    if (!isObject(want)) return `${prefix}/${half}`;
    const diff = leafChange(current[half], want, `${prefix}/${half}`, allowAdd);
    if (diff !== undefined) return diff;
  }
  return undefined;
}

function leafChange(current: JsonObject, want: JsonObject, prefix: string, allowAdd: boolean): string | undefined {
  for (const [key, value] of Object.entries(want)) {
    const path = `${prefix}/${key}`;
    if (!Object.prototype.hasOwnProperty.call(current, key)) {
      if (allowAdd && value !== null) continue;
      return path;
    }
    const have = current[key];
    if (isObject(have) && isObject(value)) {
      const inner = leafChange(have, value, path, allowAdd);
      if (inner !== undefined) return inner;
    } else if (!deepEqual(have, value)) {
      return path;
    }
  }
  return undefined;
}
