/**
 * Handle operations: POST /handles (activity, invite, transfer, search), DELETE /handles/{id},
 * GET/PUT /handles/{id}/session (with Content-Location and the access an invite or transfer
 * grants) and POST /handles/query (owners.xuids / owners.people, search filters, `include`).
 */
import { randomUUID } from "node:crypto";
import { schemaDiscriminatorValues, schemaMaxItems } from "../../contract/schema-facts.js";
import * as errors from "../errors.js";
import type { RequestContext } from "../http/request-context.js";
import { empty, json, type Reply } from "../http/reply.js";
import { checkRead, NO_GRANT, type Grant } from "../model/access.js";
import { HANDLE_TYPES, type HandleRecord } from "../model/handle-model.js";
import { inviteProtocolOf, renderHandle, renderQueryResult, type HandleQueryResult } from "../model/handle-render.js";
import { isObject, type JsonObject } from "../model/merge.js";
import { compileFilter, FilterError, orderValue, parseOrderBy, type SearchPredicate } from "../model/search-filter.js";
import { memberOf, sessionKey, sessionPath, type SessionRecord, type SessionRef } from "../model/session-model.js";
import { findTemplate, readSession, writeSessionAt } from "./sessions.js";

/** Queries answer at most this many handles, with no paging (the contract's maxItems). */
const MAX_RESULTS = schemaMaxItems("#/components/schemas/HandleQueryResults/properties/results");
/** The query kinds, in the contract's order. */
const QUERY_TYPES = schemaDiscriminatorValues("HandleQueryRequest");

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function refOf(value: unknown, fillName: boolean): SessionRef {
  const ref = isObject(value) ? value : {};
  const name = str(ref["name"]);
  return { scid: str(ref["scid"]), templateName: str(ref["templateName"]), name: name || (fillName ? randomUUID() : "") };
}

function isReply(value: unknown): value is Reply {
  return isObject(value) && typeof value["status"] === "number";
}

/** The referenced session, provided it exists and the caller is an accepted member of it. */
function sessionOfMember(ctx: RequestContext, ref: SessionRef, what: string): SessionRecord | Reply {
  const template = findTemplate(ctx, ref);
  if (isReply(template)) return template;
  const session = ctx.state.sessions.get(sessionKey(ref), ctx.state.now());
  if (session === undefined) return errors.handleSessionMissing(what);
  const member = memberOf(session, ctx.caller.xuid);
  if (!member || member.reserved) return errors.handleSessionNotMember(what);
  return session;
}

export function createHandle(ctx: RequestContext): Reply {
  const { state, caller } = ctx;
  const body = isObject(ctx.body) ? ctx.body : {};
  const type = body["type"];
  const ref = refOf(body["sessionRef"], true);
  const titleId = state.titleIdFor(ref.scid);

  if (type === "transfer") {
    const origin = sessionOfMember(ctx, refOf(body["originSessionRef"], false), "origin");
    if (isReply(origin)) return origin;
    const target = findTemplate(ctx, ref);
    if (isReply(target)) return target;
    const { handle } = state.handles.add({
      type, sessionRef: ref, ownerXuid: caller.xuid, titleId, inviteProtocol: inviteProtocolOf(origin), originSessionRef: { ...origin.ref },
    });
    return json(201, renderHandle(handle));
  }

  const session = sessionOfMember(ctx, ref, "referenced");
  if (isReply(session)) return session;
  const sessionRef = { ...session.ref };

  if (type === "activity") {
    const current = [...state.handles.activityHandles()].find(
      (h) => h.ownerXuid === caller.xuid && h.sessionKey === sessionKey(sessionRef),
    );
    if (current) return json(200, renderHandle(current));
    const { handle } = state.handles.add({ type, sessionRef, ownerXuid: caller.xuid, titleId, inviteProtocol: inviteProtocolOf(session) });
    return json(201, renderHandle(handle));
  }

  if (type === "invite") {
    const { handle } = state.handles.add({
      type,
      sessionRef,
      ownerXuid: caller.xuid,
      titleId,
      inviteProtocol: inviteProtocolOf(session),
      invitedXuid: str(body["invitedXuid"]),
      inviteAttributes: isObject(body["inviteAttributes"]) ? { ...body["inviteAttributes"] } : {},
      expirationMs: state.now() + state.options.inviteTtlMs,
    });
    return json(201, renderHandle(handle));
  }

  if (type === "search") {
    const caps = session.constants.system["capabilities"];
    if (!isObject(caps) || caps["searchable"] !== true) {
      return errors.sessionNotSearchable();
    }
    const searchAttributes = isObject(body["searchAttributes"]) ? { ...body["searchAttributes"] } : {};
    const { handle } = state.handles.add({ type, sessionRef, ownerXuid: caller.xuid, titleId, inviteProtocol: inviteProtocolOf(session), searchAttributes });
    state.sessions.set({ ...session, searchHandle: handle.id, changeNumber: session.changeNumber + 1 });
    return json(201, renderHandle(handle));
  }
  return errors.unknownHandleType(HANDLE_TYPES);
}

