// Shared set-up for the RTA tests: an emulator and clients on separate manual clocks, session writes
// over real HTTP, and a loop that moves a clock while real websocket I/O happens in between.
import { afterEach } from "vitest";
import { manualClock, type ManualClock } from "../../src/shared/clock.js";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator/index.js";
import { createRtaClient, type RtaClient, type RtaClientOptions } from "../../src/rta/index.js";

export const SCID = "4fc10100-5f7a-4470-899b-280835760c07";
export const HOST = "2535405290000001";
export const PEER = "2535405290000002";

export interface RtaWorld {
  readonly emulator: RunningEmulator;
  /** The emulator's clock (liveness rules, socket lifetime). */
  readonly serverClock: ManualClock;
  /** The clients' clock (reconnects, pings, timeouts). */
  readonly clientClock: ManualClock;
  client(xuid: string, options?: Partial<RtaClientOptions>): RtaClient;
  close(): Promise<void>;
}

export async function rtaWorld(options: EmulatorOptions = {}): Promise<RtaWorld> {
  const serverClock = manualClock();
  const clientClock = manualClock();
  const emulator = await startEmulator({ rateLimits: false, everyoneFollowsEveryone: true, clock: serverClock, ...options });
  const clients: RtaClient[] = [];
  return {
    emulator,
    serverClock,
    clientClock,
    client(xuid, extra = {}) {
      const client = createRtaClient({
        baseUrl: emulator.url,
        auth: { userHash: `uhs${xuid}`, xstsToken: xuid },
        clock: clientClock,
        backoff: { random: () => 0 },
        ...extra,
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await emulator.close();
    },
  };
}

/** Lets real I/O run (loopback frames, HTTP) between clock moves. */
export function settle(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits, in real time but bounded, until `check` holds. */
export async function until(check: () => boolean, what: string, limitMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await settle(2);
  }
}

/** Moves `clock` in steps of `stepMs` (at most `maxSteps`) until `promise` settles; returns its outcome. */
export async function driveUntil<T>(clock: ManualClock, promise: Promise<T>, stepMs: number, maxSteps = 200): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  watched.catch(() => undefined);
  for (let i = 0; i < maxSteps && !done; i++) {
    await settle(2);
    if (!done) clock.advance(stepMs);
  }
  return watched;
}

export function sessionUrl(emulator: RunningEmulator, name: string, template = "MinecraftLobby"): string {
  return `${emulator.url}/serviceconfigs/${SCID}/sessiontemplates/${template}/sessions/${encodeURIComponent(name)}`;
}

export async function putSession(emulator: RunningEmulator, xuid: string, name: string, body: unknown, template?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(sessionUrl(emulator, name, template), {
    method: "PUT",
    headers: { Authorization: `XBL3.0 x=uhs${xuid};${xuid}`, "x-xbl-contract-version": "107", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}

export async function getSession(emulator: RunningEmulator, xuid: string, name: string, template?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(sessionUrl(emulator, name, template), {
    headers: { Authorization: `XBL3.0 x=uhs${xuid};${xuid}`, "x-xbl-contract-version": "107" },
  });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}

/** A lobby member as every open lobby host writes it: active, with its ConnectionId and a subscription. */
export function memberBody(xuid: string, connectionId: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const system: Record<string, unknown> = { active: true, subscription: { id: "c35aa3c2-0169-492b-8ae2-0939c7089f38", changeTypes: ["everything"] } };
  if (connectionId !== undefined) system["connection"] = connectionId;
  return {
    members: { me: { constants: { system: { xuid, initialize: true } }, properties: { system } } },
    ...extra,
  };
}

/** A fresh world per test, closed after it: `const start = rtaWorldPerTest();` then `await start(options)`. */
export function rtaWorldPerTest(): (options?: EmulatorOptions) => Promise<RtaWorld> {
  let world: RtaWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  return async (options = {}) => {
    world = await rtaWorld(options);
    return world;
  };
}
