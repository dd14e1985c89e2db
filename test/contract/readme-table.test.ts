// The README's operations table is the contract's, not a hand-kept copy: the region between its
// markers equals the table rendered from generated/operations.ts, and writing it is idempotent.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { README } from "../../scripts/lib/paths.mjs";
import { readMarkedTable, renderOperationsTable, TABLE_END, TABLE_START, writeMarkedTable } from "../../scripts/lib/readme-table.mjs";

const readme = readFileSync(README, "utf8");

it("README.md holds, between its markers, exactly the operations table rendered from the contract", () => {
  const table = renderOperationsTable(operations);
  expect(table.split("\n")).toHaveLength(Object.keys(operations).length + 2);
  for (const op of Object.values(operations)) expect(table).toContain(`\`${op.operationId}\``);
  expect(readMarkedTable(readme), "run `npm run generate`").toBe(table);
  expect(writeMarkedTable(readme, table)).toBe(readme);
});

it("the markers are required once each, in order", () => {
  expect(() => readMarkedTable("no markers")).toThrow(TABLE_START);
  expect(() => readMarkedTable(`${TABLE_END}\n${TABLE_START}`)).toThrow(TABLE_START);
  expect(() => readMarkedTable(`${TABLE_START}\n${TABLE_START}\n${TABLE_END}`)).toThrow(TABLE_START);
  expect(writeMarkedTable(`a\n${TABLE_START}\nold\n${TABLE_END}\nb`, "new")).toBe(`a\n${TABLE_START}\nnew\n${TABLE_END}\nb`);
});
