/**
 * The emulator's HTTP pipeline on node:http, one origin for both hosts:
 *   /docs → static docs; otherwise route by the contract (404/405) → injected fault → identity
 *   (401) → rate limit (429) → parameters incl. x-xbl-contract-version (400) → bounded body (413)
 *   → UTF-8 + JSON (400) → request schema (400) → handle-type rate limits (429) → operation handler.
 * Any unexpected exception becomes a logged 500, never a crash; bad input never reaches that point.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { matchRequest, methodsAt, operations, type OperationId } from "../../contract/operation-index.js";
import { validateParameters, validateRequestBody } from "../../contract/validator.js";
import { parseJson } from "../../shared/json-codec.js";
import * as errors from "../errors.js";
import type { ErrorReply } from "../errors.js";
import { serveDocs } from "./docs.js";
import { FaultInjector, type FaultOptions } from "./faults.js";
import { parseAuthorization } from "./identity.js";
import { RateLimiter, rateWindows } from "./rate-limit.js";
import { writeReply, type Reply } from "./reply.js";
import type { RequestContext } from "./request-context.js";
import { allocateSessionHost, getAllocationStatus } from "../routes/session-hosts.js";
import { createHandle, deleteHandle, getHandle, getSessionByHandle, queryHandles, writeSessionByHandle } from "../routes/handles.js";
import { batchQuerySessions, batchQueryTemplateSessions, querySessions, queryTemplateSessions } from "../routes/session-queries.js";
import { getSessionTemplate, listSessionTemplates } from "../routes/session-templates.js";
import { getSession, leaveSession, removeMember, removeServer, writeSession, writeSessionProperties } from "../routes/sessions.js";
import { getRtaNonce } from "../routes/rta-nonce.js";
import type { EmulatorState } from "../store/emulator-state.js";

type Handler = (ctx: RequestContext) => Reply;

/** One handler per contract operation; `satisfies` makes a new operation in the contract a type error here. */
const HANDLERS = {
  getSession,
  writeSession,
  writeSessionProperties,
  leaveSession,
  removeMember,
  removeServer,
  querySessions,
  queryTemplateSessions,
  batchQuerySessions,
  batchQueryTemplateSessions,
  listSessionTemplates,
  getSessionTemplate,
  createHandle,
  queryHandles,
  getHandle,
  deleteHandle,
  getSessionByHandle,
  writeSessionByHandle,
  allocateSessionHost,
  getAllocationStatus,
  getRtaNonce,
} satisfies Record<OperationId, Handler>;

/** Nesting deeper than this is refused before parsing (recursive merges stay far from the stack limit). */
const MAX_JSON_DEPTH = 64;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** What the pipeline itself needs, beside the state the handlers work on. */
export interface PipelineOptions {
  readonly docsDir: string | undefined;
  readonly rateLimits: boolean;
  readonly faults: FaultOptions;
  readonly maxBodyBytes: number;
  readonly now: () => number;
  readonly log: ((line: string) => void) | undefined;
}

interface Pipeline {
  readonly options: PipelineOptions;
  readonly state: EmulatorState;
  readonly faults: FaultInjector;
  readonly limiter: RateLimiter;
}

export function createEmulatorServer(state: EmulatorState, options: PipelineOptions): Server {
  const pipeline: Pipeline = { options, state, faults: new FaultInjector(options.faults), limiter: new RateLimiter(options.now) };
  const server = createServer((req, res) => {
    const started = performance.now();
    handle(pipeline, req, res)
      .catch((error: unknown) => {
        options.log?.(`emulator: internal error: ${(error as Error)?.stack ?? String(error)}`);
        if (!res.headersSent) writeReply(res, errors.internalError());
        else res.destroy();
      })
      .finally(() => {
        options.log?.(`${req.method} ${(req.url ?? "").split("?")[0]} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`);
      });
  });
  // Websocket upgrades are RTA's /connect.
  server.on("upgrade", (req, socket, head) => state.rta.handleUpgrade(req, socket, head));
  // Malformed HTTP (bad request line, oversized headers): answer 400 on the raw socket and close.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(errors.malformedHttpResponse());
  });
  return server;
}

