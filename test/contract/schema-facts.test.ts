// Defaults and limits read from the contract, as the emulator uses them.
import { expect, it } from "vitest";
import { schemaDefaults, schemaMaxItems } from "../../src/contract/schema-facts.js";

it("reads top-level defaults, including those written beside a $ref", () => {
  expect(schemaDefaults("SessionConstantsSystem")).toEqual({
    version: 1,
    maxMembersCount: 100,
    visibility: "open",
    reservedRemovalTimeout: 30000,
    inactiveRemovalTimeout: 0,
    readyRemovalTimeout: 180000,
    sessionEmptyTimeout: 0,
  });
  expect(schemaDefaults("MemberInitialization")).toMatchObject({ joinTimeout: 10000, membersNeededToStart: 1 });
});

it("reads maxItems and refuses a schema that has none", () => {
  expect(schemaMaxItems("#/components/schemas/HandleQueryResults/properties/results")).toBe(100);
  expect(() => schemaMaxItems("#/components/schemas/Guid")).toThrow(/no maxItems/);
  expect(() => schemaDefaults("NoSuchSchema")).toThrow(/no schema/);
});
