// The contract's operation table (generated from openapi/ by scripts/generate.mjs) and lookups over it.
// Hosts, contract versions, retry rules and rate limits are read from here, never hand-kept.
export type { OperationInfo, RateLimit, RetryMode, RetryRule } from "../../generated/operations.js";
