// Values the contract's schemas declare (defaults, limits, enums, patterns, discriminators), for code
// that must behave by them, such as the emulator filling in constants a template leaves out or checking
// a XUID. Reading them here keeps each fact in one place: openapi/.
import contract from "../../generated/openapi.json" with { type: "json" };
import { getAtPointer, resolveRef } from "./json-pointer.js";

type SchemaNode = {
  default?: unknown;
  maxItems?: number;
  enum?: unknown[];
  pattern?: string;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  properties?: Record<string, SchemaNode>;
} & Record<string, unknown>;

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

/** The `enum` of a component schema, e.g. the restrictions `none`, `local` and `followed`. */
export function schemaEnum<T extends string = string>(name: string): readonly T[] {
  const values = schema(`#/components/schemas/${name}`).enum;
  if (!Array.isArray(values)) throw new Error(`the schema ${name} has no enum`);
  return values as T[];
}

/** The `pattern` of a component schema as a RegExp, e.g. the decimal digits of a XUID. */
export function schemaPattern(name: string): RegExp {
  const pattern = schema(`#/components/schemas/${name}`).pattern;
  if (typeof pattern !== "string") throw new Error(`the schema ${name} has no pattern`);
  return new RegExp(pattern, "u");
}

/** The discriminator values of a `oneOf` component schema, in the contract's order (e.g. the handle types). */
export function schemaDiscriminatorValues<T extends string = string>(name: string): readonly T[] {
  const mapping = schema(`#/components/schemas/${name}`).discriminator?.mapping;
  if (mapping === undefined) throw new Error(`the schema ${name} has no discriminator mapping`);
  return Object.keys(mapping) as T[];
}
