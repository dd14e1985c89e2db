/**
 * Session operations over HTTP semantics: reads with If-None-Match (304), writes with If-Match /
 * If-None-Match (every 412 comes from preconditionFailed() here), nocommit dry runs, 201/200/204
 * outcomes and ETags. Also used by the handle routes, which address the same sessions through a handle.
 */
import { checkMemberConnection } from "../rta/connection-rules.js";
import { stringifyJson } from "../../shared/json-codec.js";
import * as errors from "../errors.js";
import { header, type RequestContext } from "../http/request-context.js";
import { empty, type Reply } from "../http/reply.js";
import { checkRead, NO_GRANT, type Grant } from "../model/access.js";
import { isObject, type JsonObject } from "../model/merge.js";
import { etagMatches, etagOf, isLarge, memberOf, sessionKey, type SessionRecord, type SessionRef } from "../model/session-model.js";
import { renderSession } from "../model/session-render.js";
import { applyWrite } from "../model/session-write.js";
import type { TemplateDefinition } from "../model/template-constants.js";

/** Rendered bodies of committed, non-large sessions (records are immutable once stored). */
const renderCache = new WeakMap<SessionRecord, string>();

export function sessionReply(status: number, session: SessionRecord, viewer: string, extra?: Record<string, string>): Reply {
  const headers = { ETag: etagOf(session), ...extra };
  if (isLarge(session)) return { status, json: renderSession(session, viewer), headers };
  let body = renderCache.get(session);
  if (body === undefined) {
    body = stringifyJson(renderSession(session, undefined));
    renderCache.set(session, body);
  }
  return { status, rawJson: body, headers };
}

export function refFromParams(ctx: RequestContext): SessionRef {
  return {
    scid: ctx.params["scid"] ?? "",
    templateName: ctx.params["sessionTemplateName"] ?? "",
    name: ctx.params["sessionName"] ?? "",
  };
}

export function findTemplate(ctx: RequestContext, ref: { scid: string; templateName: string }): TemplateDefinition | Reply {
  const template = ctx.state.templates.find(ref.scid, ref.templateName);
  if (template) return template;
  return errors.templateNotConfigured(ref.scid, ref.templateName);
}

function isReply(value: TemplateDefinition | Reply): value is Reply {
  return "status" in value;
}

/** `conditional`: honour If-None-Match (→ 304); only the direct session GET declares it. */
export function readSession(ctx: RequestContext, ref: SessionRef, grant: Grant, extra?: Record<string, string>, conditional = false): Reply {
  const template = findTemplate(ctx, ref);
  if (isReply(template)) return template;
  const session = ctx.state.sessions.get(sessionKey(ref), ctx.state.now());
  if (session === undefined) return empty(204);
  const denial = checkRead(session, ctx.caller.xuid, grant, ctx.state.graph);
  if (denial) return denial;
  const ifNoneMatch = conditional ? header(ctx, "if-none-match") : undefined;
  if (ifNoneMatch !== undefined && (ifNoneMatch.trim() === "*" || etagMatches(ifNoneMatch, session))) {
    return empty(304, { ETag: etagOf(session) });
  }
  return sessionReply(200, session, ctx.caller.xuid, extra);
}

export interface WriteOptions {
  readonly grant?: Grant;
  /** PUT …/properties: never creates (404 if it never existed, 204 if it is gone), members only. */
  readonly propertiesOnly?: boolean;
  readonly extraHeaders?: Record<string, string>;
  /** Honour `If-None-Match` (only the session PUT declares it; elsewhere it is ignored). */
  readonly ifNoneMatch?: boolean;
}