/**
 * The handle document. Its owner and an invite's recipient may read it, and so may anyone who may read
 * its session; to everyone else it does not exist (404), so handle ids cannot be probed.
 */
export function getHandle(ctx: RequestContext): Reply {
  const { state, caller } = ctx;
  const handle = state.handles.get(ctx.params["handleId"] ?? "");
  if (handle === undefined) return errors.handleNotFoundOrExpired();
  const involved = handle.ownerXuid === caller.xuid || (handle.type === "invite" && handle.invitedXuid === caller.xuid);
  if (!involved) {
    const session = state.sessions.get(handle.sessionKey, state.now());
    if (session === undefined || checkRead(session, caller.xuid, grantFor(ctx, handle), state.graph)) {
      return errors.handleNotFoundOrExpired();
    }
  }
  return json(200, renderHandle(handle));
}

export function deleteHandle(ctx: RequestContext): Reply {
  const { state, caller } = ctx;
  const handle = state.handles.get(ctx.params["handleId"] ?? "");
  if (handle === undefined) return errors.handleNotFound();
  const mayDelete = handle.ownerXuid === caller.xuid || (handle.type === "invite" && handle.invitedXuid === caller.xuid);
  if (!mayDelete) return errors.handleDeleteForbidden();
  state.handles.remove(handle.id);
  if (handle.type === "search") {
    const session = state.sessions.get(handle.sessionKey, state.now());
    if (session?.searchHandle === handle.id) {
      const { searchHandle: _gone, ...rest } = session;
      state.sessions.set({ ...rest, changeNumber: session.changeNumber + 1 });
    }
  }
  return empty(204);
}

/** Invite recipients and members of a transfer's origin get past the session's restrictions. */
function grantFor(ctx: RequestContext, handle: HandleRecord): Grant {
  const xuid = ctx.caller.xuid;
  if (handle.type === "invite" && handle.invitedXuid === xuid) return { read: true, join: true };
  if (handle.type === "transfer" && handle.originSessionRef) {
    const origin = ctx.state.sessions.get(sessionKey(handle.originSessionRef), ctx.state.now());
    const member = origin && memberOf(origin, xuid);
    if (member && !member.reserved) return { read: true, join: true };
  }
  return NO_GRANT;
}

function handleOrReply(ctx: RequestContext): HandleRecord | Reply {
  const handle = ctx.state.handles.get(ctx.params["handleId"] ?? "");
  return handle ?? errors.handleNotFoundOrExpired();
}

export function getSessionByHandle(ctx: RequestContext): Reply {
  const handle = handleOrReply(ctx);
  if (isReply(handle)) return handle;
  return readSession(ctx, handle.sessionRef, grantFor(ctx, handle), { "Content-Location": sessionPath(handle.sessionRef) });
}

export function writeSessionByHandle(ctx: RequestContext): Reply {
  const handle = handleOrReply(ctx);
  if (isReply(handle)) return handle;
  const location = { "Content-Location": sessionPath(handle.sessionRef) };
  const reply = writeSessionAt(ctx, handle.sessionRef, isObject(ctx.body) ? ctx.body : {}, {
    grant: grantFor(ctx, handle),
    extraHeaders: location,
    ifNoneMatch: true,
  });
  // A failed precondition still tells the caller where the handle points.
  return reply.status === 412 ? { ...reply, headers: { ...reply.headers, ...location } } : reply;
}

