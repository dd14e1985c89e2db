#!/usr/bin/env node
// Renders the README's operations table from the contract's operation table (the generator's own
// derivation), so the README is checked against it (test/contract/readme-table.test.ts), not kept by hand.
import { fileURLToPath } from "node:url";

export function retryClass({ mode, extraStatuses, safeBodyTypes }) {
  const notes = [];
  if (extraStatuses.length > 0) notes.push(`also ${extraStatuses.join(", ")}`);
  if (safeBodyTypes.length > 0) notes.push(`safe for ${safeBodyTypes.join(", ")}`);
  return notes.length > 0 ? `${mode} (${notes.join("; ")})` : mode;
}

export function renderOperationsTable(operations) {
  const rows = Object.values(operations).map(
    (op) => `| ${op.method} | \`${op.path}\` | ${new URL(op.host).host} | ${op.contractVersion ?? "none"} | ${retryClass(op.retry)} | \`${op.operationId}\` |`,
  );
  return ["| Method | Path | Host | Contract | Retry class | operationId |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bundleContract, operationTable } = await import("./generate.mjs");
  console.log(renderOperationsTable(operationTable(await bundleContract())));
}
