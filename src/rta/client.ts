// The RTA client: one websocket per instance, kept open across drops. It numbers its own requests
// (never shared with another instance), resolves subscribe/unsubscribe with the service's reply or a
// typed error, keeps each subscription object across reconnects (subscribing again after every
// reconnect and announcing the new ConnectionId), reconnects with the SDK's backoff and before the
// service's two-hour close, replaces half-open sockets, and turns MPSD shoulder taps into deduplicated
// events. Every timer runs on the injectable clock; close() leaves none behind.
import type WebSocket from "ws";
import { rtaProtocol } from "../../generated/rta.js";
import type { EventData, SubscriptionData } from "../../generated/rta.js";
import { createAuthenticator, type AuthOption } from "../client/auth.js";
import { systemClock, type Clock, type ClockTimer } from "../shared/clock.js";
import { createBackoff, type Backoff, type BackoffOptions } from "./backoff.js";
import { RtaClosedError, RtaError, RtaStatusError, RtaTimeoutError } from "./errors.js";
import { TypedEvents } from "../shared/typed-events.js";
import { encodeSubscribe, encodeUnsubscribe, MessageType, type IncomingFrame } from "./frames.js";
import { LiveSocket } from "./live-socket.js";
import { openSocket, rtaEndpoint, type RtaEndpoint } from "./open-socket.js";
import type { CloseReason, LivenessOptions, RtaAuthMode } from "./options.js";
import { ShoulderTapFilter, type ShoulderTapEvent } from "./shoulder-taps.js";

export interface RtaClientOptions {
  /** The same credentials or provider as the REST client; a 401 at the upgrade or nonce call refreshes once. */
  readonly auth: AuthOption;
  /** Origin of the local emulator (or another host); default the real wss://rta.xboxlive.com. */
  readonly baseUrl?: string;
  /** "header" (Authorization on the upgrade, as the SDK does) or "nonce" (GET /nonce, then ?nonce=). */
  readonly authMode?: RtaAuthMode;
  /** Websocket subprotocol; default the contract's first (rta.xboxlive.com.V2). */
  readonly subprotocol?: string;
  /** Clock for every timer; default real time. */
  readonly clock?: Clock;
  /** Timeout of one subscribe or unsubscribe request, and of opening the socket. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Reconnect and 1001/1002 retry delays: min(n², maxSeconds) s plus jitter. */
  readonly backoff?: BackoffOptions;
  /** Subscribe attempts on 1001/1002 before giving up. Default 10. */
  readonly maxSubscribeAttempts?: number;
  /** Reconnect this long after connecting, before the service's two-hour close. Default from the contract (90 min). */
  readonly proactiveReconnectMs?: number;
  /** Resyncs this soon after connecting are ignored, as the SDK does. Default from the contract (5 min). */
  readonly ignoreResyncForMs?: number;
  /** Ping/pong liveness check, or false to turn it off. */
  readonly liveness?: LivenessOptions | false;
  /** fetch for the nonce call; default globalThis.fetch (looked up when used). */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Closes the client when aborted. */
  readonly signal?: AbortSignal;
  /** One line per connection event; never holds tokens. */
  readonly log?: (line: string) => void;
}

export interface RtaClientEvents {
  /** A socket opened; `connectNumber` counts successful connects of this client from 1. */
  open: { readonly connectNumber: number };
  /** The socket went away; the client reconnects unless it was closed. */
  disconnected: { readonly code: number; readonly reason: CloseReason | "proactive" };
  reconnecting: { readonly attempt: number; readonly delayMs: number };
  /** A (new) ConnectionId from the connections/ subscription: write it into every session you are in. */
  connectionId: { readonly connectionId: string; readonly previous: string | undefined };
  /** A session changed: read it. Duplicates and stale taps are already dropped. */
  shoulderTap: ShoulderTapEvent;
  /** Any event frame, for every subscription. */
  event: { readonly subscription: RtaSubscription; readonly data: EventData };
  /** The service may have dropped events: re-read everything you track. */
  resync: Record<string, never>;
  /**
   * A resync that came within `ignoreResyncForMs` of connecting, so no `resync` was emitted (the SDK's
   * rule: everything was just read again). Whoever tracks few resources may still re-read them.
   */
  resyncIgnored: { readonly sinceConnectMs: number };
  /** A failure that does not belong to any pending call (reconnect failed, resubscribe refused, bad frame). */
  error: RtaError;
}