async function handle(pipeline: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { options, state } = pipeline;
  const method = (req.method ?? "GET").toUpperCase();
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const search = q < 0 ? "" : rawUrl.slice(q + 1);

  if (pathname === "/docs" || pathname.startsWith("/docs/")) {
    if (method !== "GET") return writeReply(res, errors.docsReadOnly());
    const docs = await serveDocs(options.docsDir, pathname);
    if (docs.reply) return writeReply(res, docs.reply);
    const file = docs.file!;
    res.writeHead(200, { "Content-Type": file.type, "Content-Length": file.body.length });
    res.end(file.body);
    return;
  }

  if (!pathname.startsWith("/")) return writeReply(res, errors.notAnAbsolutePath());
  try {
    decodeURIComponent(pathname);
  } catch {
    return writeReply(res, errors.malformedPercentEncoding());
  }
  const match = matchRequest(method, pathname);
  if (match === undefined) {
    const allowed = methodsAt(pathname);
    return writeReply(res, allowed.length > 0 ? errors.methodNotAllowed(method, allowed) : errors.noSuchOperation());
  }
  const operationId = match.operationId;
  const info = operations[operationId];

  const fault = pipeline.faults.next();
  if (fault === "reset") {
    req.socket.destroy();
    return;
  }
  if (fault === "500") return writeReply(res, errors.injectedInternalError());
  if (fault === "503") return writeReply(res, errors.injectedUnavailable(pipeline.faults.retryAfterSeconds));

  const caller = parseAuthorization(req.headers.authorization);
  if (caller === undefined) return writeReply(res, errors.unauthorized());

  // Operations with handle-type limits are counted once the handle type is known (after the body).
  const limitNow = options.rateLimits && info.rateLimitRules.length === 0;
  if (limitNow) {
    const decision = pipeline.limiter.checkAll(rateWindows(info, caller.xuid, undefined));
    if (!decision.ok) return writeReply(res, errors.tooManyRequests(decision.body, decision.retryAfterSeconds));
  }

  const query = new URLSearchParams(search);
  const parameters = validateParameters(operationId, {
    path: match.pathParams,
    query: Object.fromEntries(query),
    header: req.headers as Record<string, string | undefined>,
  });
  if (!parameters.ok) return writeReply(res, errors.invalidParameters(parameters.errors));

  let body: unknown;
  if (method === "PUT" || method === "POST") {
    const read = await readBody(req, options.maxBodyBytes);
    if (read.kind === "aborted") return;
    if (read.kind === "tooLarge") return writeReply(res, errors.bodyTooLarge(options.maxBodyBytes));
    const parsed = parseBody(read.buffer);
    if (parsed.error !== undefined) return writeReply(res, parsed.error);
    body = parsed.value;
  }
  const bodyCheck = validateRequestBody(operationId, body);
  if (!bodyCheck.ok) return writeReply(res, errors.invalidBody(bodyCheck.errors));

  if (options.rateLimits && !limitNow) {
    const decision = pipeline.limiter.checkAll(rateWindows(info, caller.xuid, handleTypeOf(state, body, match.pathParams)));
    if (!decision.ok) return writeReply(res, errors.tooManyRequests(decision.body, decision.retryAfterSeconds));
  }

  const contractVersion = Number(req.headers["x-xbl-contract-version"]);
  const ctx: RequestContext = { operationId, params: match.pathParams, query, headers: req.headers, caller, body, contractVersion, state };
  writeReply(res, HANDLERS[operationId](ctx));
}

/** The handle type a request is about: the body's `type`, or the type of the handle its path names. */
function handleTypeOf(state: EmulatorState, body: unknown, params: Readonly<Record<string, string>>): string | undefined {
  const type = typeof body === "object" && body !== null ? (body as { type?: unknown }).type : undefined;
  if (typeof type === "string") return type;
  const handleId = params["handleId"];
  return handleId === undefined ? undefined : state.handles.get(handleId)?.type;
}

type BodyRead = { kind: "ok"; buffer: Buffer } | { kind: "tooLarge" } | { kind: "aborted" };

/** Reads at most `limit` bytes; past that it keeps draining (bounded) so the client can read the 413. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"]);
  const drainCap = limit * 16;
  return new Promise((resolve) => {
    if (Number.isFinite(declared) && declared > drainCap) {
      resolve({ kind: "tooLarge" });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > drainCap) {
          resolve({ kind: "tooLarge" });
          req.destroy();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? { kind: "tooLarge" } : { kind: "ok", buffer: Buffer.concat(chunks, size) }));
    req.on("error", () => resolve({ kind: "aborted" }));
    req.on("close", () => resolve({ kind: "aborted" })); // no-op if already resolved
  });
}

function parseBody(buffer: Buffer): { value?: unknown; error?: ErrorReply } {
  if (buffer.length === 0) return { value: undefined };
  let source: string;
  try {
    source = utf8.decode(buffer);
  } catch {
    return { error: errors.bodyNotUtf8() };
  }
  if (source.trim() === "") return { value: undefined };
  const depth = jsonDepth(source);
  if (depth > MAX_JSON_DEPTH) return { error: errors.bodyNestedTooDeep(MAX_JSON_DEPTH) };
  try {
    return { value: parseJson(source) };
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 200) : "parse error";
    return { error: errors.bodyNotJson(detail) };
  }
}

/** Maximum bracket depth outside strings; a cheap pre-check before parsing. */
function jsonDepth(source: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
      if (max > MAX_JSON_DEPTH) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}
