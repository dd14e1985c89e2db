// Optimistic concurrency for MPSD sessions: read (ETag), apply the caller's change, write with
// If-Match; on a failed precondition take the current session from that answer's body and apply the
// change again. It never overwrites a concurrent write. Create-only mode writes with If-None-Match: *
// and never loops.
import type { MultiplayerSession, MultiplayerSessionRequest } from "../../generated/schema.js";
import type { XblClient } from "./client-types.js";
import { XblError, XblPreconditionFailedError } from "./errors.js";
import { retryPolicy } from "./retry/policy-source.js";

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
  /** Writes tried before giving up on failed preconditions (update mode). Default: the contract's `reapplyMaxTries`. */
  readonly maxTries?: number;
  readonly signal?: AbortSignal;
}

export interface UpdateSessionResult {
  /** The session as written; undefined when the write deleted it (a bodiless answer, e.g. the last member left). */
  readonly session: MultiplayerSession | undefined;
  readonly etag: string | undefined;
  /** The write's success status (updated, created, or deleted without a body). */
  readonly status: number;
  /** Writes sent, including the successful one. */
  readonly tries: number;
}

export type SessionMutation = (current: MultiplayerSession) => MultiplayerSessionRequest | Promise<MultiplayerSessionRequest>;
export type SessionCreation = (current: undefined) => MultiplayerSessionRequest | Promise<MultiplayerSessionRequest>;

/** Read-modify-write with If-Match, re-applying `mutate` to the current session after each failed precondition. */
export function updateSession(ref: SessionRef, mutate: SessionMutation, options: UpdateSessionOptions & { readonly mode?: "update" }): Promise<UpdateSessionResult>;
/** Create only (If-None-Match: *). A failed precondition means the session already exists and is thrown, not retried. */
export function updateSession(ref: SessionRef, mutate: SessionCreation, options: UpdateSessionOptions & { readonly mode: "create" }): Promise<UpdateSessionResult>;
export async function updateSession(
  ref: SessionRef,
  mutate: SessionMutation | SessionCreation,
  options: UpdateSessionOptions,
): Promise<UpdateSessionResult> {
  const { client, signal } = options;
  const params = { path: { scid: ref.scid, sessionTemplateName: ref.sessionTemplateName, sessionName: ref.sessionName } };
  const aborts = signal === undefined ? {} : { signal };
  const result = (written: { data?: MultiplayerSession; response: Response }, tries: number): UpdateSessionResult => ({
    session: written.data,
    etag: written.response.headers.get("etag") ?? undefined,
    status: written.response.status,
    tries,
  });

  if (options.mode === "create") {
    const body = await (mutate as SessionCreation)(undefined);
    const written = await client.PUT(SESSION_PATH, {
      params: { ...params, header: { "If-None-Match": "*" } },
      body,
      ...aborts,
    });
    if (written.error !== undefined) throw written.error;
    return result(written, 1);
  }

  const maxTries = options.maxTries ?? retryPolicy.reapplyMaxTries;
  if (!Number.isInteger(maxTries) || maxTries < 1) throw new RangeError("xbl-multiplayer: maxTries must be a positive integer");

  const read = await client.GET(SESSION_PATH, { params, ...aborts });
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
        status: read.response.status,
        operation: "getSession",
        attempts: 1,
      });
    }
    const body = await (mutate as SessionMutation)(current);
    const written = await client.PUT(SESSION_PATH, {
      params: { ...params, header: { "If-Match": etag } },
      body,
      ...aborts,
    });
    if (written.error === undefined) return result(written, tries);
    const failure = written.error;
    // Only a failed precondition that carries the current session can be re-applied; anything else is the caller's to see.
    if (!(failure instanceof XblPreconditionFailedError) || tries >= maxTries) throw failure;
    const latest = failure.body;
    if (latest === undefined || typeof latest !== "object" || latest === null) throw failure;
    current = latest as MultiplayerSession;
    etag = failure.etag;
  }
}
