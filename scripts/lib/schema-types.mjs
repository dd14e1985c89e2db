// @ts-check
// generated/schema.d.ts: the contract's types from openapi-typescript, with the few overrides below.
import openapiTS, { astToString, stringToAST } from "openapi-typescript";

/** @typedef {import("./contract.mjs").Json} Json */

// JSON Schema `patternProperties` has no faithful openapi-typescript rendering (it intersects every
// pattern with the named properties, so `me` would have to be a reservation too). These schemas get
// template-literal index signatures instead; the contract stays the source of the shapes they name.
/** @type {Record<string, string>} */
const TYPE_OVERRIDES = {
  "#/components/schemas/MultiplayerSessionRequest/members":
    "{ me?: components[\"schemas\"][\"MemberRequest\"] | null } & { [index: `reserve_${number}`]: components[\"schemas\"][\"ReservationRequest\"] } & { [index: `${number}`]: components[\"schemas\"][\"MemberRequest\"] | null }",
};

/**
 * @param {unknown} _type
 * @param {{ path?: string }} options
 */
function overrideType(_type, options) {
  const source = options.path && TYPE_OVERRIDES[options.path];
  if (!source) return undefined;
  const [statement] = stringToAST(`type T = ${source};`);
  return /** @type {import("typescript").TypeAliasDeclaration} */ (statement).type;
}

/**
 * The module text (without banner).
 * @param {Json} doc the bundled contract (not modified)
 */
export async function schemaTypes(doc) {
  const ast = await openapiTS(structuredClone(doc), {
    alphabetize: true,
    defaultNonNullable: false,
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    postTransform: overrideType,
  });
  return astToString(ast);
}
