/**
 * gameserverms operations: allocate a session host (200 / 409 while activating / 503 with
 * Retry-After when the pool is empty) and report an allocation's status.
 */
import * as errors from "../errors.js";
import type { RequestContext } from "../http/request-context.js";
import { json, type Reply } from "../http/reply.js";
import { isObject } from "../model/merge.js";

export function allocateSessionHost(ctx: RequestContext): Reply {
  const body = isObject(ctx.body) ? ctx.body : {};
  const locations = Array.isArray(body["locations"]) ? body["locations"].filter((l): l is string => typeof l === "string") : [];
  const outcome = ctx.state.hosts.allocate(ctx.params["titleId"] ?? "", String(body["sessionId"] ?? ""), locations);
  return outcome.ok ? json(200, outcome.body) : outcome.refusal;
}

export function getAllocationStatus(ctx: RequestContext): Reply {
  const status = ctx.state.hosts.status(ctx.params["titleId"] ?? "", ctx.params["sessionId"] ?? "");
  return status ? json(200, status) : errors.noSuchAllocation();
}
