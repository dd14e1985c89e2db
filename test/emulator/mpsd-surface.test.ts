// The rest of the MPSD surface over real HTTP: handle reads, session queries and batches, templates,
// member and server removal, and the gaps of the original operations (create through a handle, 412
// with Content-Location, 204 on a vanished session's properties, case-insensitive paths, include with
// an encoded comma). Every answer is checked against the contract by the Api helper.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Api, emulator, HOST, joinBody, lobbyCreateBody, PEER, SCID, sessionPath, STRANGER } from "../support/emulator-api.js";
import type { RunningEmulator } from "../../src/emulator/index.js";

let api: Api;
let emu: RunningEmulator;
beforeAll(async () => {
  ({ api, emu } = await emulator({ follows: { [HOST]: [PEER], [PEER]: [HOST] } }));
});
afterAll(() => emu.close());

const ref = (name: string, templateName = "MinecraftLobby") => ({ scid: SCID, templateName, name });

async function lobby(body = lobbyCreateBody(HOST)): Promise<string> {
  const name = randomUUID();
  expect((await api.put(sessionPath(name), body)).status).toBe(201);
  return name;
}

describe("GET /handles/{handleId}", () => {
  it("returns the handle (not the session) to its owner, its invitee and readers of the session; 404 to others", async () => {
    const name = await lobby();
    const invite = await api.post("/handles", { version: 1, type: "invite", sessionRef: ref(name), invitedXuid: STRANGER, inviteAttributes: { titleId: "896928775" } });
    expect(invite.status).toBe(201);
    const own = await api.get(`/handles/${invite.body.id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: invite.body.id, type: "invite", invitedXuid: STRANGER, senderXuid: HOST, sessionRef: ref(name) });
    expect(own.body.members).toBeUndefined();
    expect((await api.get(`/handles/${invite.body.id}`, { as: STRANGER })).status).toBe(200);
    // PEER is followed by the host, so it may read the session and its handles.
    expect((await api.get(`/handles/${invite.body.id}`, { as: PEER })).status).toBe(200);
    expect((await api.get(`/handles/${invite.body.id}`, { as: "2535405290000099" })).status).toBe(404);
    expect((await api.get(`/handles/${randomUUID()}`)).status).toBe(404);
  });
});

describe("session queries", () => {
  it("finds a user's sessions at SCID and template level, and refuses a query without a filter", async () => {
    const name = await lobby();
    await api.put(sessionPath(name), joinBody(PEER), { as: PEER });
    const bySelf = await api.get(`/serviceconfigs/${SCID}/sessions?xuid=${HOST}`);
    expect(bySelf.status).toBe(200);
    const mine = bySelf.body.results.find((r: { sessionRef: { name: string } }) => r.sessionRef.name === name);
    expect(mine).toMatchObject({ xuid: HOST, status: "active", accepted: 2, visibility: "open", joinRestriction: "followed", sessionRef: ref(name) });
    const byTemplate = await api.get(`/serviceconfigs/${SCID}/sessiontemplates/MinecraftLobby/sessions?xuid=${PEER}&take=1`);
    expect(byTemplate.body.results).toHaveLength(1);
    const otherTemplate = await api.get(`/serviceconfigs/${SCID}/sessiontemplates/GameSession/sessions?xuid=${PEER}`);
    expect(otherTemplate.body.results).toEqual([]);
    expect((await api.get(`/serviceconfigs/${SCID}/sessions`)).status).toBe(400);
    expect((await api.get(`/serviceconfigs/${SCID}/sessions?xuid=${HOST}&take=101`)).status).toBe(400);
  });

  it("finds sessions by keyword, never private ones, and only those the caller may read", async () => {
    const keyword = `kw${Date.now()}`;
    const open = randomUUID();
    const gameRef = (n: string) => `/serviceconfigs/${SCID}/sessiontemplates/GameSession/sessions/${n}`;
    const me = { constants: { system: { xuid: HOST, initialize: true } }, properties: { system: { active: true } } };
    expect((await api.put(gameRef(open), { properties: { system: { keywords: [keyword] } }, members: { me } })).status).toBe(201);
    const hidden = randomUUID();
    const privateBody = { constants: { system: { visibility: "private" } }, members: { me } };
    expect((await api.put(gameRef(hidden), privateBody)).status).toBe(201);
    const found = await api.get(`/serviceconfigs/${SCID}/sessions?keyword=${keyword.toUpperCase()}`, { as: STRANGER });
    expect(found.body.results.map((r: { sessionRef: { name: string } }) => r.sessionRef.name)).toEqual([open]);
    const restricted = await lobby();
    await api.put(sessionPath(restricted), { properties: { system: { keywords: [keyword] } } });
    const stranger = await api.get(`/serviceconfigs/${SCID}/sessions?keyword=${keyword}`, { as: STRANGER });
    expect(stranger.body.results.map((r: { sessionRef: { name: string } }) => r.sessionRef.name)).not.toContain(restricted);
  });

  it("lets only the user itself ask for private sessions and reservations (403 otherwise), and reservations need xuid", async () => {
    expect((await api.get(`/serviceconfigs/${SCID}/sessions?xuid=${PEER}&private=true`)).status).toBe(403);
    expect((await api.get(`/serviceconfigs/${SCID}/sessions?xuid=${HOST}&private=true&reservations=true`)).status).toBe(200);
    expect((await api.get(`/serviceconfigs/${SCID}/sessions?keyword=x&reservations=true`)).status).toBe(400);
    expect((await api.get(`/serviceconfigs/${SCID}/sessions?keyword=x&visibility=private`)).status).toBe(400);
    const reserving = await lobby({ ...lobbyCreateBody(HOST), members: { ...(lobbyCreateBody(HOST).members as object), reserve_0: { constants: { system: { xuid: STRANGER } } } } });
    const plain = await api.get(`/serviceconfigs/${SCID}/sessions?xuid=${STRANGER}`, { as: STRANGER });
    expect(plain.body.results.map((r: { sessionRef: { name: string } }) => r.sessionRef.name)).not.toContain(reserving);
    const withReservations = await api.get(`/serviceconfigs/${SCID}/sessions?xuid=${STRANGER}&reservations=true`, { as: STRANGER });
    expect(withReservations.body.results).toContainEqual(expect.objectContaining({ status: "reserved", sessionRef: ref(reserving) }));
  });

  it("batches several users, results grouped by user in request order", async () => {
    const name = await lobby();
    await api.put(sessionPath(name), joinBody(PEER), { as: PEER });
    const batch = await api.post(`/serviceconfigs/${SCID}/batch`, { xuids: [PEER, HOST] });
    expect(batch.status).toBe(200);
    const hits = batch.body.results.filter((r: { sessionRef: { name: string } }) => r.sessionRef.name === name);
    expect(hits.map((r: { xuid: string }) => r.xuid)).toEqual([PEER, HOST]);
    const xuidsInOrder = batch.body.results.map((r: { xuid: string }) => r.xuid);
    expect(xuidsInOrder.indexOf(HOST)).toBeGreaterThan(xuidsInOrder.lastIndexOf(PEER));
    const inTemplate = await api.post(`/serviceconfigs/${SCID}/sessiontemplates/minecraftlobby/batch`, { xuids: [PEER] });
    expect(inTemplate.body.results.length).toBeGreaterThan(0);
    expect((await api.post(`/serviceconfigs/${SCID}/batch`, { xuids: [] })).status).toBe(400);
    expect((await api.post(`/serviceconfigs/${SCID}/batch?reservations=true`, { xuids: [PEER, HOST] })).status).toBe(403);
  });
});

describe("session templates", () => {
  it("lists the template names and reads one as the constants its sessions start with", async () => {
    const list = await api.get(`/serviceconfigs/${SCID}/sessiontemplates`);
    expect(list.body.results).toEqual(expect.arrayContaining(["MinecraftLobby", "GameSession"]));
    const one = await api.get(`/serviceconfigs/${SCID}/sessionTemplates/MinecraftLobby`);
    expect(one.status).toBe(200);
    expect(one.body.constants.system).toMatchObject({ maxMembersCount: 30, sessionEmptyTimeout: 0 });
    expect((await api.get(`/serviceconfigs/${SCID}/sessiontemplates/NoSuchTemplate`)).status).toBe(404);
    const wrongVerb = await api.del(`/serviceconfigs/${SCID}/sessiontemplates`);
    expect(wrongVerb.status).toBe(405);
    expect(wrongVerb.headers.get("allow")).toBe("GET");
  });
});

describe("removing members and servers", () => {
  it("refuses a user token (403, a server principal is needed) and changes nothing", async () => {
    const name = await lobby();
    await api.put(sessionPath(name), joinBody(PEER), { as: PEER });
    const removed = await api.del(`${sessionPath(name)}/members/1`);
    expect(removed.status).toBe(403);
    expect(removed.text).toMatch(/server/i);
    expect((await api.del(`${sessionPath(name)}/servers/matchmaking`)).status).toBe(403);
    expect((await api.get(sessionPath(name))).body.membersInfo.count).toBe(2);
    expect((await api.del(`${sessionPath(name)}/members/not-an-index`)).status).toBe(400);
  });
});

describe("gaps of the original operations", () => {
  it("creates through a handle (201, If-None-Match: *) and answers a failed precondition with 412 and Content-Location", async () => {
    const lobbyName = await lobby();
    const game = randomUUID();
    const transfer = await api.post("/handles", { version: 1, type: "transfer", sessionRef: ref(game, "GameSession"), originSessionRef: ref(lobbyName) });
    expect(transfer.status).toBe(201);
    const me = { constants: { system: { xuid: HOST, initialize: true } }, properties: { system: { active: true } } };
    const created = await api.put(`/handles/${transfer.body.id}/session`, { members: { me } }, { headers: { "If-None-Match": "*" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-location")).toMatch(new RegExp(`/sessions/${game}$`));
    const again = await api.put(`/handles/${transfer.body.id}/session`, { members: { me } }, { headers: { "If-None-Match": "*" } });
    expect(again.status).toBe(412);
    expect(again.headers.get("content-location")).toBe(created.headers.get("content-location"));
    expect(again.body.membersInfo.count).toBe(1);
  });

  it("answers PUT .../properties with 404 for a session that never existed and 204 for one that is gone", async () => {
    expect((await api.put(`${sessionPath(randomUUID())}/properties`, { custom: { a: 1 } })).status).toBe(404);
    const name = await lobby();
    expect((await api.put(sessionPath(name), { members: { me: null } })).status).toBe(204);
    const gone = await api.put(`${sessionPath(name)}/properties`, { custom: { a: 1 } });
    expect(gone.status).toBe(204);
    expect(gone.text).toBe("");
  });

  it("serves the SDK's sessionTemplates spelling and an include with a percent-encoded comma", async () => {
    const name = randomUUID();
    const sdkPath = `/serviceconfigs/${SCID}/sessionTemplates/MinecraftLobby/sessions/${name}`;
    expect((await api.put(sdkPath, lobbyCreateBody(HOST))).status).toBe(201);
    expect((await api.get(sessionPath(name))).status).toBe(200);
    await api.post("/handles", { version: 1, type: "activity", sessionRef: ref(name) });
    const query = await api.post("/handles/query?include=relatedInfo%2CcustomProperties", { type: "activity", scid: SCID, owners: { xuids: [HOST] } });
    expect(query.status).toBe(200);
    expect(query.body.results[0].relatedInfo).toMatchObject({ membersCount: 1 });
    expect(query.body.results[0].customProperties.worldName).toBe("World");
  });

  it("sends Retry-After on every 429, and search handles have their own, stricter window", async () => {
    const limited = await emulator({ rateLimits: true, follows: { [HOST]: [PEER] } });
    try {
      const gameRef = `/serviceconfigs/${SCID}/sessiontemplates/GameSession/sessions/${randomUUID()}`;
      const me = { constants: { system: { xuid: HOST } }, properties: { system: { active: true } } };
      const sessionRef = { scid: SCID, templateName: "GameSession", name: gameRef.split("/").at(-1)! };
      expect((await limited.api.put(gameRef, { members: { me } })).status).toBe(201);
      const search = { version: 1, type: "search", sessionRef, searchAttributes: { tags: ["one"], achievementIds: [], locale: "en" } };
      expect((await limited.api.post("/handles", search)).status).toBe(201);
      const second = await limited.api.post("/handles", search);
      expect(second.status).toBe(429);
      expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(second.body).toMatchObject({ maxRequests: 1, periodInSeconds: 15, limitType: "rate" });
      // Other handle writes and search reads are outside the search-write window.
      expect((await limited.api.post("/handles", { version: 1, type: "activity", sessionRef })).status).toBe(201);
      const query = { type: "search", scid: SCID, templateName: "GameSession" };
      expect((await limited.api.post("/handles/query", query)).status).toBe(200);
      expect((await limited.api.post("/handles/query", query)).status).toBe(429);
    } finally {
      await limited.emu.close();
    }
  });
});

describe("the MinecraftLobby template", () => {
  it("starts sessions with the constants of the observed live lobby, and a config template of the same name replaces them", async () => {
    const name = await lobby();
    const system = (await api.get(sessionPath(name))).body.constants.system;
    expect(system).toMatchObject({
      maxMembersCount: 30,
      inactiveRemovalTimeout: 300000,
      readyRemovalTimeout: 240000,
      reservedRemovalTimeout: 240000,
      sessionEmptyTimeout: 0,
      capabilities: { gameplay: true, connectionRequiredForActiveMembers: true },
    });
    const custom = await emulator({ templates: { MinecraftLobby: { constants: { system: { maxMembersCount: 8, sessionEmptyTimeout: 60000 } } } } });
    try {
      const other = randomUUID();
      const created = await custom.api.put(sessionPath(other), lobbyCreateBody(HOST));
      expect(created.body.constants.system).toMatchObject({ maxMembersCount: 8, sessionEmptyTimeout: 60000 });
    } finally {
      await custom.emu.close();
    }
  });
});
