// The lobby's session calls over the REST client, with MPSD's answers turned into the cases the lobby
// decides on: a read that finds no session (204, or 404), a write that conflicts (412 with the current
// session), a write whose session is gone, a create-only write that finds the name taken or whose
// answer was lost. Anything else is thrown as the client's own error.
import type { components } from "../../generated/schema.js";
import type { XblClient } from "../client/client-types.js";
import { XblError, XblPreconditionFailedError } from "../client/errors.js";
import { outcomeUnknown } from "./handles.js";
import type { LobbyRef, LobbySession } from "./lobby-types.js";

type WriteBody = components["schemas"]["MultiplayerSessionRequest"];

const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}";
const MEMBER_ME = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}/members/me";

export type WriteOutcome<Custom> =
  | { readonly kind: "written"; readonly session: LobbySession<Custom>; readonly etag: string | undefined }
  | { readonly kind: "conflict"; readonly session: LobbySession<Custom>; readonly etag: string | undefined; readonly error: XblPreconditionFailedError }
  | { readonly kind: "gone" };

export type CreateOutcome<Custom> =
  | { readonly kind: "created"; readonly session: LobbySession<Custom>; readonly etag: string | undefined }
  | { readonly kind: "exists" }
  | { readonly kind: "unknown"; readonly error: XblError };

function pathOf(ref: LobbyRef) {
  return { path: { scid: ref.scid, sessionTemplateName: ref.templateName, sessionName: ref.name } };
}

function isSession<Custom>(value: unknown): value is LobbySession<Custom> {
  return typeof value === "object" && value !== null && "membersInfo" in value;
}

export class SessionAccess<Custom> {
  constructor(private readonly client: XblClient) {}

  /** The session and its ETag, or undefined when there is none. */
  async read(ref: LobbyRef): Promise<{ session: LobbySession<Custom>; etag: string | undefined } | undefined> {
    const { data, error, response } = await this.client.GET(SESSION, { params: pathOf(ref) });
    if (error !== undefined) {
      if (error.status === 404) return undefined;
      throw error;
    }
    if (data === undefined) return undefined;
    return { session: data as LobbySession<Custom>, etag: response.headers.get("etag") ?? undefined };
  }

  /** A merge write, conditional on `etag` when one is known. */
  async write(ref: LobbyRef, body: WriteBody, etag: string | undefined): Promise<WriteOutcome<Custom>> {
    const header = etag === undefined ? undefined : { "If-Match": etag };
    const { data, error, response } = await this.client.PUT(SESSION, {
      params: header === undefined ? pathOf(ref) : { ...pathOf(ref), header },
      body,
    });
    if (error === undefined) {
      if (data === undefined) return { kind: "gone" };
      return { kind: "written", session: data as LobbySession<Custom>, etag: response.headers.get("etag") ?? undefined };
    }
    if (error instanceof XblPreconditionFailedError) {
      // A 412 that carries no session means there is no session to match.
      if (!isSession<Custom>(error.body)) return { kind: "gone" };
      return { kind: "conflict", session: error.body, etag: error.etag, error };
    }
    if (error.status === 404) return { kind: "gone" };
    throw error;
  }

  /** Create-only write (If-None-Match: *). */
  async create(ref: LobbyRef, body: WriteBody): Promise<CreateOutcome<Custom>> {
    let result;
    try {
      result = await this.client.PUT(SESSION, { params: { ...pathOf(ref), header: { "If-None-Match": "*" } }, body });
    } catch (thrown) {
      if (thrown instanceof XblError && outcomeUnknown(thrown)) return { kind: "unknown", error: thrown };
      throw thrown;
    }
    const { data, error, response } = result;
    if (error === undefined) {
      if (data === undefined) throw new XblError("writeSession: the create answered without a session", { status: response.status, operation: "writeSession", attempts: 1 });
      return { kind: "created", session: data as LobbySession<Custom>, etag: response.headers.get("etag") ?? undefined };
    }
    if (error instanceof XblPreconditionFailedError) return { kind: "exists" };
    if (outcomeUnknown(error)) return { kind: "unknown", error };
    throw error;
  }

  /** Removes the host's member; a session or member already gone counts as left. */
  async leave(ref: LobbyRef): Promise<void> {
    const { error } = await this.client.DELETE(MEMBER_ME, { params: pathOf(ref) });
    if (error !== undefined && error.status !== 404) throw error;
  }
}
