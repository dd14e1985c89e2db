// The managed lobby host, the package entry point "xbl-multiplayer/lobby" (Node: it runs on the RTA
// client, which runs on ws).
export { hostLobby, Lobby } from "./host-lobby.js";
export { hostMinecraftLobby, minecraftMemberWrite, newJoinNonce, type MinecraftLobbyOptions } from "./minecraft-lobby-host.js";
export { LobbyError, type LobbyErrorReason } from "./lobby-error.js";
export type {
  HostLobbyOptions,
  InviteOutcome,
  LobbyChange,
  LobbyEvents,
  LobbyMember,
  LobbyProperties,
  LobbyReconcile,
  LobbyRef,
  LobbySession,
  LobbyWrite,
  RecoveryKind,
} from "./lobby-types.js";
