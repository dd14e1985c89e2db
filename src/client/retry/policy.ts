// Decides whether one failed attempt may be sent again, and whether it may have been applied, from
// the contract's retry policy and the operation's rule. Pure: no clock, no I/O.
import type { RetryRule } from "../../contract/operation-types.js";
import { retryPolicy } from "./policy-source.js";

export type AttemptOutcome =
  | { readonly kind: "status"; readonly status: number; readonly hasRetryAfter: boolean }
  | { readonly kind: "network"; readonly beforeSend: boolean }
  | { readonly kind: "timeout" };

export interface RequestFacts {
  readonly ifMatch: string | undefined;
  readonly ifNoneMatch: string | undefined;
  /** `type` of the JSON request body when it has one (POST /handles is discriminated by it). */
  readonly bodyType: string | undefined;
}

/** Can this exact request be applied twice without harm? */
export function isRepeatSafe(rule: RetryRule, facts: RequestFacts): boolean {
  switch (rule.mode) {
    case "safe":
      return true;
    case "conditional": {
      const ifMatch = facts.ifMatch?.trim();
      if (ifMatch !== undefined && ifMatch !== "" && ifMatch !== "*") return true;
      return facts.ifNoneMatch?.trim() === "*";
    }
    case "unsafe":
      return facts.bodyType !== undefined && rule.safeBodyTypes.includes(facts.bodyType);
  }
}

/** True when the outcome proves the service did not apply the request. */
export function provesNotApplied(outcome: AttemptOutcome): boolean {
  if (outcome.kind === "network") return outcome.beforeSend && retryPolicy.notAppliedWhenFailedBeforeSend;
  if (outcome.kind === "timeout") return false;
  const { status } = outcome;
  return (
    retryPolicy.notAppliedStatuses.includes(status) ||
    (outcome.hasRetryAfter && retryPolicy.notAppliedWithRetryAfterStatuses.includes(status))
  );
}

/**
 * Whether the outcome may be retried. A request that is not safe to repeat is retried only when the
 * outcome proves the service did not apply it.
 */
export function isRetryable(rule: RetryRule, facts: RequestFacts, outcome: AttemptOutcome): boolean {
  if (outcome.kind === "status") {
    const { status } = outcome;
    if (retryPolicy.neverRetryStatuses.includes(status)) return false;
    // Statuses the contract adds for one operation (an allocation whose host is not active yet) are retried there.
    if (rule.extraStatuses.includes(status)) return true;
    if (!retryPolicy.retryStatuses.includes(status)) return false;
  }
  return provesNotApplied(outcome) || isRepeatSafe(rule, facts);
}
