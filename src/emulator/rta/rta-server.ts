/**
 * The emulator's RTA endpoint: websocket upgrades to /connect on the emulator's origin, authenticated
 * like the service (the Authorization header, or a nonce from GET /nonce), with the subprotocols the
 * contract lists. It serves MPSD's connections/ resource: subscribing binds a fresh ConnectionId to
 * this socket and user; the socket then receives that user's shoulder taps. Sockets are closed after
 * the service's two-hour lifetime, on the emulator's clock.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { rtaProtocol } from "../../../generated/rta.js";
import type { EventFrame, ResyncFrame, ShoulderTapBatch, SubscribeReplyFrame, UnsubscribeReplyFrame } from "../../../generated/rta.js";
import type { Clock, ClockTimer } from "../../shared/clock.js";
import { upgradeRefusedResponse } from "../errors.js";
import { parseAuthorization, type Caller } from "../http/identity.js";
import type { ConnectionRegistry } from "./connection-registry.js";
import type { NonceStore } from "./nonce-store.js";
import type { RtaDeliveryFault, RtaFaults } from "./rta-faults.js";

/** Subscriptions one socket may hold before SubscriptionLimitReached (the emulator's own bound). */
const MAX_SUBSCRIPTIONS_PER_SOCKET = 1000;
const MAX_FRAME_BYTES = 64 * 1024;

interface SocketState {
  readonly ws: WebSocket;
  readonly caller: Caller;
  readonly subscriptions: Map<number, string>;
  nextSubscriptionId: number;
  connectionId: string | undefined;
  connectionsSubscription: number | undefined;
  halfOpen: boolean;
  lifetimeTimer: ClockTimer | undefined;
}

export interface RtaServerDeps {
  readonly clock: Clock;
  readonly registry: ConnectionRegistry;
  readonly nonces: NonceStore;
  readonly faults: RtaFaults;
  readonly lifetimeMs: number;
  readonly log?: ((line: string) => void) | undefined;
}

