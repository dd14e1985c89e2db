// The lobby across RTA trouble, over real websockets on loopback with the emulator's liveness rules on
// its own manual clock: a dropped or half-open host socket is replaced and the new ConnectionId written
// before MPSD's 30 s removal; after a longer outage the host rejoins (others kept the session) or
// recreates it under the same name with the same properties; a failing sync is retried with backoff.
import { describe, expect, it } from "vitest";
import { hostMinecraftLobby, type Lobby, type LobbySession } from "../../src/lobby/index.js";
import type { MinecraftLobbyCustom } from "../../src/client/index.js";
import { FRIEND, HOST, joinBody, lobbyWorldPerTest, minecraftCustom, SCID, settle, until, type LobbyWorld } from "./support.js";

const start = lobbyWorldPerTest();
const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}" as const;
const params = (name: string) => ({ path: { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: name } });

async function host(w: LobbyWorld, extra: { fetch?: (r: Request, i?: RequestInit) => Promise<Response> } = {}) {
  const rta = w.rta(HOST);
  const lobby = w.track(
    await hostMinecraftLobby({
      client: w.rest(HOST, extra.fetch === undefined ? {} : { fetch: extra.fetch, retry: false }),
      rta,
      xuid: HOST,
      clock: w.clientClock,
      joinability: "friends",
      properties: { custom: minecraftCustom(HOST) },
    }),
  );
  const log: string[] = [];
  lobby.on("connectionWritten", () => log.push("connection"));
  lobby.on("activityPublished", () => log.push("activity"));
  lobby.on("recovered", (r) => log.push(`recovered:${r.kind}`));
  lobby.on("memberLeft", (m) => log.push(`left:${m.xuid}`));
  return { lobby, rta, log };
}

async function read(w: LobbyWorld, xuid: string, name: string) {
  const { data, response } = await w.rest(xuid).GET(SESSION, { params: params(name) });
  return { session: data as LobbySession<MinecraftLobbyCustom> | undefined, status: response.status };
}

function memberOf(session: LobbySession<MinecraftLobbyCustom> | undefined, xuid: string) {
  return Object.values(session?.members ?? {}).find((m) => m.constants?.system?.xuid === xuid);
}

/** Moves the clients' clock a second at a time (real I/O in between) until `check` holds. */
async function driveClients(w: LobbyWorld, check: () => boolean, what: string, maxSeconds = 120): Promise<void> {
  for (let i = 0; i < maxSeconds && !check(); i++) {
    await settle(3);
    if (!check()) w.clientClock.advance(1000);
  }
  await until(check, what);
}

/** Moves the emulator's clock, letting its timers' effects land. */
async function advanceServer(w: LobbyWorld, ms: number): Promise<void> {
  await settle(10);
  w.serverClock.advance(ms);
  await settle(10);
}

async function joinFriend(w: LobbyWorld, lobby: Lobby<MinecraftLobbyCustom>) {
  const id = await w.rta(FRIEND, { liveness: false }).connectionIdNow();
  const { error } = await w.rest(FRIEND).PUT(SESSION, { params: params(lobby.ref.name), body: joinBody(FRIEND, id) });
  expect(error).toBeUndefined();
  await until(() => lobby.members.length === 1, "the friend's join");
}

describe("a dropped host socket (1006)", () => {
  it("is replaced and the new ConnectionId written, with the activity republished, before the 30 s removal", async () => {
    const w = await start();
    const { lobby, rta, log } = await host(w);
    const first = rta.connectionId;
    expect(w.emulator.rta.inject("drop", HOST)).toBe(1);
    await until(() => w.emulator.rta.liveConnections === 0, "the emulator to see the drop");
    await driveClients(w, () => log.includes("connection"), "the connection rewrite");
    expect(rta.connectionId).not.toBe(first);
    await until(() => log.includes("activity"), "the activity republished");
    // The race: the rewrite landed inside MPSD's window, so running the emulator's clock well past it removes nobody.
    await advanceServer(w, 60_000);
    const { session, status } = await read(w, HOST, lobby.ref.name);
    expect(status).toBe(200);
    const me = memberOf(session, HOST);
    expect(me?.properties?.system).toMatchObject({ active: true, connection: rta.connectionId });
    expect(log).toEqual(["connection", "activity"]);
    const handle = await w.rest(FRIEND).GET("/handles/{handleId}", { params: { path: { handleId: lobby.activityHandleId as string } } });
    expect(handle.error).toBeUndefined();
  });

  it("without a lobby, the same drop costs the member and the session after 30 s (what the lobby prevents)", async () => {
    const w = await start();
    const rta = w.rta(HOST);
    const id = await rta.connectionIdNow();
    const body = { ...joinBody(HOST, id), properties: { custom: minecraftCustom(HOST) } };
    expect((await w.rest(HOST).PUT(SESSION, { params: params("unmanaged"), body })).error).toBeUndefined();
    w.emulator.rta.inject("drop", HOST);
    await until(() => w.emulator.rta.liveConnections === 0, "the drop");
    await advanceServer(w, 30_000 + 300_000);
    expect((await read(w, FRIEND, "unmanaged")).status).toBe(204);
  });
});

