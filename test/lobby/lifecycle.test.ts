// The managed lobby host over real HTTP and websockets on loopback: creation with the host active on
// its RTA connection and the activity published, joins and leaves reported with nonces written under
// If-Match, taps coalesced into few reads, a concurrent write never overwritten, invites sent once
// each, and close() leaving nothing behind.
import { describe, expect, it } from "vitest";
import { LobbyError, hostLobby, hostMinecraftLobby, type LobbySession } from "../../src/lobby/index.js";
import type { MinecraftLobbyCustom } from "../../src/client/index.js";
import { FRIEND, HOST, INVITEE, joinBody, lobbyWorldPerTest, minecraftCustom, SCID, settle, TITLE_ID, until, type LobbyWorld } from "./support.js";

const start = lobbyWorldPerTest();
const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}" as const;

/** Every request a REST client sends, with its method, path, If-Match and answer status. */
function recordingTransport() {
  const sent: Array<{ method: string; path: string; ifMatch: string | null; status: number }> = [];
  const transport = async (request: Request, init?: RequestInit) => {
    const response = await fetch(request, init);
    sent.push({ method: request.method, path: new URL(request.url).pathname, ifMatch: request.headers.get("if-match"), status: response.status });
    return response;
  };
  return { sent, transport };
}

async function minecraftHost(w: LobbyWorld, extra: Partial<Parameters<typeof hostMinecraftLobby>[0]> = {}) {
  const record = recordingTransport();
  const lobby = w.track(
    await hostMinecraftLobby({
      client: w.rest(HOST, { fetch: record.transport }),
      rta: w.rta(HOST),
      xuid: HOST,
      titleId: TITLE_ID,
      clock: w.clientClock,
      joinability: "friendsOfFriends",
      properties: { custom: minecraftCustom(HOST) },
      ...extra,
    }),
  );
  return { lobby, sent: record.sent };
}

async function join(w: LobbyWorld, xuid: string, name: string) {
  const connectionId = await w.rta(xuid).connectionIdNow();
  const { error } = await w.rest(xuid).PUT(SESSION, { params: { path: { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: name } }, body: joinBody(xuid, connectionId) });
  expect(error).toBeUndefined();
  return connectionId;
}

async function leave(w: LobbyWorld, xuid: string, name: string) {
  const { error } = await w.rest(xuid).DELETE(`${SESSION}/members/me`, { params: { path: { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: name } } });
  expect(error).toBeUndefined();
}

async function read(w: LobbyWorld, xuid: string, name: string) {
  const { data, response } = await w.rest(xuid).GET(SESSION, { params: { path: { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: name } } });
  return { session: data as LobbySession<MinecraftLobbyCustom> | undefined, status: response.status };
}

function hostMember(session: LobbySession<MinecraftLobbyCustom> | undefined) {
  return Object.values(session?.members ?? {}).find((m) => m.constants?.system?.xuid === HOST);
}

describe("hostMinecraftLobby: creation", () => {
  it("creates the session with the host active on its RTA connection, and publishes the activity", async () => {
    const w = await start();
    const { lobby } = await minecraftHost(w);
    const rtaConnection = w.emulator.rta.liveConnections;
    expect(rtaConnection).toBe(1);
    const { session, status } = await read(w, HOST, lobby.ref.name);
    expect(status).toBe(200);
    const me = hostMember(session);
    expect(me?.properties?.system?.active).toBe(true);
    expect(me?.properties?.system?.connection).toMatch(/^[0-9a-f-]{36}$/);
    expect(me?.properties?.system?.subscription?.changeTypes).toEqual(["everything"]);
    expect(session?.properties.custom?.SupportedConnections?.[0]?.NetherNetId).toBe(12996504943305946298n);
    const handle = await w.rest(FRIEND).GET("/handles/{handleId}", { params: { path: { handleId: lobby.activityHandleId as string } } });
    expect(handle.error).toBeUndefined();
    expect(handle.data?.type).toBe("activity");
    expect((handle.data as { sessionRef?: { name?: string } }).sessionRef?.name).toBe(lobby.ref.name);
  });

  it("refuses a taken session name with the 412 and leaves nothing open", async () => {
    const w = await start();
    const { lobby } = await minecraftHost(w);
    const rta = w.rta(FRIEND);
    const attempt = hostLobby({ client: w.rest(FRIEND), rta, xuid: FRIEND, scid: SCID, templateName: "MinecraftLobby", sessionName: lobby.ref.name });
    await expect(attempt).rejects.toMatchObject({ name: "XblPreconditionFailedError", status: 412 });
    await until(() => w.emulator.rta.sockets === 1, "the refused lobby's RTA socket to close");
  });

  it("rejects bad options with LobbyError before any request", async () => {
    const w = await start();
    const base = { client: w.rest(HOST), rta: w.rta(HOST), xuid: HOST, scid: SCID, templateName: "MinecraftLobby" };
    await expect(hostLobby({ ...base, refreshIntervalMs: 10_000 })).rejects.toBeInstanceOf(LobbyError);
    await expect(hostLobby({ ...base, rotateAtMembers: 1 })).rejects.toMatchObject({ reason: "invalid-option" });
    await expect(hostLobby({ ...base, xuid: "steve" })).rejects.toMatchObject({ reason: "invalid-option" });
    expect(w.emulator.rta.sockets).toBe(0);
  });
});

