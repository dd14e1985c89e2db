// Every named example in the contract must validate against its schema (JSON Schema 2020-12).
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import contract from "../../generated/openapi.json" with { type: "json" };
import { allExamples } from "./contract-walk.js";
import { operations } from "../../generated/operations.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(contract as object, "c");

const examples = allExamples();

describe("contract examples", () => {
  it("covers every operation with request and response examples", () => {
    const ops = new Set(examples.map((e) => e.where.split(" ").slice(0, 2).join(" ")));
    expect(ops.size).toBe(Object.keys(operations).length);
    expect(examples.filter((e) => e.where.includes(" request ")).length).toBeGreaterThanOrEqual(12);
  });

  it.each(examples.map((e) => [e.where, e] as const))("%s validates", (_where, example) => {
    const validate = ajv.compile({ $ref: `c${example.schemaPointer}` });
    const ok = validate(example.value);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });
});
