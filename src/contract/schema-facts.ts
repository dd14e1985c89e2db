// Values the contract's schemas declare (defaults, limits), for code that must behave by them, such
// as the emulator filling in constants a template leaves out. Reading them here keeps the numbers in
// one place: openapi/.
import contract from "../../generated/openapi.json" with { type: "json" };
import { getAtPointer, resolveRef } from "./json-pointer.js";

type SchemaNode = { default?: unknown; maxItems?: number; properties?: Record<string, SchemaNode> } & Record<string, unknown>;

function schema(pointer: string): SchemaNode {
  const node = getAtPointer(contract, pointer);
  if (node === undefined) throw new Error(`the contract has no schema at ${pointer}`);
  return resolveRef<SchemaNode>(contract, node as SchemaNode);
}

/**
 * The `default` of each top-level property of a component schema. A default written beside a `$ref`
 * wins over one inside the referenced schema, as in the contract's timeouts.
 */
export function schemaDefaults(name: string): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema(`#/components/schemas/${name}`).properties ?? {})) {
    const value = "default" in property ? property.default : resolveRef<SchemaNode>(contract, property).default;
    if (value !== undefined) defaults[key] = value;
  }
  return defaults;
}

/** `maxItems` of the array schema at a pointer, e.g. the 100-result cap of handle queries. */
export function schemaMaxItems(pointer: string): number {
  const max = schema(pointer).maxItems;
  if (typeof max !== "number") throw new Error(`the schema at ${pointer} has no maxItems`);
  return max;
}
