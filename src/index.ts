// Package root of xbl-multiplayer: the typed client for the Xbox Live multiplayer REST APIs.

// ---- Client (owned by the client module, src/client/) -------------------------------------------
export { createXblClient, type XblClientOptions } from "./client/create-client.js";
export type {
  XblClient,
  XblClientMethod,
  XblFetchResponse,
  XblHttpMethod,
  XblInit,
  XblPathsWithMethod,
  ErrorBodyOf,
} from "./client/client-types.js";
export {
  XblError,
  XblNetworkError,
  XblPreconditionFailedError,
  XblThrottledError,
  XblTimeoutError,
  type ThrottleBody,
  type ThrottleSource,
  type XblErrorDetails,
} from "./client/errors.js";
export type { AuthOption, XblCredentials, XblCredentialsProvider } from "./client/auth.js";
export type { RetryOptions } from "./client/retry/options.js";
export { defaultRetryOptions } from "./client/retry/options.js";
export type { Timers } from "./client/retry/timers.js";
export type { XblPaths } from "./client/typed-paths.js";
export {
  updateSession,
  type SessionCreation,
  type SessionMutation,
  type SessionRef,
  type UpdateSessionOptions,
  type UpdateSessionResult,
} from "./client/update-session.js";
export { parseJson, stringifyJson } from "./client/json-codec.js";
export type * from "../generated/schema.js";
export { operations, hosts } from "../generated/operations.js";
export type { OperationInfo, OperationId, RateLimit, RetryMode, RetryRule } from "../generated/operations.js";

// ---- Re-exports added by the lead (emulator, contract helpers, ...) go below this line ----------