// --- /handles/query --------------------------------------------------------------------------

function peopleOf(ctx: RequestContext, people: JsonObject): ReadonlySet<string> | "everyone" | Reply {
  const monikerXuid = str(people["monikerXuid"]);
  if (monikerXuid !== ctx.caller.xuid) {
    return errors.foreignSocialGraph();
  }
  const graph = ctx.state.graph;
  const followed = graph.followedBy(monikerXuid);
  if (people["moniker"] !== "friends" || followed === "everyone") return followed;
  return new Set([...followed].filter((x) => graph.isFollowing(x, monikerXuid)));
}

export function queryHandles(ctx: RequestContext): Reply {
  const { state } = ctx;
  const body = isObject(ctx.body) ? ctx.body : {};
  const include = new Set((ctx.query.get("include") ?? "").split(",").map((s) => s.trim()).filter(Boolean));
  const now = state.now();
  const results: HandleQueryResult[] = [];
  const readable = (key: string): SessionRecord | undefined => {
    const session = state.sessions.get(key, now);
    return session && !checkRead(session, ctx.caller.xuid, NO_GRANT, state.graph) ? session : undefined;
  };

  if (body["type"] === "activity") {
    const owners = isObject(body["owners"]) ? body["owners"] : {};
    if (owners["xuids"] !== undefined && owners["people"] !== undefined) {
      return errors.ownersBoth();
    }
    let wanted: ReadonlySet<string> | "everyone";
    if (Array.isArray(owners["xuids"])) wanted = new Set(owners["xuids"].map(str));
    else if (isObject(owners["people"])) {
      const people = peopleOf(ctx, owners["people"]);
      if (isReply(people)) return people;
      wanted = people;
    } else return errors.ownersMissing();
    const scid = typeof body["scid"] === "string" ? body["scid"].toLowerCase() : undefined;
    for (const handle of state.handles.activityHandles()) {
      if (results.length >= MAX_RESULTS) break;
      if (wanted !== "everyone" && !wanted.has(handle.ownerXuid)) continue;
      if (wanted === "everyone" && handle.ownerXuid === ctx.caller.xuid) continue;
      if (scid !== undefined && handle.sessionRef.scid.toLowerCase() !== scid) continue;
      const session = readable(handle.sessionKey);
      if (session) results.push(renderQueryResult(session, handle, include));
    }
    return json(200, { results });
  }

  if (body["type"] === "search") {
    let predicate: SearchPredicate | undefined;
    let order: { path: string[]; descending: boolean } = { path: ["Timestamp"], descending: false };
    try {
      if (typeof body["filter"] === "string" && body["filter"].trim() !== "") predicate = compileFilter(body["filter"]);
      if (typeof body["orderBy"] === "string" && body["orderBy"].trim() !== "") order = parseOrderBy(body["orderBy"]);
    } catch (error) {
      if (error instanceof FilterError) return errors.invalidSearchQuery(error.message);
      throw error;
    }
    const scid = str(body["scid"]).toLowerCase();
    const templateName = str(body["templateName"]).toLowerCase();
    const found: Array<{ handle: HandleRecord; session: SessionRecord }> = [];
    for (const handle of state.handles.searchHandles()) {
      if (handle.sessionRef.scid.toLowerCase() !== scid || handle.sessionRef.templateName.toLowerCase() !== templateName) continue;
      if (predicate && !predicate(handle.searchAttributes ?? {})) continue;
      const session = readable(handle.sessionKey);
      if (session) found.push({ handle, session });
    }
    const key = (h: HandleRecord): string | number | undefined => orderValue(h.searchAttributes ?? {}, order.path, h.createTimeMs);
    found.sort((a, b) => {
      const x = key(a.handle);
      const y = key(b.handle);
      if (x === y) return 0;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const cmp = x < y ? -1 : 1;
      return order.descending ? -cmp : cmp;
    });
    for (const { handle, session } of found.slice(0, MAX_RESULTS)) results.push(renderQueryResult(session, handle, include));
    return json(200, { results });
  }
  return errors.unknownQueryType(QUERY_TYPES);
}