describe("hostMinecraftLobby: members", () => {
  it("reports joins and leaves, writes each joiner's nonce and MemberCount with If-Match, and drops them on leave", async () => {
    const w = await start();
    const { lobby, sent } = await minecraftHost(w);
    const events: string[] = [];
    lobby.on("memberJoined", (m) => events.push(`+${m.xuid}`));
    lobby.on("memberLeft", (m) => events.push(`-${m.xuid}`));
    await join(w, FRIEND, lobby.ref.name);
    await until(() => typeof lobby.session?.properties.custom?.nonces?.[FRIEND] === "string", "the friend's nonce");
    expect(events).toEqual([`+${FRIEND}`]);
    const afterJoin = await read(w, FRIEND, lobby.ref.name);
    expect(afterJoin.session?.properties.custom?.nonces?.[FRIEND]).toMatch(/^[0-9a-f]{16}$/);
    expect(afterJoin.session?.properties.custom?.MemberCount).toBe(2);
    const writes = sent.filter((r) => r.method === "PUT" && r.path.includes("/sessions/"));
    expect(writes.length).toBe(2); // the create, then the nonce write
    expect(writes[1]?.ifMatch).not.toBeNull();

    await leave(w, FRIEND, lobby.ref.name);
    await until(() => events.length === 2, "the leave");
    expect(events).toEqual([`+${FRIEND}`, `-${FRIEND}`]);
    await until(() => lobby.session?.properties.custom?.MemberCount === 1, "MemberCount back to 1");
    expect(lobby.session?.properties.custom?.nonces?.[FRIEND]).toBeUndefined();
    expect(lobby.members).toEqual([]);
  });

  it("coalesces a burst of taps into fewer reads, and misses no join (rate limits on, no 429)", async () => {
    const w = await start({ rateLimits: true });
    const { lobby, sent } = await minecraftHost(w);
    let taps = 0;
    lobby.on("changed", () => undefined);
    const joined = new Set<string>();
    lobby.on("memberJoined", (m) => joined.add(m.xuid));
    const friends = Array.from({ length: 6 }, (_, i) => `25354052900001${String(i).padStart(2, "0")}`);
    const hostRta = (lobby as unknown as { options: { rta: { on: (e: "shoulderTap", l: () => void) => void } } }).options.rta;
    hostRta.on("shoulderTap", () => taps++);
    await Promise.all(friends.map((xuid) => join(w, xuid, lobby.ref.name)));
    await until(() => friends.every((x) => typeof lobby.session?.properties.custom?.nonces?.[x] === "string"), "every nonce");
    await settle(50);
    expect([...joined].sort()).toEqual([...friends].sort());
    const reads = sent.filter((r) => r.method === "GET").length;
    expect(taps).toBeGreaterThanOrEqual(friends.length);
    expect(reads).toBeLessThan(taps);
    expect(sent.filter((r) => r.status === 429)).toEqual([]);
  });

  it("never overwrites a concurrent write: a 412 re-derives the nonce write from the newer session", async () => {
    const w = await start();
    let interfere: (() => Promise<void>) | undefined;
    const ifMatchPuts: number[] = [];
    const transport = async (request: Request, init?: RequestInit) => {
      if (request.method === "PUT" && request.headers.get("if-match") !== null) {
        const step = interfere;
        interfere = undefined;
        await step?.();
        const response = await fetch(request, init);
        ifMatchPuts.push(response.status);
        return response;
      }
      return fetch(request, init);
    };
    const lobby = w.track(
      await hostMinecraftLobby({ client: w.rest(HOST, { fetch: transport }), rta: w.rta(HOST), xuid: HOST, clock: w.clientClock, joinability: "friends", properties: { custom: minecraftCustom(HOST) } }),
    );
    const friend = w.rest(FRIEND);
    interfere = async () => {
      // Between the lobby's read and its write, the friend changes a property the lobby does not manage.
      const { error } = await friend.PUT(SESSION, {
        params: { path: { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: lobby.ref.name } },
        body: { properties: { custom: { worldName: "Renamed by a member" } } },
      });
      expect(error).toBeUndefined();
    };
    await join(w, FRIEND, lobby.ref.name);
    await until(() => typeof lobby.session?.properties.custom?.nonces?.[FRIEND] === "string", "the nonce");
    expect(ifMatchPuts).toEqual([412, 200]);
    const { session } = await read(w, HOST, lobby.ref.name);
    expect(session?.properties.custom?.worldName).toBe("Renamed by a member");
    expect(session?.properties.custom?.nonces?.[FRIEND]).toMatch(/^[0-9a-f]{16}$/);
  });

  it("update() writes with If-Match and the change survives in the lobby's identity", async () => {
    const w = await start();
    const { lobby, sent } = await minecraftHost(w);
    const updated = await lobby.update((s) => ({ properties: { custom: { worldName: `${s.properties.custom?.worldName} (day 2)` } } }));
    expect(updated.properties.custom?.worldName).toBe("Bedrock Level (day 2)");
    const put = sent.filter((r) => r.method === "PUT").at(-1);
    expect(put?.ifMatch).not.toBeNull();
    expect((await read(w, HOST, lobby.ref.name)).session?.properties.custom?.worldName).toBe("Bedrock Level (day 2)");
  });
});

