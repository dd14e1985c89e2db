// The lobby's handle calls: publish the activity friends join through, delete it on close, and send
// invites one POST per invitee. Invites are never re-sent when the outcome of a POST is unknown: a
// duplicate invite is visible to the invitee, a missing one is not worse than reporting "unknown".
import type { XblClient } from "../client/client-types.js";
import { XblError, XblNetworkError, XblOutcomeUnknownError, XblTimeoutError } from "../client/errors.js";
import type { InviteOutcome, LobbyRef } from "./lobby-types.js";

/**
 * True when a write may have been applied although no answer says so: the answer was lost after the
 * request went out (a network failure after sending, a timeout), or a retry could not tell.
 */
export function outcomeUnknown(error: XblError): boolean {
  return error instanceof XblOutcomeUnknownError || error instanceof XblTimeoutError || (error instanceof XblNetworkError && !error.beforeSend);
}

/** Posts the activity handle for `ref`; resolves with its id. */
export async function publishActivity(client: XblClient, ref: LobbyRef): Promise<string> {
  const { data, error, response } = await client.POST("/handles", {
    body: { version: 1, type: "activity", sessionRef: { scid: ref.scid, templateName: ref.templateName, name: ref.name } },
  });
  if (error !== undefined) throw error;
  const id = (data as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string") throw new XblError("createHandle: the activity answer carried no handle id", { status: response.status, operation: "createHandle", attempts: 1 });
  return id;
}

/** Deletes a handle; one that is already gone counts as deleted. */
export async function removeActivity(client: XblClient, handleId: string): Promise<void> {
  const { error } = await client.DELETE("/handles/{handleId}", { params: { path: { handleId } } });
  if (error !== undefined && error.status !== 404) throw error;
}

export async function sendInvites(client: XblClient, ref: LobbyRef, titleId: string, xuids: readonly string[]): Promise<InviteOutcome[]> {
  const outcomes: InviteOutcome[] = [];
  for (const xuid of xuids) {
    let result;
    try {
      result = await client.POST("/handles", {
        body: {
          version: 1,
          type: "invite",
          sessionRef: { scid: ref.scid, templateName: ref.templateName, name: ref.name },
          invitedXuid: xuid,
          inviteAttributes: { titleId },
        },
      });
    } catch (thrown) {
      // Transport failures reject the call; they are outcomes of this invite, not of the whole batch.
      if (!(thrown instanceof XblError)) throw thrown;
      result = { data: undefined, error: thrown };
    }
    const { data, error } = result;
    if (error === undefined) outcomes.push({ xuid, status: "sent", handleId: String((data as { id?: unknown }).id) });
    else if (outcomeUnknown(error)) outcomes.push({ xuid, status: "unknown", error });
    else outcomes.push({ xuid, status: "failed", error });
  }
  return outcomes;
}
