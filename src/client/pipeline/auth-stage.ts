// Credentials for each attempt, and the one forced refresh after the service rejects them (the policy's
// refresh statuses): the attempt is sent again with fresh credentials (concurrent rejections share one
// refresh). Such a rejection comes before the request is applied, so this holds for writes too.
// Without auth the stage is left out.
import type { Authenticator, AuthTicket } from "../auth.js";
import { retryPolicy } from "../retry/policy-source.js";
import { type Exchange, exchange, type Reply, type Stage } from "./exchange.js";

export function authorizing(auth: Authenticator | undefined): Stage {
  if (auth === undefined) return (next) => next;
  return (next) => {
    /** Sends with `ticket`; a rejection of it is answered once with fresh credentials, when there are any. */
    const sendWith = (x: Exchange, ticket: AuthTicket): Promise<Reply> =>
      next(exchange(x.call, x.attempt, ticket)).then(async (reply) => {
        if (!retryPolicy.refreshCredentialsStatuses.includes(reply.response.status) || reply.attempts >= x.call.options.maxAttempts) return reply;
        const fresh = await auth.refreshAfter401(ticket);
        if (fresh === undefined) return reply;
        reply.discard();
        return next(exchange(x.call, reply.attempts + 1, fresh));
      });
    return function authorized(x) {
      // Static credentials come synchronously: no extra wait before sending.
      const current = auth.current();
      return current instanceof Promise ? current.then((ticket) => sendWith(x, ticket)) : sendWith(x, current);
    };
  };
}
