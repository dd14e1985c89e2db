#!/usr/bin/env node
// Renders the README's operations table from the generated operation table, so the README can be
// checked against the contract (test/contract/readme-table.test.ts) instead of being kept by hand.
import { fileURLToPath } from "node:url";

export function retryClass({ mode, extraStatuses, safeBodyTypes }) {
  const notes = [];
  if (extraStatuses.length > 0) notes.push(`also ${extraStatuses.join(", ")}`);
  if (safeBodyTypes.length > 0) notes.push(`safe for ${safeBodyTypes.join(", ")}`);
  return notes.length > 0 ? `${mode} (${notes.join("; ")})` : mode;
}

export function renderOperationsTable(operations) {
  const rows = Object.values(operations).map(
    (op) => `| ${op.method} | \`${op.path}\` | ${new URL(op.host).host} | ${op.contractVersion} | ${retryClass(op.retry)} | \`${op.operationId}\` |`,
  );
  return ["| Method | Path | Host | Contract | Retry class | operationId |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { readFile } = await import("node:fs/promises");
  const source = await readFile(new URL("../generated/operations.ts", import.meta.url), "utf8");
  // operations.ts is TypeScript; its object literal is plain JSON between `=` and `as const`.
  const json = source.slice(source.indexOf("export const operations = ") + 26, source.indexOf(" as const satisfies"));
  console.log(renderOperationsTable(JSON.parse(json)));
}
