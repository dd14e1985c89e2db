// Opens one RTA websocket: the Authorization header on the upgrade, or a nonce from GET /nonce in the
// query. A 401 (upgrade or nonce call) gets exactly one forced token refresh, as the REST client does.
// Tokens and nonces are kept out of every error: messages carry only statuses and error codes.
import WebSocket from "ws";
import { rtaProtocol } from "../../generated/rta.js";
import type { Authenticator, AuthTicket } from "../client/auth.js";
import type { Clock } from "../shared/clock.js";
import type { RtaAuthMode } from "./options.js";
import { RtaAuthError, RtaClosedError, RtaConnectError, RtaTimeoutError } from "./errors.js";


export interface RtaEndpoint {
  /** Websocket URL of /connect, e.g. wss://rta.xboxlive.com/connect. */
  readonly connectUrl: string;
  /** URL of the nonce call, e.g. https://rta.xboxlive.com/nonce. */
  readonly nonceUrl: string;
}

/** The real service, or `baseUrl`'s origin (the local emulator serves /connect and /nonce there). */
export function rtaEndpoint(baseUrl?: string): RtaEndpoint {
  if (baseUrl === undefined) {
    return { connectUrl: `${rtaProtocol.protocol}://${rtaProtocol.host}${rtaProtocol.path}`, nonceUrl: rtaProtocol.nonceUrl };
  }
  const origin = new URL(baseUrl);
  if (!["http:", "https:", "ws:", "wss:"].includes(origin.protocol)) throw new TypeError("xbl-multiplayer: RTA baseUrl must be an http(s) or ws(s) URL");
  const secure = origin.protocol === "https:" || origin.protocol === "wss:";
  return {
    connectUrl: `${secure ? "wss" : "ws"}://${origin.host}${rtaProtocol.path}`,
    nonceUrl: `${secure ? "https" : "http"}://${origin.host}/nonce`,
  };
}

export interface OpenSocketOptions {
  readonly endpoint: RtaEndpoint;
  readonly authMode: RtaAuthMode;
  readonly authenticator: Authenticator;
  readonly subprotocol: string;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly fetch: (input: string, init: RequestInit) => Promise<Response>;
  readonly signal: AbortSignal;
}

class Refused extends Error {
  constructor(readonly status: number) {
    super(`refused with ${status}`);
  }
}

export async function openSocket(options: OpenSocketOptions): Promise<WebSocket> {
  let ticket = await options.authenticator.current();
  for (let attempt = 0; ; attempt++) {
    try {
      return await openWith(ticket, options);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      const phase = (error as Refused & { phase?: "nonce" | "upgrade" }).phase ?? "upgrade";
      if (error.status !== 401) throw new RtaConnectError(phase, error.status, `RTA ${phase === "nonce" ? "nonce request" : "websocket upgrade"} was refused with ${error.status}`);
      const refreshed = attempt === 0 ? await options.authenticator.refreshAfter401(ticket) : undefined;
      if (refreshed === undefined) throw new RtaAuthError(phase);
      ticket = refreshed;
    }
  }
}

async function openWith(ticket: AuthTicket, options: OpenSocketOptions): Promise<WebSocket> {
  if (options.authMode === "header") return upgrade(options.endpoint.connectUrl, { Authorization: ticket.authorization }, options);
  const nonce = await fetchNonce(ticket, options);
  return upgrade(`${options.endpoint.connectUrl}?nonce=${encodeURIComponent(nonce)}`, {}, options);
}

async function fetchNonce(ticket: AuthTicket, options: OpenSocketOptions): Promise<string> {
  let response: Response;
  try {
    response = await options.fetch(options.endpoint.nonceUrl, { headers: { Authorization: ticket.authorization }, signal: options.signal, redirect: "error" });
  } catch (error) {
    if (options.signal.aborted) throw new RtaClosedError("The RTA connect was aborted");
    throw new RtaConnectError("nonce", undefined, `RTA nonce request failed: ${(error as { code?: string })?.code ?? "network error"}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw Object.assign(new Refused(response.status), { phase: "nonce" as const });
  }
  const body = (await response.json().catch(() => undefined)) as { nonce?: unknown } | undefined;
  if (typeof body?.nonce !== "string" || body.nonce === "") throw new RtaConnectError("nonce", response.status, "RTA nonce response has no nonce");
  return body.nonce;
}

function upgrade(url: string, headers: Record<string, string>, options: OpenSocketOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new RtaClosedError("The RTA connect was aborted"));
      return;
    }
    const socket = new WebSocket(url, options.subprotocol, { headers, followRedirects: false, perMessageDeflate: false });
    let settled = false;
    const finish = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      options.clock.clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
      if (error === undefined) {
        resolve(socket);
        return;
      }
      socket.removeAllListeners("open");
      socket.on("error", () => undefined);
      socket.terminate();
      reject(error);
    };
    const onAbort = () => finish(new RtaClosedError("The RTA connect was aborted"));
    const timer = options.clock.setTimeout(() => finish(new RtaTimeoutError("connect", options.timeoutMs)), options.timeoutMs);
    options.signal.addEventListener("abort", onAbort, { once: true });
    socket.once("open", () => finish(undefined));
    socket.once("unexpected-response", (request, response) => {
      response.resume();
      request.destroy();
      finish(Object.assign(new Refused(response.statusCode ?? 0), { phase: "upgrade" as const }));
    });
    socket.on("error", (error: Error & { code?: string }) => {
      finish(new RtaConnectError("upgrade", undefined, `RTA websocket could not be opened: ${error.code ?? "network error"}`));
    });
  });
}
