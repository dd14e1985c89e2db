// The client's public surface; src/index.ts re-exports it at the package root.
export { createXblClient, type XblClientOptions } from "./create-client.js";
export type { ErrorBodyOf, XblClient, XblClientMethod, XblFetchResponse, XblHttpMethod, XblInit, XblPathsWithMethod } from "./client-types.js";
export {
  XblAuthError,
  XblError,
  XblNetworkError,
  XblOutcomeUnknownError,
  XblPreconditionFailedError,
  XblResponseError,
  XblThrottledError,
  XblTimeoutError,
  type ResponseProblem,
  type ThrottleBody,
  type ThrottleSource,
  type XblErrorDetails,
} from "./errors.js";
export { forbiddenKind, type ForbiddenKind } from "./forbidden-kind.js";
export {
  asMinecraftLobby,
  MINECRAFT_LOBBY,
  minecraftJoinability,
  minecraftLobbyWrite,
  netherNetIdOf,
  type MinecraftJoinability,
  type MinecraftLobbyCustom,
  type MinecraftLobbySession,
  type MinecraftLobbyWrite,
  type MinecraftLobbyConnection,
} from "./minecraft-lobby.js";
export type { AuthOption, XblCredentials, XblCredentialsProvider } from "./auth.js";
export { defaultRetryOptions, type RetryOptions } from "./retry/options.js";
export type { Timers } from "./clock.js";
export type { RetryDecision, RetryHooks, ThrottleRefusal } from "./retry/hooks.js";
export type { XblPaths } from "./typed-paths.js";
export {
  updateSession,
  type SessionCreation,
  type SessionMutation,
  type SessionRef,
  type UpdateSessionOptions,
  type UpdateSessionResult,
} from "./update-session.js";
export { parseJson, stringifyJson } from "../shared/json-codec.js";
