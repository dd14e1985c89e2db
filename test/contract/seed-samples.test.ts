// The source documents' samples, with their syntax errors repaired, are the contract's named examples
// and validate against its schemas. The seeds live in ../shared/seeds beside the project (as in CI).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateRequestBody, validateResponse } from "../../src/contract/validator.js";
import type { OperationId } from "../../generated/operations.js";
import { pointerGet } from "../support/contract-walk.js";

const seedDir = path.resolve(import.meta.dirname, "../../../shared/seeds");
const seeds = existsSync(seedDir) ? readdirSync(seedDir).map((f) => readFileSync(path.join(seedDir, f), "utf8")) : [];

function samples(): string[] {
  return seeds.flatMap((text) => [...text.matchAll(/```cpp\n([\s\S]*?)```/g)].map((m) => m[1]!));
}

/** Repairs exactly the mistakes the seed samples contain; anything else stays broken and fails JSON.parse. */
function repair(sample: string, placeholders: Record<string, string>): unknown {
  let text = sample
    .split("\n")
    .map((line) => line.replace(/\s\/\/.*$/, "")) // line comments
    .join("\n")
    .replace(/"id: "/, '"id": "') // a missing closing quote
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in placeholders ? JSON.stringify(placeholders[name]) : whole))
    .replace(/\}(\s*\n\s*")/g, "},$1") // a missing comma between members
    .replace(/,(\s*[}\]])/g, "$1"); // trailing commas
  return JSON.parse(text);
}

const exampleValue = (name: string) => pointerGet(`#/components/examples/${name}`).value;
const placeholders = { titleId: "896928775", context: "lobby-42", contextstring: "///invite_join_world", sender: "Steve" };

describe.skipIf(seeds.length === 0)("seed samples", () => {
  const http = samples().filter((s) => !s.trimStart().startsWith("PUT "));
  const parsed = http.map((s) => repair(s, placeholders));

  it("finds the six JSON samples of the three seed documents", () => {
    expect(seeds).toHaveLength(3);
    expect(parsed).toHaveLength(6);
  });

  const cases: Array<[string, OperationId, "request" | number]> = [
    ["AllocateSessionHostSample", "allocateSessionHost", "request"],
    ["SessionHostAllocationSample", "allocateSessionHost", 200],
    ["WriteSessionDocumentationSample", "writeSession", "request"],
    ["SessionDocumentationSample", "writeSession", 200],
    ["CreateActivityHandle", "createHandle", "request"],
    ["CreateInviteHandle", "createHandle", "request"],
  ];

  it.each(cases)("%s is a repaired seed sample and validates", (name, operationId, kind) => {
    const example = exampleValue(name);
    expect(parsed).toContainEqual(example);
    const result =
      kind === "request"
        ? validateRequestBody(operationId, example)
        : validateResponse(operationId, kind, "application/json", example);
    expect(result).toEqual({ ok: true });
  });
});