describe("a half-open host socket", () => {
  it("is detected by the missing pong, replaced, and the lobby repaired", async () => {
    const w = await start();
    const { lobby, rta, log } = await host(w);
    const first = rta.connectionId;
    expect(w.emulator.rta.inject("halfOpen", HOST)).toBe(1);
    await driveClients(w, () => log.includes("connection"), "the half-open socket to be replaced and the connection rewritten", 180);
    expect(rta.connectionId).not.toBe(first);
    await advanceServer(w, 60_000);
    const me = memberOf((await read(w, HOST, lobby.ref.name)).session, HOST);
    expect(me?.properties?.system).toMatchObject({ active: true, connection: rta.connectionId });
  });
});

describe("a long outage", () => {
  it("that deleted the session: the lobby recreates it under the same name with the same properties", async () => {
    const w = await start();
    const { lobby, log } = await host(w);
    const name = lobby.ref.name;
    await lobby.update(() => ({ properties: { custom: { worldName: "Renamed before the outage" } } }));
    w.emulator.rta.inject("drop", HOST);
    await until(() => w.emulator.rta.liveConnections === 0, "the drop");
    // The emulator's clock runs past the removal while the host is still offline (its clock stands still).
    await advanceServer(w, 30_000 + 300_000);
    expect((await read(w, FRIEND, name)).status).toBe(204);
    await driveClients(w, () => log.includes("recovered:recreated"), "the recreation");
    await until(() => log.includes("activity"), "the activity republished");
    expect(lobby.ref.name).toBe(name);
    const { session, status } = await read(w, HOST, name);
    expect(status).toBe(200);
    expect(session?.properties.custom?.worldName).toBe("Renamed before the outage");
    expect(session?.properties.custom?.SupportedConnections?.[0]?.NetherNetId).toBe(12996504943305946298n);
    expect(session?.properties.custom?.nonces).toEqual({});
    expect(memberOf(session, HOST)?.properties?.system?.active).toBe(true);
  });

  it("that removed only the host: the lobby rejoins, and the friend who stayed is kept", async () => {
    const w = await start();
    const { lobby, log } = await host(w);
    await joinFriend(w, lobby);
    await until(() => typeof lobby.session?.properties.custom?.nonces?.[FRIEND] === "string", "the friend's nonce");
    w.emulator.rta.inject("drop", HOST);
    await until(() => w.emulator.rta.liveConnections === 1, "the drop of the host's socket only");
    await advanceServer(w, 30_000 + 300_000);
    expect(memberOf((await read(w, FRIEND, lobby.ref.name)).session, HOST)).toBeUndefined();
    await driveClients(w, () => log.includes("recovered:rejoined"), "the rejoin");
    const { session } = await read(w, FRIEND, lobby.ref.name);
    expect(memberOf(session, HOST)?.properties?.system?.active).toBe(true);
    expect(memberOf(session, FRIEND)).toBeDefined();
    expect(session?.properties.custom?.nonces?.[FRIEND]).toMatch(/^[0-9a-f]{16}$/);
    expect(log.filter((e) => e.startsWith("left:"))).toEqual([]);
  });
});

describe("a failing sync", () => {
  it("is reported as an error event and retried after backoff on the lobby's clock", async () => {
    const w = await start();
    let failReads = 0;
    let reads = 0;
    const transport = async (request: Request, init?: RequestInit) => {
      if (request.method === "GET") reads++;
      if (request.method === "GET" && failReads > 0) {
        failReads--;
        return new Response(JSON.stringify({ error: "busy" }), { status: 500, headers: { "content-type": "application/json" } });
      }
      return fetch(request, init);
    };
    const { lobby } = await host(w, { fetch: transport });
    const errors: Array<{ name: string; retryInMs: number }> = [];
    lobby.on("error", (e) => errors.push({ name: e.error.name, retryInMs: e.retryInMs }));
    failReads = 1;
    await lobby.refresh();
    expect(errors).toEqual([{ name: "XblError", retryInMs: 1000 }]);
    const readsAfterFailure = reads;
    await settle(30);
    expect(reads).toBe(readsAfterFailure); // nothing until the lobby's clock says so
    w.clientClock.advance(999);
    await settle(30);
    expect(reads).toBe(readsAfterFailure);
    w.clientClock.advance(1);
    await until(() => reads === readsAfterFailure + 1, "the retried read");
    await settle(30);
    expect(errors.length).toBe(1);
  });
});

describe("a resync soon after connecting", () => {
  it("is ignored by the RTA client but still makes the lobby read: a join whose tap became a resync gets its nonce at once", async () => {
    const w = await start({ faults: { rtaResync: 1 } });
    const { lobby } = await host(w);
    const id = await w.rta(FRIEND, { liveness: false }).connectionIdNow();
    expect((await w.rest(FRIEND).PUT(SESSION, { params: params(lobby.ref.name), body: joinBody(FRIEND, id) })).error).toBeUndefined();
    // The clients' clock does not move: no refresh is due, only the resync can explain the read.
    await until(() => typeof lobby.session?.properties.custom?.nonces?.[FRIEND] === "string", "the friend's nonce");
    expect(lobby.members.map((m) => m.xuid)).toEqual([FRIEND]);
  });
});
