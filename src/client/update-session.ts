// Optimistic concurrency for MPSD sessions: read (ETag), apply the caller's change, write with
// If-Match; on 412 take the current session from the 412 body and apply the change again. It never
// overwrites a concurrent write. Create-only mode writes with If-None-Match: * and never loops.
import type { MultiplayerSession, MultiplayerSessionRequest } from "../../generated/schema.js";
import type { XblClient } from "./client-types.js";
import { XblError, XblPreconditionFailedError } from "./errors.js";

const SESSION_PATH = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}";

/** Names a session: the path parameters of the session URI. */
export interface SessionRef {
  readonly scid: string;
  readonly sessionTemplateName: string;
  readonly sessionName: string;
}

export interface UpdateSessionOptions {
  readonly client: XblClient;
  /** "update" (default): read-modify-write with If-Match. "create": If-None-Match: *, fails if it exists. */
  readonly mode?: "update" | "create";
  /** Writes tried before giving up on 412s (update mode). Default 5. */
  readonly maxTries?: number;
  readonly signal?: AbortSignal;
}

export interface UpdateSessionResult {
  /** The session as written; undefined when the write deleted it (204, e.g. the last member left). */
  readonly session: MultiplayerSession | undefined;
  readonly etag: string | undefined;
  /** 200 updated, 201 created, 204 deleted. */
  readonly status: number;
  /** Writes sent, including the successful one. */
  readonly tries: number;
}

export type SessionMutation = (current: MultiplayerSession) => MultiplayerSessionRequest | Promise<MultiplayerSessionRequest>;
export type SessionCreation = (current: undefined) => MultiplayerSessionRequest | Promise<MultiplayerSessionRequest>;

/** Read-modify-write with If-Match, re-applying `mutate` to the current session after each 412. */
export function updateSession(ref: SessionRef, mutate: SessionMutation, options: UpdateSessionOptions & { readonly mode?: "update" }): Promise<UpdateSessionResult>;
/** Create only (If-None-Match: *). A 412 means the session already exists and is thrown, not retried. */
export function updateSession(ref: SessionRef, mutate: SessionCreation, options: UpdateSessionOptions & { readonly mode: "create" }): Promise<UpdateSessionResult>;
export async function updateSession(
  ref: SessionRef,
  mutate: SessionMutation | SessionCreation,
  options: UpdateSessionOptions,
): Promise<UpdateSessionResult> {
  const { client, signal } = options;
  const params = { path: { scid: ref.scid, sessionTemplateName: ref.sessionTemplateName, sessionName: ref.sessionName } };

  if (options.mode === "create") {
    const body = await (mutate as SessionCreation)(undefined);
    const written = await client.PUT(SESSION_PATH, {
      params: { ...params, header: { "If-None-Match": "*" } },
      body,
      ...(signal === undefined ? {} : { signal }),
    });
    if (written.error !== undefined) throw written.error;
    return { session: written.data, etag: written.response.headers.get("etag") ?? undefined, status: written.response.status, tries: 1 };
  }

  const maxTries = options.maxTries ?? 5;
  if (!Number.isInteger(maxTries) || maxTries < 1) throw new RangeError("xbl-multiplayer: maxTries must be a positive integer");

  const read = await client.GET(SESSION_PATH, { params, ...(signal === undefined ? {} : { signal }) });
  if (read.error !== undefined) throw read.error;
  let current = read.data;
  let etag = read.response.headers.get("etag") ?? undefined;
  if (current === undefined) {
    throw new XblError(`getSession: session ${ref.sessionName} does not exist`, {
      status: read.response.status,
      operation: "getSession",
      attempts: 1,
    });
  }

  for (let tries = 1; ; tries++) {
    if (etag === undefined) {
      throw new XblError("getSession: the service sent no ETag, so a safe update is impossible", {
        status: 200,
        operation: "getSession",
        attempts: 1,
      });
    }
    const body = await (mutate as SessionMutation)(current);
    const written = await client.PUT(SESSION_PATH, {
      params: { ...params, header: { "If-Match": etag } },
      body,
      ...(signal === undefined ? {} : { signal }),
    });
    if (written.error === undefined) {
      return { session: written.data, etag: written.response.headers.get("etag") ?? undefined, status: written.response.status, tries };
    }
    const failure = written.error;
    // Only a 412 that carries the current session can be re-applied; anything else is the caller's to see.
    if (!(failure instanceof XblPreconditionFailedError) || tries >= maxTries) throw failure;
    const latest = failure.body;
    if (latest === undefined || typeof latest !== "object" || latest === null) throw failure;
    current = latest as MultiplayerSession;
    etag = failure.etag;
  }
}
