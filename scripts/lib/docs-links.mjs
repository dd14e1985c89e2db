// @ts-check
// The two docs pages link to each other: the REST reference (index.html, from the OpenAPI document)
// and the Real-Time Activity page (rta.html, from the AsyncAPI document). The links are added to
// copies of the documents' overviews at build time; the contracts themselves name no docs files.

export const REST_PAGE = "index.html";
export const RTA_PAGE = "rta.html";

/**
 * A copy of `doc` whose overview (info.description) opens with `line`.
 * @param {any} doc
 * @param {string} line Markdown paragraph
 */
function withLeadLine(doc, line) {
  const copy = structuredClone(doc);
  copy.info = { ...copy.info, description: `${line}\n\n${copy.info?.description ?? ""}`.trimEnd() };
  return copy;
}

/** The REST reference, pointing at the websocket page. @param {any} doc */
export function linkRestToRta(doc) {
  return withLeadLine(doc, `Shoulder taps arrive over the Real-Time Activity websocket: see [the RTA protocol reference](./${RTA_PAGE}).`);
}

/** The RTA page, pointing back at the REST reference. @param {any} doc */
export function linkRtaToRest(doc) {
  return withLeadLine(doc, `The REST operations (sessions, handles, \`GET /nonce\`) are in [the REST API reference](./${REST_PAGE}).`);
}
