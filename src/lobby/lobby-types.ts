// Public types of the managed lobby host: the options a caller gives, the events it gets, and the
// session view with typed custom properties. Kept apart from the host's logic so the declarations a
// consumer reads are in one short file.
import type { components } from "../../generated/schema.js";
import type { XblClient } from "../client/client-types.js";
import type { XblError } from "../client/errors.js";
import type { RtaClient } from "../rta/client.js";
import type { RtaError } from "../rta/errors.js";
import type { Clock } from "../shared/clock.js";
import type { LobbyError } from "./lobby-error.js";

type Schemas = components["schemas"];

/** Where a lobby lives: the session's SCID, template and name. */
export type LobbyRef = Schemas["SessionReference"];

/** Session properties with `custom` typed as the caller's own object. */
export type LobbyProperties<Custom> = Omit<Schemas["SessionProperties"], "custom"> & { custom?: Custom };

/** A lobby session as read, with typed custom properties. */
export type LobbySession<Custom> = Omit<Schemas["MultiplayerSession"], "properties"> & { properties: LobbyProperties<Custom> };

/** A write the caller asks for: a session write body whose custom properties are typed (writes merge). */
export type LobbyWrite<Custom> = Omit<Schemas["MultiplayerSessionRequest"], "properties"> & {
  properties?: Omit<Schemas["SessionProperties"], "custom"> & { custom?: Partial<{ [K in keyof Custom]: Custom[K] | null }> };
};

/** One member as the lobby tracks it. */
export interface LobbyMember {
  readonly xuid: string;
  readonly index: number;
}

/** What the caller's reconcile hook sees after each read that showed a change. */
export interface LobbyChange<Custom> {
  readonly session: LobbySession<Custom>;
  readonly joined: readonly LobbyMember[];
  readonly left: readonly LobbyMember[];
  /** The host's own xuid. */
  readonly hostXuid: string;
}

/**
 * Called with the current session whenever it changed; returns a write to apply (with If-Match), or
 * undefined for none. After a 412 it is called again with the newer session, so it must derive its
 * write from what it is given, not from what it saw before.
 */
export type LobbyReconcile<Custom> = (change: LobbyChange<Custom>) => LobbyWrite<Custom> | undefined | Promise<LobbyWrite<Custom> | undefined>;

export interface HostLobbyOptions<Custom extends object = Record<string, unknown>> {
  /** The REST client, signed in as the host. */
  readonly client: XblClient;
  /** The RTA client, signed in as the same user; the lobby takes its ConnectionId and shoulder taps. */
  readonly rta: RtaClient;
  /** The host's xuid (decimal string). */
  readonly xuid: string;
  readonly scid: string;
  readonly templateName: string;
  /** Session name; default a random GUID. Creating fails with 412 if it exists already. */
  readonly sessionName?: string;
  /** The lobby's properties at creation; kept (with later writes) as the lobby's identity for recovery. */
  readonly properties?: LobbyProperties<Custom>;
  /** Extra session constants at creation (e.g. a smaller maxMembersCount). */
  readonly constants?: Schemas["MultiplayerSessionRequest"]["constants"];
  /** The title invites are sent for (`inviteAttributes.titleId`); required only by `invite()`. */
  readonly titleId?: string;
  /** Publish (and keep republishing) the activity handle friends join through. Default true. */
  readonly publishActivity?: boolean;
  /** The caller's reconciliation after each change (e.g. per-member data). */
  readonly reconcile?: LobbyReconcile<Custom>;
  /**
   * Re-read the session this often even without a shoulder tap, writing only when something is wrong.
   * At least 20 s; default 5 minutes; false turns it off.
   */
  readonly refreshIntervalMs?: number | false;
  /**
   * The properties a recreated or rotated session starts with, from the lobby's last ones (default:
   * unchanged). Use it to drop per-member data of members who are no longer there.
   */
  readonly recreateProperties?: (last: LobbyProperties<Custom>) => LobbyProperties<Custom>;
  /** Move to a fresh session once this many members are in (before the template's maximum is reached). */
  readonly rotateAtMembers?: number;
  /** Close the RTA client in `close()`. Default true; set false when the RTA client is shared. */
  readonly closeRta?: boolean;
  /** Clock of the lobby's timers (refresh, retry after a failed sync); default real time. */
  readonly clock?: Clock;
  /** Longest wait between retries of a failed sync, in seconds. Default 60. */
  readonly maxRetrySeconds?: number;
  /** One line per lobby event; never holds tokens. */
  readonly log?: (line: string) => void;
}

/** How the lobby came back after its member (or the whole session) was removed during an outage. */
export type RecoveryKind = "rejoined" | "recreated";

export interface LobbyEvents<Custom> {
  /** A member appeared in the session (the host itself is not reported). */
  memberJoined: LobbyMember;
  /** A member is no longer in the session. */
  memberLeft: LobbyMember;
  /** The session was read and differs from the last read; `session` is the latest. */
  changed: { readonly session: LobbySession<Custom> };
  /** The host's member now carries this ConnectionId (after a reconnect, or a repair). */
  connectionWritten: { readonly connectionId: string };
  /** The activity handle was (re)published. */
  activityPublished: { readonly handleId: string; readonly session: LobbyRef };
  /** The host had been removed (rejoined) or the session deleted (recreated under the same name). */
  recovered: { readonly kind: RecoveryKind; readonly session: LobbyRef };
  /** The lobby moved to a fresh session (rotateAtMembers). */
  rotated: { readonly from: LobbyRef; readonly to: LobbyRef };
  /** A background step failed; it is retried with backoff (`retryInMs`). */
  error: { readonly error: XblError | RtaError | LobbyError; readonly retryInMs: number };
  /** close() finished. */
  closed: Record<string, never>;
}

export type InviteOutcome =
  | { readonly xuid: string; readonly status: "sent"; readonly handleId: string }
  /** The request may or may not have created the invite; it is not sent again. */
  | { readonly xuid: string; readonly status: "unknown"; readonly error: XblError }
  | { readonly xuid: string; readonly status: "failed"; readonly error: XblError };
