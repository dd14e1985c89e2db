// Credentials for each attempt, and the one forced refresh after the service rejects them (the policy's
// refresh statuses): the attempt is sent again with fresh credentials (concurrent rejections share one
// refresh). Such a rejection comes before the request is applied, so this holds for writes too.
// Without auth the stage is left out; with static credentials it only attaches them.
import type { Authenticator } from "../auth.js";
import { retryPolicy } from "../retry/policy-source.js";
import { exchange, type Stage } from "./exchange.js";

export function authorizing(auth: Authenticator | undefined): Stage {
  if (auth === undefined) return (next) => next;
  if (!auth.refreshable) {
    // Static credentials: nothing to do after a rejection, so the answer passes straight through.
    return (next) =>
      function authorized(x) {
        const current = auth.current();
        return current instanceof Promise ? current.then((ticket) => next(exchange(x.call, x.attempt, ticket))) : next(exchange(x.call, x.attempt, current));
      };
  }
  return (next) =>
    async function authorized(x) {
      const current = auth.current();
      const ticket = current instanceof Promise ? await current : current;
      const reply = await next(exchange(x.call, x.attempt, ticket));
      if (!retryPolicy.refreshCredentialsStatuses.includes(reply.response.status) || reply.attempts >= x.call.options.maxAttempts) return reply;
      const fresh = await auth.refreshAfter401(ticket);
      if (fresh === undefined) return reply;
      reply.discard();
      return next(exchange(x.call, reply.attempts + 1, fresh));
    };
}
