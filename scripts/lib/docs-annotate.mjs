// @ts-check
// Turns the bundled contract into the document the docs render: every operation gets its TypeScript
// sample (x-codeSamples) and a short "client behaviour" note with its contract version and retry class,
// taken from the generator's operation table and retry policy, the ones the client uses. The input
// is never modified; generated/openapi.json stays the contract, this copy only feeds redocly build-docs.
import { deref, listOperations } from "./contract.mjs";
import { SAMPLE_LANG, codeSample } from "./docs-code-samples.mjs";
import { operationTable } from "./operation-table.mjs";
import { retryPolicyOf, statusList, unsafeRetryText } from "./retry-policy.mjs";

/** @typedef {import("./contract.mjs").Json} Json */
/** @typedef {import("../../src/contract/operation-types.js").RetryRule} RetryRule */
/** @typedef {import("../../src/contract/operation-types.js").RetryMode} RetryMode */
/** @typedef {import("../../src/contract/operation-types.js").RetryPolicy} RetryPolicy */

const CONTRACT_HEADER = "x-xbl-contract-version";

/**
 * What each retry class means, with the policy's statuses.
 * @param {RetryPolicy} policy
 * @returns {Record<RetryMode, string>}
 */
function retryMeaning(policy) {
  return {
    safe: `repeating it is harmless, so the client retries it on transient failures (network errors, timeouts, ${statusList(policy.retryStatuses)})`,
    conditional:
      "the client retries it only when the request carries `If-Match` with a concrete ETag (not `*`) or `If-None-Match: *`, because only then can a repeat not overwrite someone else's change",
    unsafe: `the client retries it only when the service cannot have applied it (${unsafeRetryText(policy)})`,
  };
}

/**
 * Markdown shown under the operation's own description.
 * @param {string | null} version
 * @param {RetryRule} retry
 * @param {RetryPolicy} policy
 */
export function behaviourNote(version, retry, policy) {
  const lines = ["", "", "---", "", "**Client behaviour**", ""];
  lines.push(
    version === null
      ? `- **Contract version:** none (the client sends no \`${CONTRACT_HEADER}\` here)`
      : `- **Contract version:** \`${version}\` (the client sends \`${CONTRACT_HEADER}: ${version}\` on every call)`,
  );
  lines.push(`- **Retry class:** \`${retry.mode}\`: ${retryMeaning(policy)[retry.mode]}.`);
  if (retry.extraStatuses.length > 0) {
    lines.push(`- **Also retried on:** ${statusList(retry.extraStatuses)} (on top of ${statusList(policy.retryStatuses)})`);
  }
  if (retry.alreadyDoneStatuses.length > 0) {
    lines.push(`- **Already done:** ${statusList(retry.alreadyDoneStatuses)} on a retry after an attempt that may have been applied means that attempt did the work; the call succeeds`);
  }
  if (retry.safeBodyTypes.length > 0) {
    lines.push(`- **Safe to repeat for body types:** ${retry.safeBodyTypes.map((s) => `\`${s}\``).join(", ")}`);
  }
  return lines.join("\n");
}

/**
 * Redoc 3 does not show the description of a request body's named schema, and some of those carry
 * the contract's notes on disagreeing sources; shown as the request body's own description they render.
 * @param {Json} doc
 * @param {Json} operation
 */
function liftBodySchemaDescription(doc, operation) {
  if (!operation.requestBody) return;
  const body = deref(doc, operation.requestBody);
  if (body.description) return;
  const media = body.content?.["application/json"];
  const schema = media?.schema ? deref(doc, media.schema) : undefined;
  if (typeof schema?.description === "string" && schema.description.trim() !== "") {
    operation.requestBody = { ...body, description: schema.description };
  }
}

/**
 * A deep copy of the contract with samples and notes added.
 * @param {Json} contract
 * @returns {Json}
 */
export function annotateForDocs(contract) {
  const doc = structuredClone(contract);
  // Contract version and retry class exactly as the client reads them: the generator's operation table.
  const table = operationTable(doc);
  const policy = retryPolicyOf(doc);
  for (const op of listOperations(doc)) {
    const { operation } = op;
    const samples = (operation["x-codeSamples"] ?? []).filter((/** @type {Json} */ s) => s.lang !== SAMPLE_LANG);
    operation["x-codeSamples"] = [{ lang: SAMPLE_LANG, label: SAMPLE_LANG, source: codeSample(doc, op) }, ...samples];
    liftBodySchemaDescription(doc, operation);
    const info = table[operation.operationId];
    if (!info) throw new Error(`docs: ${op.method.toUpperCase()} ${op.path} is missing from the operation table`);
    operation.description = `${operation.description ?? ""}${behaviourNote(info.contractVersion, info.retry, policy)}`.trimStart();
  }
  return doc;
}
