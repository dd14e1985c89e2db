// Shared set-up for the lobby tests: an emulator with RTA on a manual clock, and for each user a REST
// client and an RTA client (on the clients' manual clock) against it over loopback.
import { afterEach } from "vitest";
import { createXblClient, type XblClient, type XblClientOptions } from "../../src/client/index.js";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator/index.js";
import type { Lobby } from "../../src/lobby/index.js";
import { createRtaClient, type RtaClient, type RtaClientOptions } from "../../src/rta/index.js";
import { manualClock, type ManualClock } from "../../src/shared/clock.js";

export { settle, until, driveUntil } from "../rta/support.js";

export const SCID = "4fc10100-5f7a-4470-899b-280835760c07";
export const HOST = "2535405290000001";
export const FRIEND = "2535405290000002";
export const INVITEE = "2535405290000003";
export const TITLE_ID = "896928775";

export interface LobbyWorld {
  readonly emulator: RunningEmulator;
  readonly serverClock: ManualClock;
  readonly clientClock: ManualClock;
  rest(xuid: string, options?: Partial<XblClientOptions>): XblClient;
  rta(xuid: string, options?: Partial<RtaClientOptions>): RtaClient;
  /** Registers a lobby to be closed after the test (if the test did not). */
  track<T extends Lobby<any>>(lobby: T): T;
  close(): Promise<void>;
}

export async function lobbyWorld(options: EmulatorOptions = {}): Promise<LobbyWorld> {
  const serverClock = manualClock();
  const clientClock = manualClock(serverClock.now());
  const emulator = await startEmulator({ everyoneFollowsEveryone: true, clock: serverClock, rateLimits: false, ...options });
  const rtas: RtaClient[] = [];
  const lobbies: Lobby<any>[] = [];
  return {
    emulator,
    serverClock,
    clientClock,
    rest: (xuid, extra = {}) => createXblClient({ baseUrl: emulator.url, auth: { userHash: `uhs${xuid}`, xstsToken: xuid }, ...extra }),
    rta(xuid, extra = {}) {
      const client = createRtaClient({
        baseUrl: emulator.url,
        auth: { userHash: `uhs${xuid}`, xstsToken: xuid },
        clock: clientClock,
        backoff: { random: () => 0 },
        ...extra,
      });
      rtas.push(client);
      return client;
    },
    track(lobby) {
      lobbies.push(lobby);
      return lobby;
    },
    async close() {
      await Promise.all(lobbies.map((l) => l.close().catch(() => undefined)));
      await Promise.all(rtas.map((c) => c.close()));
      await emulator.close();
    },
  };
}

export function lobbyWorldPerTest(): (options?: EmulatorOptions) => Promise<LobbyWorld> {
  let world: LobbyWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  return async (options = {}) => {
    world = await lobbyWorld(options);
    return world;
  };
}

/** Custom properties of a Minecraft lobby as a host advertises them (NetherNetId above 2^53). */
export function minecraftCustom(hostXuid: string) {
  return {
    hostName: "Steve's world",
    worldName: "Bedrock Level",
    version: "1.26.51",
    MemberCount: 1,
    MaxMemberCount: 8,
    Joinability: "joinable_by_friends",
    BroadcastSetting: 3,
    ownerId: hostXuid,
    nonces: {},
    SupportedConnections: [{ ConnectionType: 7, HostIpAddress: "", HostPort: 0, NetherNetId: 12996504943305946298n, PmsgId: "5c1b0c43-35f5-4b9b-a2f8-1d8e54a1a7c2" }],
  };
}

/** The body a friend's game sends to join: its member, active on its own RTA connection. */
export function joinBody(xuid: string, connectionId: string) {
  return {
    members: {
      me: {
        constants: { system: { xuid, initialize: true } },
        properties: { system: { active: true, connection: connectionId, subscription: { id: "c35aa3c2-0169-492b-8ae2-0939c7089f38", changeTypes: ["everything" as const] } } },
      },
    },
  };
}
