// The README's operations table is the contract's, not a hand-kept copy.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { renderOperationsTable } from "../../scripts/operations-table.mjs";

it("README.md contains the operations table rendered from the contract", () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const table = renderOperationsTable(operations);
  expect(table.split("\n")).toHaveLength(Object.keys(operations).length + 2);
  expect(readme, "run `node scripts/operations-table.mjs` and paste the table into README.md").toContain(table);
});
