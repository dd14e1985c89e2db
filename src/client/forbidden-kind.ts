// Why a 403 happened, as one of the kinds the contract documents (x-xbl-error-kinds on the Forbidden
// response), so callers can tell "this account may not play online" from "the host's join restriction
// keeps you out" without parsing the service's text themselves.
import { errorKinds } from "../../generated/operations.js";
import type { XblError } from "./errors.js";

export type ForbiddenKind = (typeof errorKinds)["403"][number]["kind"] | "other";

/** The documented kind of a 403 (`other` when its message matches none), or undefined for any other status. */
export function forbiddenKind(error: Pick<XblError, "status" | "body">): ForbiddenKind | undefined {
  if (error.status !== 403) return undefined;
  // A 403 that carries the session (JSON) means "readable but not writable"; it has no message to match.
  if (typeof error.body !== "string") return "other";
  const message = error.body.toLowerCase();
  return errorKinds["403"].find((k) => message.includes(k.match.toLowerCase()))?.kind ?? "other";
}
