// Package root of xbl-multiplayer: the typed client for the Xbox Live multiplayer REST APIs.

// The Node-only parts have entry points of their own, so the REST client's bundle stays browser-safe
// and small: the Real-Time Activity client (websockets on ws) is "xbl-multiplayer/rta" and the local
// emulator is "xbl-multiplayer/emulator". The prismarine-auth adapter is "xbl-multiplayer/prismarine-auth",
// so only code that signs in with prismarine-auth loads it.
export * from "./client/index.js";
export type * from "../generated/schema.js";
export { hosts } from "../generated/operations.js";
export { operations, type OperationId } from "./contract/operation-index.js";
export type { OperationInfo, RateLimit, RateLimitRule, RetryMode, RetryRule } from "./contract/operation-types.js";
