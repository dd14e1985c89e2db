// Rotation before the session fills, and a create whose answer was lost, over real HTTP on loopback.
import { describe, expect, it } from "vitest";
import { hostMinecraftLobby, type LobbySession } from "../../src/lobby/index.js";
import type { MinecraftLobbyCustom } from "../../src/client/index.js";
import { FRIEND, HOST, INVITEE, joinBody, lobbyWorldPerTest, minecraftCustom, SCID, until, type LobbyWorld } from "./support.js";

const start = lobbyWorldPerTest();
const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}" as const;
const params = (name: string) => ({ path: { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: name } });

async function read(w: LobbyWorld, xuid: string, name: string) {
  const { data, response } = await w.rest(xuid).GET(SESSION, { params: params(name) });
  return { session: data as LobbySession<MinecraftLobbyCustom> | undefined, status: response.status };
}

const xuidsOf = (session: LobbySession<MinecraftLobbyCustom> | undefined) =>
  Object.values(session?.members ?? {}).map((m) => m.constants?.system?.xuid).sort();

describe("rotateAtMembers", () => {
  it("moves the lobby to a fresh session when the count is reached: same properties, activity moved, host out of the old one", async () => {
    const w = await start();
    const lobby = w.track(
      await hostMinecraftLobby({ client: w.rest(HOST), rta: w.rta(HOST), xuid: HOST, clock: w.clientClock, joinability: "friends", rotateAtMembers: 3, properties: { custom: minecraftCustom(HOST) } }),
    );
    const rotations: Array<{ from: string; to: string }> = [];
    lobby.on("rotated", (r) => rotations.push({ from: r.from.name, to: r.to.name }));
    const first = lobby.ref.name;
    for (const xuid of [FRIEND, INVITEE]) {
      const id = await w.rta(xuid, { liveness: false }).connectionIdNow();
      expect((await w.rest(xuid).PUT(SESSION, { params: params(first), body: joinBody(xuid, id) })).error).toBeUndefined();
    }
    await until(() => rotations.length === 1, "the rotation");
    const second = lobby.ref.name;
    expect(rotations).toEqual([{ from: first, to: second }]);
    expect(second).not.toBe(first);
    await until(() => (lobby.session as LobbySession<MinecraftLobbyCustom> | undefined)?.membersInfo.count === 1 && lobby.activityHandleId !== undefined, "the new session");
    const fresh = await read(w, HOST, second);
    expect(xuidsOf(fresh.session)).toEqual([HOST]);
    expect(fresh.session?.properties.custom?.hostName).toBe("Steve's world");
    expect(fresh.session?.properties.custom?.nonces).toEqual({});
    expect(fresh.session?.properties.custom?.MemberCount).toBe(1);
    const old = await read(w, FRIEND, first);
    expect(xuidsOf(old.session)).toEqual([FRIEND, INVITEE].sort());
    await until(() => lobby.activityHandleId !== undefined, "the activity");
    const handle = await w.rest(FRIEND).GET("/handles/{handleId}", { params: { path: { handleId: lobby.activityHandleId as string } } });
    expect((handle.data as { sessionRef?: { name?: string } } | undefined)?.sessionRef?.name).toBe(second);
  });
});

describe("a create whose answer was lost", () => {
  it("is settled by reading: the lobby adopts the session it created, and writes it once", async () => {
    const w = await start();
    let creates = 0;
    const transport = async (request: Request, init?: RequestInit) => {
      const response = await fetch(request, init);
      if (request.method === "PUT" && request.headers.get("if-none-match") === "*" && creates++ === 0) {
        await response.arrayBuffer();
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      }
      return response;
    };
    const lobby = w.track(
      await hostMinecraftLobby({ client: w.rest(HOST, { fetch: transport, retry: false }), rta: w.rta(HOST), xuid: HOST, clock: w.clientClock, properties: { custom: minecraftCustom(HOST) } }),
    );
    expect(creates).toBe(1);
    expect(lobby.session?.membersInfo.count).toBe(1);
    const { session, status } = await read(w, HOST, lobby.ref.name);
    expect(status).toBe(200);
    expect(session?.changeNumber).toBe(lobby.session?.changeNumber);
  });
});
