// @ts-check
// Reading the contract: bundle openapi/ into one document, follow its internal references, and list
// its operations. Everything the generator and the docs build derive starts from these three.
import { bundle, loadConfig } from "@redocly/openapi-core";
import { CONTRACT_ROOT, REDOCLY_CONFIG } from "./paths.mjs";

/** OpenAPI documents are plain JSON here; scripts index into them freely. */
/** @typedef {any} Json */

/**
 * @typedef {object} OperationRef One operation of the contract, with its path-level parameters merged in.
 * @property {string} path the path template as written in the contract
 * @property {string} method lower case, as the path item's key
 * @property {Json} operation
 * @property {Json[]} parameters dereferenced; the operation's own win over the path item's
 */

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/**
 * The contract as one document (internal `#/components/...` references kept), bundled with the
 * settings of redocly.yaml. Throws on any bundling error.
 * @returns {Promise<Json>}
 */
export async function bundleContract() {
  const config = await loadConfig({ configPath: REDOCLY_CONFIG });
  const { bundle: doc, problems } = await bundle({ ref: CONTRACT_ROOT, config });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    throw new Error(`bundling failed:\n${errors.map((p) => `- ${p.message}`).join("\n")}`);
  }
  return doc.parsed;
}

/**
 * Follows a local `#/...` reference (and chains of them) inside the bundled document.
 * @param {Json} doc
 * @param {Json} node
 * @returns {Json}
 */
export function deref(doc, node) {
  let current = node;
  for (let depth = 0; current && typeof current.$ref === "string" && depth < 16; depth++) {
    const pointer = current.$ref
      .replace(/^#\//, "")
      .split("/")
      .map((/** @type {string} */ s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    current = pointer.reduce((/** @type {Json} */ at, /** @type {string} */ key) => (at == null ? undefined : at[key]), doc);
  }
  if (current === undefined) throw new Error(`unresolvable reference ${node.$ref}`);
  return current;
}

/**
 * Every operation in document order, with path-level parameters merged in (operation wins).
 * @param {Json} doc
 * @returns {OperationRef[]}
 */
export function listOperations(doc) {
  /** @type {OperationRef[]} */
  const out = [];
  /** @param {Json} p */
  const key = (p) => `${p.in}:${String(p.name).toLowerCase()}`;
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    const shared = (item.parameters ?? []).map((/** @type {Json} */ p) => deref(doc, p));
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      /** @type {Json[]} */
      const own = (operation.parameters ?? []).map((/** @type {Json} */ p) => deref(doc, p));
      const ownKeys = new Set(own.map(key));
      const parameters = [...shared.filter((/** @type {Json} */ p) => !ownKeys.has(key(p))), ...own];
      out.push({ path, method, operation, parameters });
    }
  }
  return out;
}
