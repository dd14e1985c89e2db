// Turns the bundled contract into the document the docs render: every operation gets its TypeScript
// sample (x-codeSamples) and a short "client behaviour" note with its contract version and retry class,
// both read from the contract (contract-version header parameter, x-xbl-retry extension). The input
// is never modified; generated/openapi.json stays the contract, this copy only feeds redocly build-docs.
import { SAMPLE_LANG, codeSample, deref, exampleOf, listOperations } from "./docs-code-samples.mjs";

const CONTRACT_HEADER = "x-xbl-contract-version";
const AUTH_FORMAT = "XBL3.0 x=";

const RETRY_MEANING = {
  safe: "repeating it is harmless, so the client retries it on transient failures",
  conditional:
    "the client retries it only when the request carries `If-Match` with a concrete ETag (not `*`) or `If-None-Match: *`, because only then can a repeat not overwrite someone else's change",
  unsafe:
    "the client retries it only when the service cannot have applied it (429, 503 with `Retry-After`, or a connection that failed before the request was sent)",
};

/** The contract version an operation is called with: the value of its contract-version header parameter. */
export function contractVersionOf(doc, parameters) {
  const header = parameters.find((p) => p.in === "header" && String(p.name).toLowerCase() === CONTRACT_HEADER);
  if (!header) return undefined;
  const value = exampleOf(doc, header);
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** `x-xbl-retry` as { mode, extraStatuses, safeBodyTypes }; a bare string is taken as the mode. */
export function retryOf(operation) {
  const raw = operation["x-xbl-retry"];
  if (raw === undefined) return undefined;
  const rule = typeof raw === "string" ? { mode: raw } : raw;
  if (!rule || !(rule.mode in RETRY_MEANING)) {
    throw new Error(`docs: ${operation.operationId}: x-xbl-retry has unknown mode ${JSON.stringify(rule?.mode)}`);
  }
  return { mode: rule.mode, extraStatuses: rule.extraStatuses ?? [], safeBodyTypes: rule.safeBodyTypes ?? [] };
}

/** Markdown shown under the operation's own description. */
export function behaviourNote(version, retry) {
  const lines = ["", "", "---", "", "**Client behaviour**", ""];
  if (version !== undefined) {
    lines.push(`- **Contract version:** \`${version}\` (the client sends \`${CONTRACT_HEADER}: ${version}\` on every call)`);
  }
  if (retry !== undefined) {
    lines.push(`- **Retry class:** \`${retry.mode}\`: ${RETRY_MEANING[retry.mode]}.`);
    if (retry.extraStatuses.length > 0) {
      lines.push(`- **Also retried on:** ${retry.extraStatuses.map((s) => `\`${s}\``).join(", ")} (on top of 408, 429, 500, 502, 503, 504)`);
    }
    if (retry.safeBodyTypes.length > 0) {
      lines.push(`- **Safe to repeat for body types:** ${retry.safeBodyTypes.map((s) => `\`${s}\``).join(", ")}`);
    }
  }
  return lines.join("\n");
}

function mentionsAuthFormat(doc) {
  const texts = [doc.info?.description];
  for (const scheme of Object.values(doc.components?.securitySchemes ?? {})) texts.push(deref(doc, scheme)?.description);
  return texts.some((t) => typeof t === "string" && t.includes(AUTH_FORMAT));
}

const AUTH_SECTION = [
  "",
  "",
  "## Authorization header",
  "",
  "Every call carries `Authorization: XBL3.0 x=<userHash>;<xstsToken>`: the user hash (`uhs` claim) and the",
  "XSTS token issued for the relying party `http://xboxlive.com`, joined by a semicolon. The client builds this",
  "header from its `auth` option (static credentials or a provider); tokens never appear in its errors or logs.",
].join("\n");

/**
 * Redoc 3 does not show the description of a request body's named schema, and some of those carry
 * the contract's notes on disagreeing sources; shown as the request body's own description they render.
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

/** A deep copy of the contract with samples and notes added. */
export function annotateForDocs(contract) {
  const doc = structuredClone(contract);
  for (const op of listOperations(doc)) {
    const { operation } = op;
    const samples = (operation["x-codeSamples"] ?? []).filter((s) => s.lang !== SAMPLE_LANG);
    operation["x-codeSamples"] = [{ lang: SAMPLE_LANG, label: SAMPLE_LANG, source: codeSample(doc, op) }, ...samples];
    liftBodySchemaDescription(doc, operation);
    const version = contractVersionOf(doc, op.parameters);
    const retry = retryOf(operation);
    if (version !== undefined || retry !== undefined) {
      operation.description = `${operation.description ?? ""}${behaviourNote(version, retry)}`.trimStart();
    }
  }
  if (!mentionsAuthFormat(doc)) {
    doc.info = { ...doc.info, description: `${doc.info?.description ?? ""}${AUTH_SECTION}`.trimStart() };
  }
  return doc;
}
