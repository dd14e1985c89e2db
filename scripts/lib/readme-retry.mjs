// @ts-check
// The README's retry and rate-limit section, rendered from the contract: the retry classes, the
// client-wide policy (x-xbl-retry-policy), the per-operation "already done" answers and the limits the
// opt-in limiter keeps to. It lives between `retry-policy` markers; `npm run generate` writes it.
import { statusList, unsafeRetryText } from "./retry-policy.mjs";

/** @typedef {import("../../src/contract/operation-types.js").RetryPolicy} RetryPolicy */
/** @typedef {import("../../src/contract/operation-types.js").OperationInfo} OperationInfo */
/** @typedef {import("../../src/contract/operation-types.js").RateLimit} RateLimit */

export const RETRY_REGION = "retry-policy";

/** @param {number} seconds */
const period = (seconds) => `${seconds} s`;

/**
 * @param {RetryPolicy} policy
 * @param {Readonly<Record<string, OperationInfo>>} operations
 */
export function renderRetrySection(policy, operations) {
  const ops = Object.values(operations);
  const lines = [
    "Retry classes come from each operation's `x-xbl-retry` extension, the rest from the contract's",
    "client-wide `x-xbl-retry-policy`:",
    "",
    `- **safe**: retried on network errors, timeouts and ${statusList(policy.retryStatuses)} (plus any listed extra status).`,
    "- **conditional**: safe only when the request carries a concrete ETag in `If-Match` (or",
    "  `If-None-Match: *`); otherwise handled as unsafe.",
    `- **unsafe**: retried only when the service cannot have applied the request: ${unsafeRetryText(policy)}.`,
    `- Never retried, whatever an operation adds: ${statusList(policy.neverRetryStatuses)}. After ${statusList(policy.refreshCredentialsStatuses)}`,
    "  the credentials are refreshed once and the request sent again.",
    `- A \`Retry-After\` on ${statusList(policy.rememberRetryAfterStatuses)} is remembered per user, host and operation; calls to that`,
    "  operation fail locally with `XblThrottledError` until it passes.",
  ];
  for (const op of ops.filter((o) => o.retry.alreadyDoneStatuses.length > 0)) {
    lines.push(
      `- \`${op.operationId}\`: ${statusList(op.retry.alreadyDoneStatuses)} on a retry after an attempt that may have been applied means that`,
      "  attempt did the work; the call succeeds without `data`.",
    );
  }
  lines.push(
    "",
    "| Setting | Default | Meaning |",
    "| --- | --- | --- |",
    `| \`retry.baseDelayMs\` | ${policy.baseDelayMs} | first backoff step; each wait is drawn between the step and twice it, the step doubling per retry |`,
    `| \`retry.maxDelayMs\` | ${policy.maxDelayMs} | longest single backoff |`,
    `| \`retry.budgetMs\` | ${policy.budgetMs} | total waiting per call; a wait that does not fit fails the call at once |`,
    `| \`retry.maxAttempts\` | ${policy.maxAttempts} | attempts per call, whatever the budget |`,
    `| \`retry.attemptTimeoutMs\` | ${policy.attemptTimeoutMs} | one attempt, body included; 0 turns it off |`,
    `| \`retry.retryAfterMaxFactor\` | ${policy.retryAfterMaxFactor} | a \`Retry-After\` of t is waited for between t and t times this (never less than the backoff) |`,
    `| \`retry.retryAfterMaxMs\` | ${policy.retryAfterMaxMs} | longest \`Retry-After\` honoured or remembered |`,
    `| \`maxResponseBytes\` | ${policy.maxResponseBytes} | larger bodies fail with \`XblResponseError\` \`too-large\` |`,
    `| \`updateSession\` \`maxTries\` | ${policy.reapplyMaxTries} | writes before a run of failed preconditions is given up |`,
    "",
    "The opt-in `limiter` keeps every user under the contract's limits (`x-xbl-rate-limits`):",
    "",
    "| Window | Counts | Limits |",
    "| --- | --- | --- |",
  );
  /** @type {Map<string, { counts: string[], limits: readonly RateLimit[] }>} */
  const windows = new Map();
  for (const op of ops) {
    const host = `host ${new URL(op.host).host}`;
    if (op.rateLimits.length > 0 && !windows.has(host)) windows.set(host, { counts: ["every operation there"], limits: op.rateLimits });
    for (const rule of op.rateLimitRules) {
      const key = `bucket \`${rule.bucket}\``;
      const who = `\`${op.operationId}\`${rule.handleTypes ? ` (${rule.handleTypes.join(", ")} handles)` : ""}`;
      windows.set(key, { counts: [...(windows.get(key)?.counts ?? []), who], limits: rule.limits });
    }
  }
  for (const [name, { counts, limits }] of windows) {
    lines.push(`| ${name} | ${counts.join(", ")} | ${limits.map((l) => `${l.requests} per ${period(l.periodSeconds)}`).join("; ")} |`);
  }
  return lines.join("\n");
}
