// The contract's client-wide retry policy (its root `x-xbl-retry-policy`), as generated into
// generated/operations.ts, typed. Per-operation facts (extra statuses, answers that mean "already done",
// bodiless successes) are on each operation's row. The client keeps no status, rule or limit of its own.
import { retryPolicy as generated } from "../../../generated/operations.js";
import type { RetryPolicy } from "../../contract/operation-types.js";

export type { RetryPolicy } from "../../contract/operation-types.js";

export const retryPolicy: RetryPolicy = generated;
