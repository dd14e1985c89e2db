/**
 * Every error the emulator answers with, as one factory function per case returning the status,
 * headers and text (or the throttle JSON) of the reply. Routes, the model and the HTTP pipeline call
 * these instead of writing messages inline, so the wording lives in one place. MPSD error bodies are
 * plain text; 429 carries the contract's ThrottleResponse. Messages never echo tokens or user hashes.
 */
import { errorKindMessages, type errorKinds } from "../../generated/operations.js";
import type { ThrottleResponse } from "../../generated/schema.js";

/** A reply that refuses the request: a status and a plain-text message (plus headers such as Allow). */
export interface ErrorReply {
  readonly status: number;
  readonly text: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** 429: the contract's ThrottleResponse as JSON, with Retry-After. */
export interface ThrottleReply {
  readonly status: 429;
  readonly json: ThrottleResponse;
  readonly headers: Readonly<Record<string, string>>;
}

function refuse(status: number, message: string, headers?: Record<string, string>): ErrorReply {
  return headers ? { status, text: message, headers } : { status, text: message };
}

type ForbiddenKind = (typeof errorKinds)["403"][number]["kind"];

/**
 * A 403 of one of the contract's documented kinds: that kind's message (so a client finds the kind by
 * its `match` phrase, as it would in the service's text), then what exactly was refused.
 */
function forbidden(kind: ForbiddenKind, detail?: string): ErrorReply {
  const message = errorKindMessages[kind];
  return refuse(403, detail === undefined ? message : `${message} ${detail}`);
}

// --- HTTP pipeline ------------------------------------------------------------------------------

export const internalError = (): ErrorReply => refuse(500, "Internal emulator error.");

/** Written on the raw socket when node:http cannot parse the request at all. */
export function malformedHttpResponse(): string {
  const body = "Bad request.";
  return `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

export const notAnAbsolutePath = (): ErrorReply => refuse(400, "The request target must be an absolute path.");

export const malformedPercentEncoding = (): ErrorReply => refuse(400, "The request path has malformed percent-encoding.");

export const methodNotAllowed = (method: string, allowed: readonly string[]): ErrorReply =>
  refuse(405, `${method} is not supported here.`, { Allow: allowed.join(", ") });

export const noSuchOperation = (): ErrorReply => refuse(404, "No operation of the Xbox Live multiplayer contract has this path.");

export const injectedInternalError = (): ErrorReply => refuse(500, "Injected fault: internal server error.");

export const injectedUnavailable = (retryAfterSeconds: number): ErrorReply =>
  refuse(503, "Injected fault: service unavailable.", { "Retry-After": String(retryAfterSeconds) });

export const unauthorized = (): ErrorReply =>
  refuse(
    401,
    "Missing or malformed Authorization header: expected 'XBL3.0 x=<userhash>;<token>'. In the emulator the token part is the caller's decimal XUID.",
  );

/** The `debugMessage` of a throttle body. */
export const rateLimitMessage = (requests: number, periodSeconds: number, window = "this user"): string =>
  `Rate limit of ${requests} requests per ${periodSeconds} seconds exceeded for ${window}.`;

export const tooManyRequests = (body: ThrottleResponse, retryAfterSeconds: number): ThrottleReply => ({
  status: 429,
  json: body,
  headers: { "Retry-After": String(retryAfterSeconds) },
});

export const invalidParameters = (errors: readonly string[]): ErrorReply => refuse(400, `Invalid request: ${errors.join("; ")}`);

export const bodyTooLarge = (limitBytes: number): ErrorReply =>
  refuse(413, `The request body is larger than ${limitBytes} bytes.`, { Connection: "close" });

export const bodyNotUtf8 = (): ErrorReply => refuse(400, "The request body is not valid UTF-8.");

export const bodyNestedTooDeep = (maxDepth: number): ErrorReply =>
  refuse(400, `The request body nests JSON deeper than ${maxDepth} levels.`);

export const bodyNotJson = (detail: string): ErrorReply => refuse(400, `The request body is not valid JSON: ${detail}`);

export const invalidBody = (errors: readonly string[]): ErrorReply => refuse(400, `Request body is invalid: ${errors.join("; ")}`);

// --- /docs --------------------------------------------------------------------------------------

export const docsReadOnly = (): ErrorReply => refuse(405, "Docs are read-only.", { Allow: "GET" });

export const noDocsDirectory = (): ErrorReply => refuse(404, "No docs directory: build the docs first (dist/docs) or pass docsDir.");

export const docsPathMalformed = (): ErrorReply => refuse(400, "The docs path has malformed percent-encoding.");

export const docsPathHasNul = (): ErrorReply => refuse(400, "The docs path contains a NUL character.");

export const docsPathOutsideRoot = (): ErrorReply => refuse(404, "Not found.");

export const noSuchDocsPage = (pathname: string): ErrorReply => refuse(404, `No such docs page: ${pathname.slice(0, 200)}`);

// --- sessions -----------------------------------------------------------------------------------

export const templateNotConfigured = (scid: string, templateName: string): ErrorReply =>
  refuse(404, `The session template '${templateName}' is not configured for service config ${scid}.`);

export const sessionNotFound = (): ErrorReply => refuse(404, "The session does not exist.");

// --- session queries (routes/session-queries) -----------------------------------------------------

export const sessionQueryWithoutFilter = (): ErrorReply => refuse(400, "A session query needs an xuid or a keyword filter.");

export const sessionQueryNeedsXuid = (): ErrorReply => refuse(400, "The reservations and inactive filters need an xuid filter.");

export const privateVisibilityNeedsPrivate = (): ErrorReply => refuse(400, "visibility=private needs private=true.");

export const sessionQueryAboutOthers = (): ErrorReply =>
  refuse(403, "Private sessions and reservations can only be queried by a server, or by a user about itself.");

export const batchQueryWithXuid = (): ErrorReply =>
  refuse(400, "A batch query takes its users from the body's xuids, not an xuid parameter.");

// --- who may read or join (model/access) ---------------------------------------------------------

export const privateSessionRead = (): ErrorReply => forbidden("privateSession");

const RESTRICTION_ADVICE = { read: "only members can read it", join: "join through an invite or transfer handle" } as const;

/** `followed` without a following member, or `local` without a handle's grant. */
export function restrictedSession(action: "read" | "join", restriction: "local" | "followed"): ErrorReply {
  const field = action === "read" ? "readRestriction" : "joinRestriction";
  return restriction === "followed"
    ? forbidden(field, `Its ${field} is 'followed' and no member follows the caller.`)
    : forbidden(field, `Its ${field} is 'local'; ${RESTRICTION_ADVICE[action]}.`);
}

export const privateSessionJoin = (): ErrorReply => refuse(403, "The session is private: only users with a reservation can join it.");

export const visibilityNotJoinable = (visibility: string): ErrorReply =>
  refuse(400, `The session's visibility is '${visibility}': it cannot be joined.`);

export const sessionClosed = (): ErrorReply => refuse(403, "The session is closed: no new members can join.");

export const sessionFull = (): ErrorReply => refuse(400, "The session is full (maxMembersCount reached).");

export const largeSessionRestriction = (): ErrorReply =>
  refuse(400, "/properties/system/joinRestriction must be 'none' on a large session");

// --- session writes (model/session-write) ---------------------------------------------------------

export const constantsConflictWithTemplate = (path: string, templateName: string): ErrorReply =>
  refuse(409, `${path} conflicts with the session template ${templateName}`);

export const constantsConflictWithSession = (path: string): ErrorReply =>
  refuse(409, `${path} conflicts with the session's constants (constants are set only at creation)`);

export const memberConstantsConflict = (path: string): ErrorReply =>
  refuse(409, `${path} conflicts with the member's constants (set only when joining)`);

export const serversNeedServerPrincipal = (): ErrorReply =>
  forbidden("serverPrincipal", "Writing /servers requires a server principal; user callers cannot change it.");

export const notAMemberKey = (key: string): ErrorReply =>
  refuse(400, `/members/${key} is not a member key (expected "me", "reserve_N" or a member index)`);

export const removingMemberNeedsServerPrincipal = (key: string): ErrorReply =>
  forbidden("serverPrincipal", `Removing member ${key} requires a server principal.`);

export const notOwnMemberEntry = (key: string): ErrorReply =>
  forbidden("serverPrincipal", `/members/${key}: member properties can only be set by the user to whom they belong.`);

export const memberEntryNotObject = (key: string): ErrorReply => refuse(400, `/members/${key} must be an object or null`);

export const propertiesWriteMembersOnly = (): ErrorReply => refuse(403, "Only members of the session can write its properties.");

export const largeSessionReservation = (): ErrorReply =>
  refuse(400, "/members/reserve_N: large sessions don't support reservations.");

export const reservationNeedsMember = (): ErrorReply =>
  refuse(403, "Only members of the session can reserve slots for other users.");

export const reservationNotObject = (key: string): ErrorReply =>
  refuse(400, `/members/${key} must be an object with constants.system.xuid`);

export const reservationXuid = (key: string): ErrorReply =>
  refuse(400, `/members/${key}/constants/system/xuid is required and must be a decimal XUID string`);

export const reservationSessionFull = (key: string): ErrorReply =>
  refuse(400, `/members/${key}: the session is full (maxMembersCount reached).`);

/** A non-member wrote a session-level field such as /properties or /roleTypes. */
export const fieldMembersOnly = (field: string): ErrorReply => refuse(403, `Only members of the session can write ${field}.`);

export const notOwnXuid = (path: string): ErrorReply => refuse(400, `${path}/constants/system/xuid must be the caller's own XUID`);

export const activeAndReady = (path: string): ErrorReply => refuse(400, `${path}/properties/system: active and ready cannot both be true`);

// --- handles ------------------------------------------------------------------------------------

/** `what`: "origin" or "referenced". */
export const handleSessionMissing = (what: string): ErrorReply => refuse(404, `The ${what} session does not exist.`);

export const handleSessionNotMember = (what: string): ErrorReply => refuse(403, `The caller is not a member of the ${what} session.`);

export const sessionNotSearchable = (): ErrorReply =>
  refuse(400, "/sessionRef: the session does not have the 'searchable' capability, so it cannot have a search handle.");

export const unknownHandleType = (types: readonly string[]): ErrorReply => refuse(400, `/type must be one of ${types.join(", ")}`);

export const handleNotFound = (): ErrorReply => refuse(404, "The handle does not exist.");

export const handleNotFoundOrExpired = (): ErrorReply => refuse(404, "The handle does not exist or has expired.");

export const handleDeleteForbidden = (): ErrorReply => refuse(403, "Only the handle's owner (or an invite's recipient) can delete it.");

export const foreignSocialGraph = (): ErrorReply =>
  refuse(403, "/owners/people/monikerXuid: only the caller's own social graph can be queried.");

export const ownersBoth = (): ErrorReply => refuse(400, "/owners must contain either xuids or people, not both.");

export const ownersMissing = (): ErrorReply => refuse(400, "/owners must contain xuids or people.");

export const invalidSearchQuery = (detail: string): ErrorReply => refuse(400, `/filter or /orderBy is invalid: ${detail}`);

/** Why a search filter or orderBy does not parse; the detail of invalidSearchQuery. */
export const filterDiagnostic = {
  unexpectedCharacter: (offset: number): string => `unexpected character at offset ${offset}`,
  unexpectedToken: (token: string): string => `unexpected "${token}"`,
  unexpectedEnd: (): string => "unexpected end of filter",
  expectedToken: (expected: string, found: string): string => `expected "${expected}" but found "${found}"`,
  expectedOperator: (found: string): string => `expected a comparison operator but found "${found}"`,
  nestsTooDeeply: (): string => "filter nests too deeply",
  tooLong: (maxLength: number): string => `filter is longer than ${maxLength} characters`,
  badOrderBy: (text: string): string => `orderBy "${text.slice(0, 100)}" must look like "numbers/<name> desc"`,
} as const;

export const unknownQueryType = (types: readonly string[]): ErrorReply => refuse(400, `/type must be ${types.join(" or ")}`);

// --- session hosts ------------------------------------------------------------------------------

export const hostNotActiveYet = (sessionId: string): ErrorReply =>
  refuse(409, `The session host for sessionId ${sessionId} is not Active yet; retry with the same sessionId.`);

export const unknownLocations = (known: readonly string[]): ErrorReply =>
  refuse(400, `/locations: none of the requested locations is a known region (known: ${known.join(", ")}).`);

export const noHostStandingBy = (retryAfterSeconds: number): ErrorReply =>
  refuse(503, "No session hosts are StandingBy in the requested locations; retry later.", { "Retry-After": String(retryAfterSeconds) });

export const noSuchAllocation = (): ErrorReply => refuse(404, "No allocation exists for this sessionId.");

// --- Real-Time Activity ---------------------------------------------------------------------------

export const connectionNotLive = (): ErrorReply =>
  refuse(
    400,
    "members/me/properties/system/connection must be one of the caller's own live RTA connections (subscribe to https://sessiondirectory.xboxlive.com/connections/ to get one)",
  );

export const activeMemberNeedsConnection = (): ErrorReply =>
  refuse(400, "This session's template requires active members to hold a live RTA connection (members/me/properties/system/connection)");

/** Written on the raw socket when a websocket upgrade cannot be accepted. */
export function upgradeRefusedResponse(status: 401 | 404, reason: "badNonce" | "noAuthorization" | "notConnect"): string {
  const body = {
    badNonce: "The nonce is unknown, used or expired.",
    noAuthorization: "Missing or malformed Authorization header: expected 'XBL3.0 x=<userhash>;<token>'.",
    notConnect: "Only /connect accepts websocket upgrades.",
  }[reason];
  const phrase = status === 401 ? "Unauthorized" : "Not Found";
  return `HTTP/1.1 ${status} ${phrase}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
