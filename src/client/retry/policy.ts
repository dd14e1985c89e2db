// Decides whether one failed attempt may be sent again, from the contract's per-operation retry rule
// (generated/operations.ts) and what is known about the failure. Pure: no clock, no I/O.
import type { RetryRule } from "../../contract/operation-types.js";

/** Retried for every operation, as in the official client and the Xbox Live best-practice docs. */
export const DEFAULT_RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** Never retried, whatever a rule says: the answer would not change (401 has its own refresh path). */
const NEVER_RETRY: ReadonlySet<number> = new Set([400, 401, 403, 404, 412]);

export type AttemptOutcome =
  | { readonly kind: "status"; readonly status: number; readonly hasRetryAfter: boolean }
  | { readonly kind: "network"; readonly beforeSend: boolean }
  | { readonly kind: "timeout" };

export interface RequestFacts {
  readonly ifMatch: string | null;
  readonly ifNoneMatch: string | null;
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

/**
 * Whether the outcome may be retried. An unsafe write is retried only when the service cannot have
 * applied it: 429 (FGRL drops throttled requests), 503 with Retry-After, or a connection that failed
 * before anything was sent.
 */
export function isRetryable(rule: RetryRule, facts: RequestFacts, outcome: AttemptOutcome): boolean {
  if (outcome.kind === "network") return outcome.beforeSend || isRepeatSafe(rule, facts);
  if (outcome.kind === "timeout") return isRepeatSafe(rule, facts);
  const { status } = outcome;
  if (NEVER_RETRY.has(status)) return false;
  // Operation-specific statuses (sessionhosts 409: host not Active yet) are declared idempotent by the contract.
  if (rule.extraStatuses.includes(status)) return true;
  if (!DEFAULT_RETRY_STATUSES.has(status)) return false;
  if (status === 429 || (status === 503 && outcome.hasRetryAfter)) return true;
  return isRepeatSafe(rule, facts);
}