export function writeSessionAt(ctx: RequestContext, ref: SessionRef, body: JsonObject, options: WriteOptions = {}): Reply {
  const template = findTemplate(ctx, ref);
  if (isReply(template)) return template;
  const { state, caller } = ctx;
  const now = state.now();
  const key = sessionKey(ref);
  const existing = state.sessions.get(key, now);
  const grant = options.grant ?? NO_GRANT;
  if (options.propertiesOnly && existing === undefined) {
    // The sources give both answers: 404 for a session that never existed, 204 for one that vanished.
    return state.sessions.previousCorrelationId(key) === undefined ? errors.sessionNotFound() : empty(204);
  }

  const ifNoneMatch = options.ifNoneMatch ? header(ctx, "if-none-match") : undefined;
  const ifMatch = header(ctx, "if-match");
  if (existing !== undefined && ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === "*" || etagMatches(ifNoneMatch, existing)) return preconditionFailed(ctx, existing, grant);
  }
  if (ifMatch !== undefined) {
    if (existing === undefined) return preconditionFailed(ctx, undefined, grant);
    if (ifMatch.trim() !== "*" && !etagMatches(ifMatch, existing)) return preconditionFailed(ctx, existing, grant);
  }

  const outcome = applyWrite({
    existing,
    body,
    callerXuid: caller.xuid,
    grant,
    ref: existing?.ref ?? ref,
    template,
    titleId: state.titleIdFor(ref.scid),
    now,
    graph: state.graph,
    contractVersion: ctx.contractVersion,
    correlationId: state.sessions.previousCorrelationId(key),
    membersOnly: options.propertiesOnly === true,
  });
  const commit = ctx.query.get("nocommit")?.toLowerCase() !== "true";
  switch (outcome.kind) {
    case "error":
      return outcome.reply;
    case "notCreated":
      return empty(204);
    case "deleted":
      if (commit) state.sessions.delete(key);
      return empty(204);
    case "written": {
      const session = outcome.session;
      // A no-op write by a non-member (e.g. leaving a session one never joined) must not leak a
      // session the caller could not read.
      if (existing && !memberOf(existing, caller.xuid) && !memberOf(session, caller.xuid)) {
        const denial = checkRead(existing, caller.xuid, grant, state.graph);
        if (denial) return denial;
      }
      if (state.options.rta.requireLiveConnections) {
        const refusal = checkMemberConnection(existing, session, caller.xuid, state.connections, state.options.rta.activeWithoutConnection);
        if (refusal !== undefined) return refusal;
      }
      if (commit) {
        if (outcome.changed) state.sessions.set(session);
        for (const xuid of outcome.departed) state.handles.removeActivityFor(xuid, key, ref.scid);
      }
      return sessionReply(outcome.created ? 201 : 200, session, caller.xuid, options.extraHeaders);
    }
  }
}

/**
 * 412 Precondition Failed: the body is the current session when the caller may read it, and empty
 * when the session does not exist or is hidden from the caller.
 */
function preconditionFailed(ctx: RequestContext, current: SessionRecord | undefined, grant: Grant): Reply {
  if (current === undefined || checkRead(current, ctx.caller.xuid, grant, ctx.state.graph)) return empty(412);
  return sessionReply(412, current, ctx.caller.xuid);
}

// --- operations -------------------------------------------------------------------------------

export function getSession(ctx: RequestContext): Reply {
  return readSession(ctx, refFromParams(ctx), NO_GRANT, undefined, true);
}

export function writeSession(ctx: RequestContext): Reply {
  return writeSessionAt(ctx, refFromParams(ctx), isObject(ctx.body) ? ctx.body : {}, { ifNoneMatch: true });
}

export function writeSessionProperties(ctx: RequestContext): Reply {
  return writeSessionAt(ctx, refFromParams(ctx), { properties: ctx.body }, { propertiesOnly: true });
}

export function leaveSession(ctx: RequestContext): Reply {
  return writeSessionAt(ctx, refFromParams(ctx), { members: { me: null } });
}

export function removeMember(ctx: RequestContext): Reply {
  return writeSessionAt(ctx, refFromParams(ctx), { members: { [ctx.params["index"] ?? ""]: null } });
}

export function removeServer(ctx: RequestContext): Reply {
  return writeSessionAt(ctx, refFromParams(ctx), { servers: { [ctx.params["serverName"] ?? ""]: null } });
}