type SubscriptionState = "subscribing" | "active" | "waiting" | "removed";

/** A subscription; the same object across reconnects (its service id changes, it does not). */
export class RtaSubscription {
  /** @internal */ serviceId: number | undefined;
  /** @internal */ state: SubscriptionState = "waiting";
  /** @internal */ attempts = 0;
  /** @internal */ retryTimer: ClockTimer | undefined;
  /** @internal */ everActive = false;
  /** @internal */ settle: { resolve(): void; reject(error: Error): void } | undefined;
  private latest: SubscriptionData | undefined;

  /** @internal */
  constructor(readonly resource: string) {}

  /** The service's id for this subscription on the current socket (undefined while not subscribed). */
  get id(): number | undefined {
    return this.serviceId;
  }

  /** Data of the latest successful subscribe reply. */
  get data(): SubscriptionData | undefined {
    return this.latest;
  }

  get active(): boolean {
    return this.state === "active";
  }

  /** @internal */
  setData(data: SubscriptionData): void {
    this.latest = data;
  }
}

interface Pending {
  readonly kind: "subscribe" | "unsubscribe";
  readonly socket: LiveSocket;
  readonly timer: ClockTimer;
  readonly subscription: RtaSubscription;
  readonly resolve?: () => void;
  readonly reject?: (error: Error) => void;
}

const UINT32_MAX = 4294967295;

export class RtaClient extends TypedEvents<RtaClientEvents> {
  private readonly authenticator;
  private readonly endpoint: RtaEndpoint;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly requestTimeoutMs: number;
  private readonly maxSubscribeAttempts: number;
  private readonly proactiveReconnectMs: number;
  private readonly ignoreResyncForMs: number;
  private readonly liveness: Required<LivenessOptions> | false;
  private readonly taps = new ShoulderTapFilter();

