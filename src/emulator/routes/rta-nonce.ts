/** GET /nonce (rta.xboxlive.com): a single-use nonce for opening the RTA websocket without headers. */
import type { RequestContext } from "../http/request-context.js";
import { json, type Reply } from "../http/reply.js";

export function getRtaNonce(ctx: RequestContext): Reply {
  return json(200, { nonce: ctx.state.nonces.issue(ctx.caller) });
}
