// Package root of xbl-multiplayer: the typed client for the Xbox Live multiplayer REST APIs.

// The Node-only emulator is exported from "xbl-multiplayer/emulator", not from here, so the client
// bundle stays browser-safe and small.
export * from "./client/index.js";
// Real-Time Activity (websockets, on ws): shoulder taps and the ConnectionId that keeps a lobby alive.
export * from "./rta/index.js";
export type * from "../generated/schema.js";
export { hosts } from "../generated/operations.js";
export { operations, type OperationId } from "./contract/operation-index.js";
export type { OperationInfo, RateLimit, RateLimitRule, RetryMode, RetryRule } from "./contract/operation-types.js";
