/**
 * Session queries: GET .../sessions with `xuid` or `keyword`, and the batch form POST .../batch with
 * `{ xuids }`, at SCID or template level. Enforces the documented rules (a filter is required,
 * `reservations`/`inactive` need a user, `private`/`reservations` only for the user asking about
 * itself) and returns only sessions the caller may read, at most `take`.
 */
import { checkRead, NO_GRANT } from "../model/access.js";
import type { RequestContext } from "../http/request-context.js";
import { isObject } from "../model/merge.js";
import * as errors from "../errors.js";
import { json, type Reply } from "../http/reply.js";
import { membershipFor, queryResult, sessionMatches, type SessionFilter } from "../model/session-query.js";
import type { JsonObject } from "../model/merge.js";
import type { SessionRecord } from "../model/session-model.js";
import { schemaMaxItems } from "../../contract/schema-facts.js";

/** The result cap (the contract's maxItems), also the default of `take`. */
const MAX_RESULTS = schemaMaxItems("#/components/schemas/SessionQueryResults/properties/results");

function flag(ctx: RequestContext, name: string): boolean {
  return ctx.query.get(name)?.toLowerCase() === "true";
}

function filterOf(ctx: RequestContext): SessionFilter {
  const version = ctx.query.get("version");
  const template = ctx.params["sessionTemplateName"];
  const keyword = ctx.query.get("keyword");
  return {
    ...(template !== undefined ? { templateName: template.toLowerCase() } : {}),
    ...(keyword !== null ? { keyword } : {}),
    ...(version !== null ? { version: Number(version) } : {}),
    includePrivate: flag(ctx, "private"),
    includeReservations: flag(ctx, "reservations"),
    includeInactive: flag(ctx, "inactive"),
  };
}

/** The documented rules; `users` are the xuids the query is about (empty for a keyword query). */
function refusal(ctx: RequestContext, filter: SessionFilter, users: readonly string[]): Reply | undefined {
  if (users.length === 0 && filter.keyword === undefined) return errors.sessionQueryWithoutFilter();
  if ((filter.includeReservations || filter.includeInactive) && users.length === 0) return errors.sessionQueryNeedsXuid();
  if (ctx.query.get("visibility") === "private" && !filter.includePrivate) return errors.privateVisibilityNeedsPrivate();
  const aboutSelf = users.length === 1 && users[0] === ctx.caller.xuid;
  if ((filter.includePrivate || filter.includeReservations) && !aboutSelf) return errors.sessionQueryAboutOthers();
  return undefined;
}

function take(ctx: RequestContext): number {
  const raw = ctx.query.get("take");
  return raw === null ? MAX_RESULTS : Math.min(Number(raw), MAX_RESULTS);
}

function candidates(ctx: RequestContext, filter: SessionFilter): SessionRecord[] {
  const scid = (ctx.params["scid"] ?? "").toLowerCase();
  const out: SessionRecord[] = [];
  for (const session of ctx.state.sessions.entries(ctx.state.now())) {
    if (session.ref.scid.toLowerCase() !== scid || !sessionMatches(session, filter)) continue;
    if (checkRead(session, ctx.caller.xuid, NO_GRANT, ctx.state.graph)) continue;
    out.push(session);
  }
  return out;
}

function answer(ctx: RequestContext, users: readonly string[]): Reply {
  const filter = filterOf(ctx);
  const refused = refusal(ctx, filter, users);
  if (refused) return refused;
  const limit = take(ctx);
  const sessions = candidates(ctx, filter);
  const results: JsonObject[] = [];
  if (users.length === 0) {
    for (const session of sessions.slice(0, limit)) results.push(queryResult(session, undefined));
  } else {
    for (const xuid of users) {
      for (const session of sessions) {
        if (results.length >= limit) break;
        const member = membershipFor(session, xuid, filter);
        if (member) results.push(queryResult(session, member));
      }
    }
  }
  return json(200, { results });
}

export function querySessions(ctx: RequestContext): Reply {
  const xuid = ctx.query.get("xuid");
  return answer(ctx, xuid === null ? [] : [xuid]);
}

export const queryTemplateSessions = querySessions;

export function batchQuerySessions(ctx: RequestContext): Reply {
  if (ctx.query.get("xuid") !== null) return errors.batchQueryWithXuid();
  const body = isObject(ctx.body) ? ctx.body : {};
  const xuids = Array.isArray(body["xuids"]) ? body["xuids"].filter((x): x is string => typeof x === "string") : [];
  return answer(ctx, xuids);
}

export const batchQueryTemplateSessions = batchQuerySessions;