describe("hostMinecraftLobby: invites", () => {
  it("sends one invite handle per invitee", async () => {
    const w = await start();
    const { lobby, sent } = await minecraftHost(w);
    const outcomes = await lobby.invite([FRIEND, INVITEE]);
    expect(outcomes.map((o) => [o.xuid, o.status])).toEqual([
      [FRIEND, "sent"],
      [INVITEE, "sent"],
    ]);
    for (const outcome of outcomes) {
      const handle = await w.rest(outcome.xuid).GET("/handles/{handleId}", { params: { path: { handleId: (outcome as { handleId: string }).handleId } } });
      expect(handle.data).toMatchObject({ type: "invite", invitedXuid: outcome.xuid });
    }
    expect(sent.filter((r) => r.method === "POST" && r.path === "/handles").length).toBe(3); // activity + two invites
  });

  it("reports an invite whose answer was lost as unknown and does not send it again", async () => {
    const w = await start();
    let posted = 0;
    const transport = async (request: Request, init?: RequestInit) => {
      const body = request.method === "POST" ? await request.clone().text() : "";
      const response = await fetch(request, init);
      if (body.includes(`"invitedXuid":"${INVITEE}"`)) {
        posted++;
        await response.arrayBuffer();
        // The service applied it; the answer never arrives.
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
      }
      return response;
    };
    const lobby = w.track(await hostMinecraftLobby({ client: w.rest(HOST, { fetch: transport }), rta: w.rta(HOST), xuid: HOST, titleId: TITLE_ID, properties: { custom: minecraftCustom(HOST) } }));
    const [friend, invitee] = await lobby.invite([FRIEND, INVITEE]);
    expect(friend?.status).toBe("sent");
    expect(invitee?.status).toBe("unknown");
    expect(invitee && "error" in invitee ? invitee.error.name : "").toBe("XblNetworkError");
    expect(posted).toBe(1);
  });

  it("needs the titleId option", async () => {
    const w = await start();
    const { lobby } = await minecraftHost(w, { titleId: undefined });
    await expect(lobby.invite(FRIEND)).rejects.toMatchObject({ name: "LobbyError", reason: "invalid-option" });
  });
});

describe("hostMinecraftLobby: close", () => {
  it("deletes the activity, removes the member (the empty session goes), closes the socket and leaves no timer", async () => {
    const w = await start();
    const { lobby } = await minecraftHost(w);
    const handleId = lobby.activityHandleId as string;
    let closed = 0;
    lobby.on("closed", () => closed++);
    await lobby.close();
    expect(closed).toBe(1);
    expect((await read(w, HOST, lobby.ref.name)).status).toBe(204);
    const handle = await w.rest(HOST).GET("/handles/{handleId}", { params: { path: { handleId } } });
    expect(handle.error?.status).toBe(404);
    await until(() => w.emulator.rta.sockets === 0, "the RTA socket to close");
    expect(w.clientClock.pendingTimers()).toBe(0);
    await expect(lobby.refresh()).rejects.toMatchObject({ name: "LobbyError", reason: "closed" });
    await expect(lobby.update(() => undefined)).rejects.toMatchObject({ reason: "closed" });
    await lobby.close(); // a second close is harmless
  });

  it("leaves the session to the members still in it", async () => {
    const w = await start();
    const { lobby } = await minecraftHost(w);
    await join(w, FRIEND, lobby.ref.name);
    await until(() => lobby.members.length === 1, "the join");
    await lobby.close();
    const { session, status } = await read(w, FRIEND, lobby.ref.name);
    expect(status).toBe(200);
    expect(hostMember(session)).toBeUndefined();
    expect(session?.membersInfo.count).toBe(1);
  });
});

describe("hostMinecraftLobby: periodic refresh", () => {
  it("re-reads on the refresh interval and writes nothing when all is well", async () => {
    const w = await start();
    const { lobby, sent } = await minecraftHost(w, { refreshIntervalMs: 60_000 });
    const before = sent.length;
    w.clientClock.advance(60_000);
    await until(() => sent.length > before, "the refresh read");
    await settle(20);
    expect(sent.slice(before).map((r) => r.method)).toEqual(["GET"]);
    expect(lobby.session).toBeDefined();
  });
});
