// Why the service refused a caller, as one of the kinds the contract documents (x-xbl-error-kinds on the Forbidden
// response), so callers can tell "this account may not play online" from "the host's join restriction
// keeps you out" without parsing the service's text themselves.
import { errorKinds } from "../../generated/operations.js";
import type { XblError } from "./errors.js";

type KindsByStatus = typeof errorKinds;

export type ForbiddenKind = KindsByStatus[keyof KindsByStatus][number]["kind"] | "other";

const kindsByStatus: Readonly<Record<string, readonly { readonly kind: ForbiddenKind; readonly match: string }[]>> = errorKinds;

/** The documented kind of a refusal (`other` when its message matches none), or undefined for a status the contract documents no kinds for. */
export function forbiddenKind(error: Pick<XblError, "status" | "body">): ForbiddenKind | undefined {
  const kinds = kindsByStatus[String(error.status)];
  if (kinds === undefined) return undefined;
  // A refusal that carries the session (JSON) means "readable but not writable"; it has no message to match.
  if (typeof error.body !== "string") return "other";
  const message = error.body.toLowerCase();
  return kinds.find((k) => message.includes(k.match.toLowerCase()))?.kind ?? "other";
}
