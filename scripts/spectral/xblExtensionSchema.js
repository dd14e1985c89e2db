// Spectral function: Spectral's own `schema` function, fed the JSON Schema of an x-xbl-* extension
// from its file in the repository (the same file the generator validates with), so the lint and the
// generator cannot disagree about an extension's shape. Options: `file`, relative to the directory
// Spectral runs in (the repository root), and an optional `def` naming one of the file's $defs.
// Spectral ignores a `$ref` to another file inside a ruleset, hence this function.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { schema } from "@stoplight/spectral-functions";
import { parse } from "yaml";

/** @type {Map<string, object>} */
const cache = new Map();

/** @param {string} file @param {string | undefined} def */
function load(file, def) {
  const key = `${file}#${def ?? ""}`;
  let found = cache.get(key);
  if (found === undefined) {
    const whole = parse(readFileSync(resolve(process.cwd(), file), "utf8"));
    if (def !== undefined && !whole.$defs?.[def]) throw new Error(`${file} has no $defs/${def}`);
    found = def === undefined ? whole : { $schema: whole.$schema, $defs: whole.$defs, $ref: `#/$defs/${def}` };
    cache.set(key, found);
  }
  return found;
}

/**
 * Checks one extension's value against its schema.
 * @param {unknown} input
 * @param {{ file: string, def?: string }} options
 * @param {any} context
 */
export default function xblExtensionSchema(input, options, context) {
  // An absent extension is not this rule's concern; rules that require one say so with `truthy`.
  if (input === undefined) return [];
  return schema(input, { schema: load(options.file, options.def), allErrors: true, dialect: "auto" }, context);
}
