// The shape of one row of the contract's operation table. generated/operations.ts holds the rows (derived
// from openapi/ by the generator); this module names their types, so the table is checked against them
// at compile time and every layer above reads one typed table.
export type RetryMode = "safe" | "conditional" | "unsafe";

/** How an operation may be retried, from its `x-xbl-retry` extension. */
export interface RetryRule {
  readonly mode: RetryMode;
  /** Statuses retried for this operation on top of the default set. */
  readonly extraStatuses: readonly number[];
  /** Body `type` values for which an unsafe operation may be repeated. */
  readonly safeBodyTypes: readonly string[];
}

/** A per-user request limit of the operation's host, from the server's `x-xbl-rate-limits`. */
export interface RateLimit {
  readonly requests: number;
  readonly periodSeconds: number;
}

/**
 * An operation's own limits (its `x-xbl-rate-limits`), on top of the host's. Operations naming the same
 * bucket share one window per user; `handleTypes` narrows the rule to requests about handles of those
 * types (null: every request of the operation).
 */
export interface RateLimitRule {
  readonly bucket: string;
  readonly handleTypes: readonly string[] | null;
  readonly limits: readonly RateLimit[];
}

/** How array query parameters are serialized (e.g. `include` as a comma list). */
export interface ArrayQueryStyle {
  readonly style: "form" | "spaceDelimited" | "pipeDelimited";
  readonly explode: boolean;
}

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE";

export interface OperationInfo {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template exactly as written in the contract. */
  readonly path: string;
  /** The origin the operation is served from (the contract's `servers`). */
  readonly host: string;
  /** The x-xbl-contract-version the client sends, or null for an operation that takes none. */
  readonly contractVersion: string | null;
  readonly retry: RetryRule;
  readonly rateLimits: readonly RateLimit[];
  readonly rateLimitRules: readonly RateLimitRule[];
  /** How array query parameters are written, or null when the operation has none. */
  readonly arrayQuery: ArrayQueryStyle | null;
}
