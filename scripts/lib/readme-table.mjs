// @ts-check
// The README's operations table, rendered from the operation table, and the marked regions of
// README.md that generated text lives in (this table, the retry policy). `npm run generate` writes the
// regions; `--check` and test/contract/readme-table.test.ts fail when one differs, so nobody pastes them by hand.

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

/** @param {string} name */
export const regionStart = (name) => `<!-- ${name}:start -->`;
/** @param {string} name */
export const regionEnd = (name) => `<!-- ${name}:end -->`;

/**
 * The text between the markers of the region `name` (without the line breaks next to them). Throws
 * unless each marker occurs exactly once, start before end.
 * @param {string} text
 * @param {string} name
 */
export function readMarkedRegion(text, name) {
  const [open, close] = [regionStart(name), regionEnd(name)];
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < 0 || text.indexOf(open, start + 1) >= 0 || text.indexOf(close, end + 1) >= 0 || end < start) {
    throw new Error(`README.md needs exactly one ${open} ... ${close} region`);
  }
  return text.slice(start + open.length, end).replace(/^\n/, "").replace(/\n$/, "");
}

/**
 * `text` with the region `name` replaced by `body`.
 * @param {string} text
 * @param {string} name
 * @param {string} body
 */
export function writeMarkedRegion(text, name, body) {
  readMarkedRegion(text, name); // the same marker checks
  const start = text.indexOf(regionStart(name)) + regionStart(name).length;
  return `${text.slice(0, start)}\n${body}\n${text.slice(text.indexOf(regionEnd(name)))}`;
}

/**
 * The operations table's region.
 * @param {string} text
 */
export const readMarkedTable = (text) => readMarkedRegion(text, "operations");

/**
 * `text` with the operations table's region replaced by `table`.
 * @param {string} text
 * @param {string} table
 */
export const writeMarkedTable = (text, table) => writeMarkedRegion(text, "operations", table);
