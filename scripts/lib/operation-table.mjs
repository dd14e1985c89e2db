// @ts-check
// The contract's operation table: for each operationId its method, path template, host, contract
// version, retry rule, rate limits and array query style. generated/operations.ts holds it as data,
// the README table and the docs' behaviour notes are rendered from it, so all three agree.
import { deref, listOperations } from "./contract.mjs";

/** @typedef {import("./contract.mjs").Json} Json */
/** @typedef {import("../../src/contract/operation-types.js").OperationInfo} OperationInfo */
/** @typedef {import("../../src/contract/operation-types.js").ArrayQueryStyle} ArrayQueryStyle */
/** @typedef {import("../../src/contract/operation-types.js").HttpMethod} HttpMethod */
/** @typedef {Record<string, OperationInfo>} OperationTable */

const CONTRACT_HEADER = "x-xbl-contract-version";
const RETRY_MODES = ["safe", "conditional", "unsafe"];
/** @type {readonly string[]} */
const TABLE_METHODS = ["GET", "PUT", "POST", "DELETE"];

/**
 * How the operation's array query parameters are written (OpenAPI defaults: style form, explode true).
 * @param {Json[]} params
 * @param {string} where
 * @returns {ArrayQueryStyle | null}
 */
function arrayQueryStyle(params, where) {
  const styles = params
    .filter((p) => p.in === "query" && p.schema?.type === "array")
    .map((p) => ({ style: p.style ?? "form", explode: p.explode ?? (p.style ?? "form") === "form" }));
  const distinct = new Set(styles.map((s) => JSON.stringify(s)));
  if (distinct.size > 1) throw new Error(`${where} mixes array query styles; the client sends one style per call`);
  return styles[0] ?? null;
}

/**
 * Derives the table from the bundled contract. Throws, naming the operation, when one lacks what the
 * client needs (an operationId, a contract-version default, a valid x-xbl-retry).
 * @param {Json} doc
 * @returns {OperationTable}
 */
export function operationTable(doc) {
  const rootServer = doc.servers?.[0];
  if (!rootServer) throw new Error("the contract declares no root server");
  /** @type {OperationTable} */
  const operations = {};
  for (const { path: route, method: lower, operation: op, parameters } of listOperations(doc)) {
    const method = lower.toUpperCase();
    const where = `${method} ${route}`;
    if (!TABLE_METHODS.includes(method)) throw new Error(`${where}: the client has no ${method} operations`);
    if (!op.operationId) throw new Error(`${where} has no operationId`);
    const server = deref(doc, doc.paths[route]).servers?.[0] ?? rootServer;
    const header = parameters.find((p) => p.in === "header" && String(p.name).toLowerCase() === CONTRACT_HEADER);
    const contractVersion = header?.schema?.default;
    if (typeof contractVersion !== "string") throw new Error(`${where} has no ${CONTRACT_HEADER} default`);
    const retry = op["x-xbl-retry"];
    if (!retry || !RETRY_MODES.includes(retry.mode)) throw new Error(`${where} has no valid x-xbl-retry`);
    operations[op.operationId] = {
      operationId: op.operationId,
      method: /** @type {HttpMethod} */ (method),
      path: route,
      host: server.url,
      contractVersion,
      retry: {
        mode: retry.mode,
        extraStatuses: retry.extraStatuses ?? [],
        safeBodyTypes: retry.safeBodyTypes ?? [],
      },
      rateLimits: (server["x-xbl-rate-limits"] ?? []).map((/** @type {Json} */ { requests, periodSeconds }) => ({ requests, periodSeconds })),
      arrayQuery: arrayQueryStyle(parameters, where),
    };
  }
  return operations;
}