  private socket: LiveSocket | undefined;
  private connecting: Promise<void> | undefined;
  private connectAbort: AbortController | undefined;
  private closed = false;
  private everConnected = false;
  private connectNumber = 0;
  private failures = 0;
  private connectedAt = 0;
  private reconnectTimer: ClockTimer | undefined;
  private proactiveTimer: ClockTimer | undefined;
  private sequence = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly subscriptions = new Map<string, RtaSubscription>();
  private readonly byServiceId = new Map<number, RtaSubscription>();
  private currentConnectionId: string | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: RtaClientOptions) {
    super();
    const authenticator = createAuthenticator(options.auth);
    if (authenticator === undefined) throw new TypeError("xbl-multiplayer: the RTA client needs auth");
    this.authenticator = authenticator;
    this.endpoint = rtaEndpoint(options.baseUrl);
    this.clock = options.clock ?? systemClock;
    this.backoff = createBackoff(options.backoff);
    this.requestTimeoutMs = positive(options.requestTimeoutMs, 30_000, "requestTimeoutMs");
    this.maxSubscribeAttempts = positive(options.maxSubscribeAttempts, 10, "maxSubscribeAttempts");
    this.proactiveReconnectMs = positive(options.proactiveReconnectMs, rtaProtocol.proactiveReconnectSeconds * 1000, "proactiveReconnectMs");
    this.ignoreResyncForMs = options.ignoreResyncForMs ?? rtaProtocol.resyncIgnoreAfterConnectSeconds * 1000;
    this.liveness =
      options.liveness === false
        ? false
        : {
            pingIntervalMs: positive(options.liveness?.pingIntervalMs, 30_000, "liveness.pingIntervalMs"),
            pongTimeoutMs: positive(options.liveness?.pongTimeoutMs, 15_000, "liveness.pongTimeoutMs"),
          };
    if (options.signal?.aborted) this.closed = true;
    options.signal?.addEventListener("abort", () => void this.close(), { once: true });
  }

  /** The ConnectionId of the current connections/ subscription, if any. */
  get connectionId(): string | undefined {
    return this.currentConnectionId;
  }

  get isOpen(): boolean {
    return this.socket?.open === true;
  }

  /**
   * Opens the socket (once; later drops reconnect on their own). Rejects with RtaAuthError after a
   * 401 that one refresh did not cure, RtaConnectError or RtaTimeoutError; the client may be retried.
   */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new RtaClosedError());
    if (this.socket?.open) return Promise.resolve();
    this.connecting ??= this.openOnce().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /**
   * Subscribes to `resource` (default MPSD's connections/). Resolves with the subscription once the
   * service accepted it; rejects with RtaStatusError (with the status), RtaTimeoutError or RtaClosedError.
   * Subscribing to a resource already subscribed returns the same subscription object.
   */
  async subscribe(resource: string = rtaProtocol.connectionsResource): Promise<RtaSubscription> {
    if (this.closed) throw new RtaClosedError();
    const existing = this.subscriptions.get(resource);
    const subscription = existing ?? new RtaSubscription(resource);
    if (existing === undefined) this.subscriptions.set(resource, subscription);
    if (subscription.active) return subscription;
    const ready = new Promise<void>((resolve, reject) => {
      const previous = subscription.settle;
      subscription.settle = {
        resolve: () => {
          previous?.resolve();
          resolve();
        },
        reject: (error) => {
          previous?.reject(error);
          reject(error);
        },
      };
    });
    if (existing === undefined) {
      try {
        await this.connect();
      } catch (error) {
        this.fail(subscription, error as Error);
      }
      if (subscription.state === "waiting" && this.socket?.open) this.sendSubscribe(subscription);
    }
    await ready;
    return subscription;
  }

  /** Subscribes to MPSD's connections/ and resolves with the ConnectionId. */
  async connectionIdNow(): Promise<string> {
    const subscription = await this.subscribe(rtaProtocol.connectionsResource);
    const id = (subscription.data as { ConnectionId?: unknown } | undefined)?.ConnectionId;
    if (typeof id !== "string") throw new RtaError("The connections/ subscription returned no ConnectionId");
    return id;
  }

  /** Ends a subscription. Resolves when the service confirmed it (or at once when no socket holds it). */
  unsubscribe(subscription: RtaSubscription): Promise<void> {
    if (this.subscriptions.get(subscription.resource) !== subscription) return Promise.resolve();
    this.subscriptions.delete(subscription.resource);
    this.clock.clearTimeout(subscription.retryTimer);
    const wasActive = subscription.state === "active";
    const serviceId = subscription.serviceId;
    subscription.state = "removed";
    subscription.settle?.reject(new RtaClosedError("Unsubscribed before the subscription completed"));
    subscription.settle = undefined;
    if (serviceId !== undefined) this.byServiceId.delete(serviceId);
    subscription.serviceId = undefined;
    if (subscription.resource === rtaProtocol.connectionsResource) this.currentConnectionId = undefined;
    const socket = this.socket;
    if (!wasActive || serviceId === undefined || socket === undefined || !socket.open) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const sequence = this.nextSequence();
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(sequence);
        reject(new RtaTimeoutError("unsubscribe", this.requestTimeoutMs));
      }, this.requestTimeoutMs);
      this.pending.set(sequence, { kind: "unsubscribe", socket, timer, subscription, resolve, reject });
      socket.send(encodeUnsubscribe(sequence, serviceId));
    });
  }

  /** Closes the socket for good: pending calls reject with RtaClosedError, no timer or socket remains. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    this.connectAbort?.abort();
    this.clock.clearTimeout(this.reconnectTimer);
    this.clock.clearTimeout(this.proactiveTimer);
    this.reconnectTimer = this.proactiveTimer = undefined;
    const error = new RtaClosedError();
    for (const [sequence, pending] of this.pending) {
      this.clock.clearTimeout(pending.timer);
      this.pending.delete(sequence);
      pending.reject?.(error);
    }
    for (const subscription of this.subscriptions.values()) {
      this.clock.clearTimeout(subscription.retryTimer);
      subscription.state = "removed";
      subscription.settle?.reject(error);
      subscription.settle = undefined;
    }
    this.subscriptions.clear();
    this.byServiceId.clear();
    const socket = this.socket;
    this.socket = undefined;
    await this.connecting?.catch(() => undefined);
    await socket?.close();
    this.removeAllListeners();
  }

  private async openOnce(): Promise<void> {
    const abort = new AbortController();
    this.connectAbort = abort;
    let raw: WebSocket;
    try {
      raw = await openSocket({
        endpoint: this.endpoint,
        authMode: this.options.authMode ?? "header",
        authenticator: this.authenticator,
        subprotocol: this.options.subprotocol ?? rtaProtocol.subprotocols[0],
        clock: this.clock,
        timeoutMs: this.requestTimeoutMs,
        fetch: this.options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        signal: abort.signal,
      });
    } finally {
      if (this.connectAbort === abort) this.connectAbort = undefined;
    }
    if (this.closed) {
      raw.terminate();
      throw new RtaClosedError();
    }
    const socket: LiveSocket = new LiveSocket(raw, this.clock, this.liveness, {
      frame: (frame) => this.onFrame(socket, frame),
      malformed: (reason) => this.emit("error", new RtaError(`RTA sent a frame that does not fit the protocol (${reason}); ignored`)),
      closed: (code, reason) => this.onClosed(socket, code, reason),
    });
    this.socket = socket;
    this.everConnected = true;
    this.connectNumber++;
    this.failures = 0;
    this.connectedAt = this.clock.now();
    this.proactiveTimer = this.clock.setTimeout(() => {
      this.proactiveTimer = undefined;
      this.log("proactive reconnect before the service's two-hour close");
      this.proactive = true;
      void socket.close();
    }, this.proactiveReconnectMs);
    this.log(`connected (#${this.connectNumber})`);
    this.emit("open", { connectNumber: this.connectNumber });
    for (const subscription of this.subscriptions.values()) {
      if (subscription.state === "waiting") this.sendSubscribe(subscription);
    }
  }

  private proactive = false;

  private onClosed(socket: LiveSocket, code: number, reason: CloseReason): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.clock.clearTimeout(this.proactiveTimer);
    this.proactiveTimer = undefined;
    const wasProactive = this.proactive;
    this.proactive = false;
    for (const [sequence, pending] of this.pending) {
      if (pending.socket !== socket) continue;
      this.clock.clearTimeout(pending.timer);
      this.pending.delete(sequence);
      // The service drops a closed socket's subscriptions itself, so an unsubscribe in flight is done.
      if (pending.kind === "unsubscribe") pending.resolve?.();
    }
    this.byServiceId.clear();
    for (const subscription of this.subscriptions.values()) {
      this.clock.clearTimeout(subscription.retryTimer);
      subscription.retryTimer = undefined;
      subscription.serviceId = undefined;
      subscription.attempts = 0;
      subscription.state = "waiting";
    }
    this.taps.forget();
    if (this.closed) return;
    this.log(`disconnected (code ${code}, ${wasProactive ? "proactive" : reason})`);
    this.emit("disconnected", { code, reason: wasProactive ? "proactive" : reason });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer !== undefined) return;
    const attempt = this.failures++;
    const delayMs = this.backoff.delayMs(attempt, this.everConnected);
    this.emit("reconnecting", { attempt: attempt + 1, delayMs });
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((error: Error) => {
        if (this.closed) return;
        this.emit("error", error instanceof RtaError ? error : new RtaError("RTA reconnect failed"));
        this.scheduleReconnect();
      });
    }, delayMs);
  }

  private nextSequence(): number {
    this.sequence = this.sequence >= UINT32_MAX ? 1 : this.sequence + 1;
    return this.sequence;
  }

  private sendSubscribe(subscription: RtaSubscription): void {
    const socket = this.socket;
    if (socket === undefined || !socket.open) return;
    subscription.state = "subscribing";
    subscription.attempts++;
    const sequence = this.nextSequence();
    const timer = this.clock.setTimeout(() => {
      this.pending.delete(sequence);
      const error = new RtaTimeoutError("subscribe", this.requestTimeoutMs);
      if (!subscription.everActive) {
        this.fail(subscription, error);
        return;
      }
      // A resubscription the service never answers: treat the socket as dead and replace it.
      this.emit("error", error);
      void socket.close(true);
    }, this.requestTimeoutMs);
    this.pending.set(sequence, { kind: "subscribe", socket, timer, subscription });
    socket.send(encodeSubscribe(sequence, subscription.resource));
  }

  /** A subscription that will not succeed: its callers learn why, and it is forgotten. */
  private fail(subscription: RtaSubscription, error: Error): void {
    this.clock.clearTimeout(subscription.retryTimer);
    if (this.subscriptions.get(subscription.resource) === subscription) this.subscriptions.delete(subscription.resource);
    subscription.state = "removed";
    const settle = subscription.settle;
    subscription.settle = undefined;
    if (settle !== undefined) settle.reject(error);
    else if (error instanceof RtaError) this.emit("error", error);
  }

  private onFrame(socket: LiveSocket, frame: IncomingFrame): void {
    switch (frame[0]) {
      case MessageType.Subscribe:
        return this.onSubscribeReply(socket, frame);
      case MessageType.Unsubscribe: {
        const pending = this.takePending(frame[1], "unsubscribe");
        if (pending === undefined) return;
        if (frame[2] === 0) pending.resolve?.();
        else pending.reject?.(new RtaStatusError("unsubscribe", frame[2], pending.subscription.resource, 1));
        return;
      }
      case MessageType.Event: {
        const subscription = this.byServiceId.get(frame[1]);
        if (subscription === undefined) return;
        this.emit("event", { subscription, data: frame[2] });
        if (subscription.resource === rtaProtocol.connectionsResource) {
          for (const tap of this.taps.accept(frame[2])) this.emit("shoulderTap", tap);
        }
        return;
      }
      case MessageType.Resync: {
        const sinceConnect = this.clock.now() - this.connectedAt;
        if (sinceConnect < this.ignoreResyncForMs) {
          this.log(`resync ${sinceConnect} ms after connecting ignored`);
          this.emit("resyncIgnored", { sinceConnectMs: sinceConnect });
          return;
        }
        this.taps.forget();
        this.emit("resync", {});
        return;
      }
    }
  }

  private takePending(sequence: number, kind: Pending["kind"]): Pending | undefined {
    const pending = this.pending.get(sequence);
    if (pending === undefined || pending.kind !== kind) return undefined;
    this.pending.delete(sequence);
    this.clock.clearTimeout(pending.timer);
    return pending;
  }

  private onSubscribeReply(socket: LiveSocket, frame: Extract<IncomingFrame, [1, ...unknown[]]>): void {
    const pending = this.takePending(frame[1], "subscribe");
    if (pending === undefined) return;
    const subscription = pending.subscription;
    const status = frame[2];
    if (status === 0 && frame.length === 5) {
      const serviceId = frame[3];
      if (subscription.state === "removed") {
        // Unsubscribed while the subscribe was in flight: undo it on the service.
        socket.send(encodeUnsubscribe(this.nextSequence(), serviceId));
        return;
      }
      subscription.serviceId = serviceId;
      subscription.setData(frame[4]);
      subscription.state = "active";
      subscription.everActive = true;
      subscription.attempts = 0;
      this.byServiceId.set(serviceId, subscription);
      const settle = subscription.settle;
      subscription.settle = undefined;
      settle?.resolve();
      if (subscription.resource === rtaProtocol.connectionsResource) this.announceConnectionId(frame[4]);
      return;
    }
    if (subscription.state === "removed") return;
    if ((rtaProtocol.retryableStatuses as readonly number[]).includes(status) && subscription.attempts < this.maxSubscribeAttempts) {
      subscription.state = "waiting";
      const delayMs = this.backoff.delayMs(subscription.attempts - 1, false);
      this.log(`subscribe answered ${status}; again in ${delayMs} ms`);
      subscription.retryTimer = this.clock.setTimeout(() => {
        subscription.retryTimer = undefined;
        if (subscription.state === "waiting") this.sendSubscribe(subscription);
      }, delayMs);
      return;
    }
    this.fail(subscription, new RtaStatusError("subscribe", status, subscription.resource, subscription.attempts));
  }

  private announceConnectionId(data: SubscriptionData): void {
    const id = (data as { ConnectionId?: unknown }).ConnectionId;
    if (typeof id !== "string") {
      this.emit("error", new RtaError("The connections/ subscription returned no ConnectionId"));
      return;
    }
    const previous = this.currentConnectionId;
    this.currentConnectionId = id;
    this.emit("connectionId", { connectionId: id, previous });
  }

  private log(line: string): void {
    this.options.log?.(`rta: ${line}`);
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`xbl-multiplayer: RTA option ${name} must be a positive number`);
  return value;
}

/** Creates an RTA client; call `connect()` or just `subscribe()`. */
export function createRtaClient(options: RtaClientOptions): RtaClient {
  return new RtaClient(options);
}
