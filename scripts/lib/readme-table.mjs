// @ts-check
// The README's operations table, rendered from the operation table, and the marked region of
// README.md it lives in. `npm run generate` writes the region; `--check` and
// test/contract/readme-table.test.ts fail when it differs, so nobody pastes it by hand.

/** @typedef {import("../../src/contract/operation-types.js").OperationInfo} OperationInfo */
/** @typedef {import("../../src/contract/operation-types.js").RetryRule} RetryRule */

export const TABLE_START = "<!-- operations:start -->";
export const TABLE_END = "<!-- operations:end -->";

/**
 * The retry column: the mode, plus extra statuses and body types that make an unsafe call safe.
 * @param {RetryRule} retry
 */
export function retryClass({ mode, extraStatuses, safeBodyTypes }) {
  const notes = [];
  if (extraStatuses.length > 0) notes.push(`also ${extraStatuses.join(", ")}`);
  if (safeBodyTypes.length > 0) notes.push(`safe for ${safeBodyTypes.join(", ")}`);
  return notes.length > 0 ? `${mode} (${notes.join("; ")})` : mode;
}

/**
 * One Markdown row per operation, in contract order.
 * @param {Readonly<Record<string, OperationInfo>>} operations
 */
export function renderOperationsTable(operations) {
  const rows = Object.values(operations).map(
    (op) => `| ${op.method} | \`${op.path}\` | ${new URL(op.host).host} | ${op.contractVersion ?? "none"} | ${retryClass(op.retry)} | \`${op.operationId}\` |`,
  );
  return ["| Method | Path | Host | Contract | Retry class | operationId |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

/**
 * The text between the markers (without the line breaks next to them). Throws unless each marker
 * occurs exactly once, start before end.
 * @param {string} text
 */
export function readMarkedTable(text) {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < 0 || text.indexOf(TABLE_START, start + 1) >= 0 || text.indexOf(TABLE_END, end + 1) >= 0 || end < start) {
    throw new Error(`README.md needs exactly one ${TABLE_START} ... ${TABLE_END} region for the operations table`);
  }
  return text.slice(start + TABLE_START.length, end).replace(/^\n/, "").replace(/\n$/, "");
}

/**
 * `text` with the region between the markers replaced by `table`.
 * @param {string} text
 * @param {string} table
 */
export function writeMarkedTable(text, table) {
  readMarkedTable(text); // the same marker checks
  const start = text.indexOf(TABLE_START) + TABLE_START.length;
  return `${text.slice(0, start)}\n${table}\n${text.slice(text.indexOf(TABLE_END))}`;
}