export class RtaServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    autoPong: false,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    handleProtocols: (offered) => rtaProtocol.subprotocols.find((p) => offered.has(p)) ?? false,
  });
  private readonly sockets = new Set<SocketState>();
  private readonly byConnectionId = new Map<string, SocketState>();

  constructor(private readonly deps: RtaServerDeps) {}

  /** Handles an HTTP upgrade; answers 401/404 on the raw socket when it cannot be accepted. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => socket.destroy());
    const url = new URL(req.url ?? "/", "http://emulator");
    if (url.pathname !== rtaProtocol.path) return void socket.end(upgradeRefusedResponse(404, "notConnect"));
    const nonce = url.searchParams.get("nonce");
    const caller = nonce !== null ? this.deps.nonces.redeem(nonce) : parseAuthorization(req.headers.authorization);
    if (caller === undefined) {
      return void socket.end(upgradeRefusedResponse(401, nonce !== null ? "badNonce" : "noAuthorization"));
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, caller));
  }

  /** Delivers one shoulder tap to the socket holding `connectionId`; false when there is none. */
  deliver(connectionId: string, tap: ShoulderTapBatch["shoulderTaps"][number]): boolean {
    const state = this.byConnectionId.get(connectionId.toLowerCase());
    if (state === undefined || state.connectionsSubscription === undefined) return false;
    const fault = this.deps.faults.delivery();
    if (fault !== undefined) return this.applyFault(state, fault);
    const batch: ShoulderTapBatch = { ncid: randomUUID(), shoulderTaps: [tap] };
    this.send(state, [3, state.connectionsSubscription, batch] satisfies EventFrame);
    return true;
  }

  /**
   * Applies a delivery fault now to every socket of `xuid` (every socket when omitted): drop (1006),
   * half-open, or a resync frame. Returns how many sockets it hit. For demos and tests that need a
   * fault at a chosen moment rather than drawn at random.
   */
  injectFault(fault: RtaDeliveryFault, xuid?: string): number {
    let hit = 0;
    for (const state of [...this.sockets]) {
      if (xuid !== undefined && state.caller.xuid !== xuid) continue;
      if (state.halfOpen && fault !== "drop") continue;
      hit++;
      this.applyFault(state, fault);
    }
    return hit;
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  /** Drops every socket (1006 on the client side) and stops accepting. */
  close(): void {
    for (const state of this.sockets) state.ws.terminate();
    this.wss.close();
  }

  /** Applies a fault instead of a delivery; true when the socket still received a frame (resync). */
  private applyFault(state: SocketState, fault: RtaDeliveryFault): boolean {
    if (fault === "drop") {
      state.ws.terminate();
      return false;
    }
    if (fault === "halfOpen") {
      state.halfOpen = true;
      return false;
    }
    this.send(state, [4] satisfies ResyncFrame);
    return true;
  }

  private accept(ws: WebSocket, caller: Caller): void {
    const state: SocketState = {
      ws,
      caller,
      subscriptions: new Map(),
      nextSubscriptionId: 1,
      connectionId: undefined,
      connectionsSubscription: undefined,
      halfOpen: false,
      lifetimeTimer: undefined,
    };
    this.sockets.add(state);
    state.lifetimeTimer = this.deps.clock.setTimeout(() => ws.close(1000, "connection lifetime reached"), this.deps.lifetimeMs);
    ws.on("ping", (data) => {
      if (!state.halfOpen) ws.pong(data);
    });
    ws.on("message", (data, isBinary) => {
      if (state.halfOpen) return;
      if (isBinary) return;
      this.onFrame(state, data.toString());
    });
    ws.on("error", () => undefined);
    ws.on("close", () => this.onClose(state));
  }

  private onClose(state: SocketState): void {
    this.sockets.delete(state);
    this.deps.clock.clearTimeout(state.lifetimeTimer);
    this.endConnection(state);
  }

  private endConnection(state: SocketState): void {
    if (state.connectionId === undefined) return;
    this.byConnectionId.delete(state.connectionId);
    this.deps.registry.close(state.connectionId, this.deps.clock.now());
    state.connectionId = undefined;
    state.connectionsSubscription = undefined;
  }

  private send(state: SocketState, frame: unknown): void {
    if (state.halfOpen || state.ws.readyState !== 1) return;
    state.ws.send(JSON.stringify(frame));
  }

  private onFrame(state: SocketState, text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(frame) || !isUint32(frame[1])) return;
    const sequence = frame[1];
    if (frame[0] === 1 && typeof frame[2] === "string") this.subscribe(state, sequence, frame[2]);
    else if (frame[0] === 2 && isUint32(frame[2])) this.unsubscribe(state, sequence, frame[2]);
  }

  private subscribe(state: SocketState, sequence: number, resource: string): void {
    const fault = this.deps.faults.subscribe();
    if (fault !== undefined) return this.send(state, [1, sequence, fault] satisfies SubscribeReplyFrame);
    if (resource.toLowerCase() !== rtaProtocol.connectionsResource) return this.send(state, [1, sequence, 1] satisfies SubscribeReplyFrame);
    if (state.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) return this.send(state, [1, sequence, 2] satisfies SubscribeReplyFrame);
    const id = state.nextSubscriptionId++;
    state.subscriptions.set(id, resource);
    if (state.connectionId === undefined) {
      state.connectionId = randomUUID();
      state.connectionsSubscription = id;
      this.byConnectionId.set(state.connectionId, state);
      this.deps.registry.open(state.connectionId, state.caller.xuid);
    }
    this.send(state, [1, sequence, 0, id, { ConnectionId: state.connectionId }] satisfies SubscribeReplyFrame);
  }

  private unsubscribe(state: SocketState, sequence: number, id: number): void {
    if (!state.subscriptions.delete(id)) return this.send(state, [2, sequence, 1] satisfies UnsubscribeReplyFrame);
    if (id === state.connectionsSubscription) {
      // Another connections/ subscription on this socket keeps the ConnectionId alive.
      const other = [...state.subscriptions.keys()][0];
      if (other === undefined) this.endConnection(state);
      else state.connectionsSubscription = other;
    }
    this.send(state, [2, sequence, 0] satisfies UnsubscribeReplyFrame);
  }
}

function isUint32(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 4294967295;
}

