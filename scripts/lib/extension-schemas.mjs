// @ts-check
// Checks every `x-xbl-*` extension of a contract document against its JSON Schema before anything is
// derived from it. The schemas are the files in a contract's extensions/ folder (openapi/extensions/,
// one per extension), the same ones Spectral's lint uses, so a malformed extension fails here with the place
// and the reason instead of turning into a wrong generated table.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { ROOT } from "./paths.mjs";

/** @typedef {import("./contract.mjs").Json} Json */

const PREFIX = "x-xbl-";
const SUFFIX = ".schema.yaml";

// ajv-formats is CommonJS; imported from ESM its default export may arrive wrapped.
const addFormats = /** @type {(ajv: Ajv2020) => void} */ (
  /** @type {any} */ (addFormatsModule).default ?? addFormatsModule
);

/**
 * The extension schemas of one folder, compiled, by extension name.
 * @param {string} folder relative to the repository root
 */
function compileFolder(folder) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  /** @type {Map<string, { file: string, schema: Json }>} */
  const schemas = new Map();
  for (const name of readdirSync(join(ROOT, folder)).filter((n) => n.startsWith(PREFIX) && n.endsWith(SUFFIX)).sort()) {
    const file = `${folder}/${name}`;
    const schema = parse(readFileSync(join(ROOT, file), "utf8"));
    ajv.addSchema(schema);
    schemas.set(name.slice(0, -SUFFIX.length), { file, schema });
  }
  return { ajv, schemas };
}

/** @type {Map<string, ReturnType<typeof compileFolder>>} */
const compiled = new Map();

/**
 * Every `x-xbl-*` member of `doc`, with its JSON pointer-like location.
 * @param {Json} node
 * @param {string[]} at
 * @returns {Generator<{ name: string, value: Json, at: string[] }>}
 */
function* extensionsIn(node, at = []) {
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith(PREFIX)) yield { name: key, value, at: [...at, key] };
    else yield* extensionsIn(value, [...at, key]);
  }
}

/**
 * Which part of an extension's schema applies where it is used: `x-xbl-rate-limits` has one form on a
 * server and another on an operation; every other extension has one form.
 * @param {string} name
 * @param {string[]} at
 * @returns {string | undefined} a `$defs` name, or undefined for the whole schema
 */
function formAt(name, at) {
  if (name !== "x-xbl-rate-limits") return undefined;
  return at.includes("servers") ? "serverLimits" : "operationRules";
}

/**
 * The offending member or the allowed values, when ajv names them.
 * @param {Record<string, any>} params
 */
function detail(params) {
  if (typeof params.additionalProperty === "string") return ` (${params.additionalProperty})`;
  if (Array.isArray(params.allowedValues)) return ` (one of ${params.allowedValues.join(", ")})`;
  return "";
}

/**
 * Throws one error listing every extension of `doc` that has no schema or does not match it.
 * @param {Json} doc the bundled document
 * @param {string} folder the contract folder whose extensions/ holds the schemas ("openapi")
 * @param {string} source named in the error
 */
export function checkExtensions(doc, folder, source) {
  const key = `${folder}/extensions`;
  let set = compiled.get(key);
  if (set === undefined) {
    set = compileFolder(key);
    compiled.set(key, set);
  }
  /** @type {string[]} */
  const problems = [];
  for (const { name, value, at } of extensionsIn(doc)) {
    const where = `${source} at /${at.map((k) => k.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
    const entry = set.schemas.get(name);
    if (entry === undefined) {
      problems.push(`${where}: ${name} is not a known extension (no ${key}/${name}${SUFFIX})`);
      continue;
    }
    const form = formAt(name, at);
    const ref = form === undefined ? entry.schema.$id : `${entry.schema.$id}#/$defs/${form}`;
    const validate = set.ajv.getSchema(ref);
    if (validate === undefined) throw new Error(`${entry.file} has no ${form ? `$defs/${form}` : "$id"}`);
    if (!validate(value)) {
      for (const e of validate.errors ?? []) {
        problems.push(`${where}${e.instancePath}: ${e.message}${detail(e.params)} (schema ${entry.file})`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`malformed x-xbl-* extensions:\n${problems.map((p) => `- ${p}`).join("\n")}`);
}
