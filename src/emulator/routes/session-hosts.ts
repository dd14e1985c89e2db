/**
 * gameserverms operations: allocate a session host (200 / 409 while activating / 503 with
 * Retry-After when the pool is empty) and report an allocation's status.
 */
import type { RequestContext } from "../http/request-context.js";
import { isObject } from "../model/merge.js";
import { json, text, type Reply } from "../http/reply.js";

export function allocateSessionHost(ctx: RequestContext): Reply {
  const body = isObject(ctx.body) ? ctx.body : {};
  const locations = Array.isArray(body["locations"]) ? body["locations"].filter((l): l is string => typeof l === "string") : [];
  const outcome = ctx.state.hosts.allocate(ctx.params["titleId"] ?? "", String(body["sessionId"] ?? ""), locations);
  switch (outcome.status) {
    case 200:
      return json(200, outcome.body);
    case 400:
    case 409:
      return text(outcome.status, outcome.message);
    case 503:
      return text(503, outcome.message, { "Retry-After": String(outcome.retryAfterSeconds) });
  }
}

export function getAllocationStatus(ctx: RequestContext): Reply {
  const status = ctx.state.hosts.status(ctx.params["titleId"] ?? "", ctx.params["sessionId"] ?? "");
  return status ? json(200, status) : text(404, "No allocation exists for this sessionId.");
}
