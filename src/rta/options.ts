// Option and event types of the RTA client that do not depend on the websocket library, so the public
// declarations never reach `ws` (consumers need no @types/ws).

export type RtaAuthMode = "header" | "nonce";

export interface LivenessOptions {
  /** How often to ping an otherwise quiet socket. Default 30 s. */
  readonly pingIntervalMs?: number;
  /** How long to wait for a pong (or any frame) after a ping. Default 15 s. */
  readonly pongTimeoutMs?: number;
}

/** Why a socket went away: closed by the service, found half-open, or closed by this client. */
export type CloseReason = "service" | "half-open" | "client";
