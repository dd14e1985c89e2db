// The lobby's own error: a lobby used after close(), or a session the service answered in a way the
// lobby cannot work with. REST and RTA failures keep their own types (XblError, RtaError).

export type LobbyErrorReason = "closed" | "conflict" | "invalid-option";

export class LobbyError extends Error {
  override readonly name = "LobbyError";

  constructor(
    message: string,
    readonly reason: LobbyErrorReason,
    options?: { cause?: unknown },
  ) {
    super(`xbl-multiplayer lobby: ${message}`, options);
  }
}
