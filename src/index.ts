// Package root of xbl-multiplayer: the typed client for the Xbox Live multiplayer REST APIs.

// ---- Client (src/client/; owned by the client module) -------------------------------------------
export * from "./client/index.js";
export type * from "../generated/schema.js";
export { hosts, operations } from "../generated/operations.js";
export type { OperationId, OperationInfo, RateLimit, RetryMode, RetryRule } from "../generated/operations.js";

// ---- Re-exports added by the lead (contract helpers, ...) go below this line ---------------------
// Keep Node-only modules (the emulator) out of the root: the client bundle must stay browser-safe
// and small (bench/client-bundle.mjs measures this file).
