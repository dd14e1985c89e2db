/**
 * xbl-multiplayer/emulator: a local, in-memory emulator of sessiondirectory.xboxlive.com and
 * gameserverms.xboxlive.com on one origin. `startEmulator()` binds 127.0.0.1 (port 0 = any free
 * port) and resolves to its URL and a `close()`.
 *
 * Identity convention: `Authorization: XBL3.0 x=<userhash>;<xuid>` — the token part is the caller's
 * decimal XUID (use `authorizationFor(xuid)`).
 */
import type { AddressInfo } from "node:net";
import { resolveOptions, type EmulatorOptions } from "./config.js";
import { createEmulatorServer } from "./http/server.js";
import { EmulatorState } from "./store/emulator-state.js";
import type { RtaDeliveryFault as RtaFault } from "./rta/rta-faults.js";

export type { EmulatorConfig, EmulatorOptions, ServiceConfigSettings } from "./config.js";
export type { FaultOptions } from "./http/faults.js";
export type { RtaDeliveryFault as RtaFault } from "./rta/rta-faults.js";
export type { SessionHostOptions } from "./store/session-host-pool.js";
export type { TemplateDefinition } from "./model/template-constants.js";
export { authorizationFor } from "./http/identity.js";
export { parseFaultSpec } from "./http/faults.js";
export { BUILTIN_TEMPLATES } from "./store/template-catalog.js";
export { loadConfigFile } from "./config.js";
export type { RtaSettings } from "./config.js";
export { manualClock, realClock, type Clock, type ClockTimer, type ManualClock } from "../shared/clock.js";

export interface RunningEmulator {
  /** Origin of the emulator, e.g. "http://127.0.0.1:41234" (no trailing slash). RTA is ws://…/connect here. */
  readonly url: string;
  /** RTA endpoint counters: open websockets and live ConnectionIds. */
  readonly rta: {
    readonly sockets: number;
    readonly liveConnections: number;
    /**
     * Applies an RTA fault now to every socket of `xuid` (all sockets when omitted): "drop" closes it
     * without a close frame (1006), "halfOpen" keeps it open but silent (no frames, no pongs),
     * "resync" sends a resync frame. Returns the number of sockets hit.
     */
    inject(fault: RtaFault, xuid?: string): number;
  };
  /** Stops accepting connections, closes idle and open ones, and resolves when the server is closed. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const state = new EmulatorState(resolved);
  const server = createEmulatorServer(state, resolved);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    rta: {
      get sockets() {
        return state.rta.socketCount;
      },
      get liveConnections() {
        return state.connections.liveCount;
      },
      inject(fault, xuid) {
        if (fault !== "drop" && fault !== "halfOpen" && fault !== "resync") throw new TypeError(`Unknown RTA fault "${String(fault)}" (expected drop, halfOpen or resync)`);
        return state.rta.injectFault(fault, xuid);
      },
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        state.liveness.stop();
        state.rta.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
