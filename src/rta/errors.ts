// The RTA client's errors. Messages are built from status codes, resource URIs and option names only:
// no token, user hash or nonce ever reaches an error, its message or its cause.
import { rtaProtocol } from "../../generated/rta.js";
import type { StatusCode } from "../../generated/rta.js";

export type RtaStatusName = keyof typeof rtaProtocol.statusCodes;

const NAMES = new Map<number, RtaStatusName>(
  Object.entries(rtaProtocol.statusCodes).map(([name, code]) => [code, name as RtaStatusName]),
);

export function statusName(status: number): RtaStatusName | "Unknown" {
  return NAMES.get(status) ?? "Unknown";
}

/** Base class of every error the RTA client produces. */
export class RtaError extends Error {
  override readonly name: string = "RtaError";
}

/** The service answered a subscribe or unsubscribe with a status other than Success. */
export class RtaStatusError extends RtaError {
  override readonly name = "RtaStatusError";
  readonly statusName: RtaStatusName | "Unknown";
  constructor(
    readonly operation: "subscribe" | "unsubscribe",
    readonly status: StatusCode | number,
    readonly resource: string,
    readonly attempts: number,
  ) {
    super(`RTA ${operation} of ${resource} failed with status ${status} (${statusName(status)}) after ${attempts} attempt(s)`);
    this.statusName = statusName(status);
  }
}

/** No reply to a request within its timeout. */
export class RtaTimeoutError extends RtaError {
  override readonly name = "RtaTimeoutError";
  constructor(
    readonly operation: "subscribe" | "unsubscribe" | "connect",
    readonly timeoutMs: number,
  ) {
    super(`RTA ${operation} got no answer within ${timeoutMs} ms`);
  }
}

/** Opening the websocket failed: the upgrade or the nonce call was refused, or the network failed. */
export class RtaConnectError extends RtaError {
  override readonly name: string = "RtaConnectError";
  constructor(
    readonly phase: "nonce" | "upgrade",
    /** HTTP status of a refused nonce call or upgrade; undefined for network failures. */
    readonly httpStatus: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** 401 at the upgrade or the nonce call, also after the one forced token refresh. */
export class RtaAuthError extends RtaConnectError {
  override readonly name = "RtaAuthError";
  constructor(phase: "nonce" | "upgrade") {
    super(phase, 401, `RTA ${phase === "nonce" ? "nonce request" : "websocket upgrade"} was refused with 401 after a token refresh`);
  }
}

/** The client was closed (or the call aborted) before the request completed. */
export class RtaClosedError extends RtaError {
  override readonly name = "RtaClosedError";
  constructor(message = "The RTA client was closed") {
    super(message);
  }
}
