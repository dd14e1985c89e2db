// One open RTA websocket with liveness: a websocket ping every `pingIntervalMs`; a socket that answers
// neither with a pong nor with any frame within `pongTimeoutMs` is half-open (open but delivering
// nothing, as after some token refreshes) and is terminated so the client replaces it.
import type WebSocket from "ws";
import type { Clock, ClockTimer } from "../shared/clock.js";
import { decodeFrame, type IncomingFrame } from "./frames.js";
import type { CloseReason, LivenessOptions } from "./options.js";


export interface LiveSocketHandlers {
  frame(frame: IncomingFrame): void;
  malformed(reason: string): void;
  closed(code: number, reason: CloseReason): void;
}

export class LiveSocket {
  private pingTimer: ClockTimer | undefined;
  private pongTimer: ClockTimer | undefined;
  private closeTimer: ClockTimer | undefined;
  private reason: CloseReason = "service";
  private done = false;
  readonly closedPromise: Promise<void>;

  constructor(
    private readonly socket: WebSocket,
    private readonly clock: Clock,
    private readonly liveness: Required<LivenessOptions> | false,
    private readonly handlers: LiveSocketHandlers,
  ) {
    this.closedPromise = new Promise((resolve) => {
      socket.on("close", (code) => {
        this.stopTimers();
        if (!this.done) {
          this.done = true;
          handlers.closed(code, this.reason);
        }
        resolve();
      });
    });
    socket.on("error", () => undefined); // a 'close' always follows
    socket.on("message", (data, isBinary) => {
      this.sawActivity();
      if (isBinary) {
        handlers.malformed("binary frame");
        return;
      }
      const decoded = decodeFrame(data.toString());
      if (decoded.ok) handlers.frame(decoded.frame);
      else handlers.malformed(decoded.reason);
    });
    socket.on("pong", () => this.sawActivity());
    this.schedulePing();
  }

  get open(): boolean {
    return !this.done && this.socket.readyState === 1;
  }

  send(text: string): void {
    if (this.open) this.socket.send(text);
  }

  /** Closes with 1000 (or drops it at once with `terminate`); resolves when the socket is gone. */
  close(terminate = false): Promise<void> {
    if (this.socket.readyState === 3) return this.closedPromise;
    this.reason = this.reason === "half-open" ? "half-open" : "client";
    this.stopTimers();
    if (terminate || this.socket.readyState !== 1) {
      this.socket.terminate();
    } else {
      this.socket.close(1000);
      // A peer that never completes the closing handshake must not keep the socket alive.
      this.closeTimer = this.clock.setTimeout(() => this.socket.terminate(), 5_000);
    }
    return this.closedPromise;
  }

  private sawActivity(): void {
    this.clock.clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
    this.schedulePing();
  }

  private schedulePing(): void {
    if (this.liveness === false || this.done) return;
    this.clock.clearTimeout(this.pingTimer);
    const { pingIntervalMs, pongTimeoutMs } = this.liveness;
    this.pingTimer = this.clock.setTimeout(() => {
      this.pingTimer = undefined;
      if (!this.open) return;
      this.socket.ping();
      this.pongTimer ??= this.clock.setTimeout(() => {
        this.pongTimer = undefined;
        this.reason = "half-open";
        this.socket.terminate();
      }, pongTimeoutMs);
    }, pingIntervalMs);
  }

  private stopTimers(): void {
    this.clock.clearTimeout(this.pingTimer);
    this.clock.clearTimeout(this.pongTimer);
    if (this.done || this.socket.readyState === 3) this.clock.clearTimeout(this.closeTimer);
    this.pingTimer = this.pongTimer = undefined;
  }
}
