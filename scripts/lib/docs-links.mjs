// @ts-check
// The three docs pages link to each other: the REST reference (index.html, from the OpenAPI document),
// the Real-Time Activity page (rta.html, from the AsyncAPI document) and the lobby lifecycle
// (lobby.html, from docs/lobby-lifecycle.md). The links are added to copies of the documents' overviews
// at build time; the contracts themselves name no docs files. The lobby page carries a bar with all three.

export const REST_PAGE = "index.html";
export const RTA_PAGE = "rta.html";
export const LOBBY_PAGE = "lobby.html";

/** The pages in the lobby page's bar, in order; `label` is how each is named there. */
export const PAGE_LINKS = [
  { href: `./${REST_PAGE}`, label: "REST API reference" },
  { href: `./${RTA_PAGE}`, label: "RTA protocol reference" },
  { href: `./${LOBBY_PAGE}`, label: "Lobby lifecycle" },
];

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

const LOBBY_LINE = `How the managed lobby host keeps a session alive with both: [the lobby lifecycle](./${LOBBY_PAGE}).`;

/** The REST reference, pointing at the websocket page and the lobby lifecycle. @param {any} doc */
export function linkRestPage(doc) {
  return withLeadLine(doc, `Shoulder taps arrive over the Real-Time Activity websocket: see [the RTA protocol reference](./${RTA_PAGE}). ${LOBBY_LINE}`);
}

/** The RTA page, pointing back at the REST reference and at the lobby lifecycle. @param {any} doc */
export function linkRtaPage(doc) {
  return withLeadLine(doc, `The REST operations (sessions, handles, \`GET /nonce\`) are in [the REST API reference](./${REST_PAGE}). ${LOBBY_LINE}`);
}
