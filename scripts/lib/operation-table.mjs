// @ts-check
// The contract's operation table: for each operationId its method, path template, host, contract
// version, retry rule, bodiless success statuses, rate limits and array query style.
// generated/operations.ts holds it as data, the README table and the docs' behaviour notes are
// rendered from it, so all three agree. Every x-xbl-* extension is checked against its schema first.
import { deref, listOperations } from "./contract.mjs";
import { checkExtensions } from "./extension-schemas.mjs";

/** @typedef {import("./contract.mjs").Json} Json */
/** @typedef {import("../../src/contract/operation-types.js").OperationInfo} OperationInfo */
/** @typedef {import("../../src/contract/operation-types.js").ArrayQueryStyle} ArrayQueryStyle */
/** @typedef {import("../../src/contract/operation-types.js").HttpMethod} HttpMethod */
/** @typedef {Record<string, OperationInfo>} OperationTable */

const CONTRACT_HEADER = "x-xbl-contract-version";
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
 * An operation's own `x-xbl-rate-limits` rules (on top of its server's limits); their shape is the schema's.
 * @param {Json} op
 */
function rateLimitRules(op) {
  return (op["x-xbl-rate-limits"] ?? []).map((/** @type {Json} */ rule) => ({
    bucket: rule.bucket,
    handleTypes: rule.handleTypes ?? null,
    limits: rule.limits.map((/** @type {Json} */ { requests, periodSeconds }) => ({ requests, periodSeconds })),
  }));
}

/**
 * Success statuses the operation declares without a body (a caller gets no `data`, and that is no error).
 * @param {Json} doc
 * @param {Json} op
 * @returns {number[]}
 */
function emptySuccessStatuses(doc, op) {
  return Object.entries(op.responses ?? {})
    .filter(([status, response]) => /^2\d\d$/.test(status) && !deref(doc, response).content)
    .map(([status]) => Number(status));
}

/**
 * Operations naming one bucket share its window, so they must declare the same limits.
 * @param {OperationTable} operations
 */
function checkBuckets(operations) {
  /** @type {Map<string, { limits: string, where: string }>} */
  const seen = new Map();
  for (const op of Object.values(operations)) {
    for (const rule of op.rateLimitRules) {
      const limits = JSON.stringify(rule.limits);
      const earlier = seen.get(rule.bucket);
      if (earlier && earlier.limits !== limits) {
        throw new Error(`rate-limit bucket ${rule.bucket} has different limits in ${earlier.where} and ${op.operationId}`);
      }
      seen.set(rule.bucket, { limits, where: op.operationId });
    }
  }
}

/**
 * The documented reasons behind error messages (`x-xbl-error-kinds` on component responses), by the
 * status under which operations use that response (one status per response), and the service's
 * message for each kind. They are two tables because only a server speaks the messages: the client
 * matches phrases, so its bundle leaves the message text out.
 * @param {Json} doc
 * @returns {{ kinds: Record<string, { kind: string, match: string }[]>, messages: Record<string, string> }}
 */
export function errorKindTable(doc) {
  /** @type {Record<string, { kind: string, match: string }[]>} */
  const table = {};
  /** @type {Record<string, string>} */
  const messages = {};
  for (const [name, response] of Object.entries(doc.components?.responses ?? {})) {
    const kinds = /** @type {Json} */ (response)["x-xbl-error-kinds"];
    if (!kinds) continue;
    const ref = `#/components/responses/${name}`;
    const statuses = new Set(
      listOperations(doc).flatMap(({ operation }) =>
        Object.entries(operation.responses ?? {})
          .filter(([, r]) => /** @type {Json} */ (r).$ref === ref)
          .map(([status]) => status),
      ),
    );
    if (statuses.size !== 1) throw new Error(`x-xbl-error-kinds on response ${name}: it must be used under exactly one status, not ${[...statuses].join(", ") || "none"}`);
    const status = /** @type {string} */ ([...statuses][0]);
    if (table[status]) throw new Error(`x-xbl-error-kinds: two responses document kinds for status ${status}`);
    table[status] = kinds.map((/** @type {Json} */ { kind, match, message }) => {
      if (kind in messages) throw new Error(`x-xbl-error-kinds: kind ${kind} is documented twice`);
      messages[kind] = message;
      return { kind, match };
    });
  }
  return { kinds: table, messages };
}

/**
 * Derives the table from the bundled contract. Throws on a malformed extension, and, naming the
 * operation, when one lacks what the client needs (an operationId, a contract-version default, an x-xbl-retry).
 * @param {Json} doc
 * @returns {OperationTable}
 */
export function operationTable(doc) {
  checkExtensions(doc, "openapi", "openapi/openapi.yaml (bundled)");
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
    // An operation without the header (the RTA nonce call) gets null: the client sends none.
    const contractVersion = header === undefined ? null : header.schema?.default;
    if (contractVersion !== null && typeof contractVersion !== "string") throw new Error(`${where} has no ${CONTRACT_HEADER} default`);
    const retry = op["x-xbl-retry"];
    if (!retry) throw new Error(`${where} has no x-xbl-retry`);
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
        alreadyDoneStatuses: retry.alreadyDoneStatuses ?? [],
      },
      emptySuccessStatuses: emptySuccessStatuses(doc, op),
      rateLimits: (server["x-xbl-rate-limits"] ?? []).map((/** @type {Json} */ { requests, periodSeconds }) => ({ requests, periodSeconds })),
      rateLimitRules: rateLimitRules(op),
      arrayQuery: arrayQueryStyle(parameters, where),
    };
  }
  checkBuckets(operations);
  return operations;
}
