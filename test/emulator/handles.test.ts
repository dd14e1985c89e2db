// Handles over real HTTP: activity, invite, transfer, search, query; joining through an invite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Api, emulator, HOST, joinBody, lobbyCreateBody, PEER, SCID, sessionPath, STRANGER } from "../support/emulator-api.js";
import type { RunningEmulator } from "../../src/emulator/index.js";

let api: Api;
let emu: RunningEmulator;
// HOST and PEER follow each other (a mutual friendship); nobody follows STRANGER.
// The emulator's clock: fixed, so an invite's expiration is checked exactly.
const NOW = Date.UTC(2026, 10, 21, 9, 0, 0);
const INVITE_TTL_MS = 60_000;

beforeAll(async () => {
  ({ api, emu } = await emulator({ now: () => NOW, inviteTtlMs: INVITE_TTL_MS, follows: { [HOST]: [PEER], [PEER]: [HOST] } }));
});
afterAll(() => emu.close());

const ref = (name: string, templateName = "MinecraftLobby") => ({ scid: SCID, templateName, name });

async function lobby(): Promise<string> {
  const name = randomUUID();
  expect((await api.put(sessionPath(name), lobbyCreateBody(HOST))).status).toBe(201);
  return name;
}

const activity = (name: string) => ({ version: 1, type: "activity", sessionRef: ref(name) });

describe("activity handles", () => {
  it("creates an activity (201), repeats as 200 with the same handle, replaces the old one per SCID", async () => {
    const a = await lobby();
    const first = await api.post("/handles", activity(a));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ type: "activity", version: 1, ownerXuid: HOST, titleId: "896928775", sessionRef: ref(a) });
    const repeat = await api.post("/handles", activity(a));
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(first.body.id);

    const b = await lobby();
    const second = await api.post("/handles", activity(b));
    expect(second.status).toBe(201);
    const query = await api.post("/handles/query", { type: "activity", scid: SCID, owners: { xuids: [HOST] } });
    expect(query.body.results.map((h: { id: string }) => h.id)).toEqual([second.body.id]);
  });

  it("needs membership of the referenced session (403) and an existing session (404)", async () => {
    const a = await lobby();
    expect((await api.post("/handles", activity(a), { as: PEER })).status).toBe(403);
    expect((await api.post("/handles", activity(randomUUID()))).status).toBe(404);
  });

  it("is removed when its owner leaves the session", async () => {
    const a = await lobby();
    await api.put(sessionPath(a), joinBody(PEER), { as: PEER });
    const handle = await api.post("/handles", activity(a), { as: PEER });
    expect(handle.status).toBe(201);
    await api.put(sessionPath(a), { members: { me: null } }, { as: PEER });
    const query = await api.post("/handles/query", { type: "activity", owners: { xuids: [PEER] } });
    expect(query.body.results).toEqual([]);
    expect((await api.get(`/handles/${handle.body.id}/session`, { as: PEER })).status).toBe(404);
  });

  it("query by owners.people follows the graph, honours readRestriction, and include adds relatedInfo + customProperties", async () => {
    const a = await lobby();
    await api.post("/handles", activity(a));
    const found = await api.post("/handles/query?include=relatedInfo,customProperties", {
      type: "activity",
      scid: SCID,
      owners: { people: { moniker: "people", monikerXuid: PEER } },
    }, { as: PEER });
    expect(found.status).toBe(200);
    const mine = found.body.results.find((h: { sessionRef: { name: string } }) => h.sessionRef.name === a);
    expect(mine.relatedInfo).toMatchObject({ visibility: "open", joinRestriction: "followed", closed: false, maxMembersCount: 30, membersCount: 1 });
    expect(mine.customProperties.worldName).toBe("World");
    // STRANGER follows nobody, and cannot read HOST's 'followed' session even by xuid.
    const stranger = await api.post("/handles/query", { type: "activity", owners: { xuids: [HOST] } }, { as: STRANGER });
    expect(stranger.body.results).toEqual([]);
    // Without include there is no relatedInfo.
    const plain = await api.post("/handles/query", { type: "activity", owners: { xuids: [HOST] } }, { as: PEER });
    expect(plain.body.results[0].relatedInfo).toBeUndefined();
  });

  it("owners with both xuids and people is 400; someone else's graph is 403", async () => {
    const both = await api.post("/handles/query", {
      type: "activity",
      owners: { xuids: [HOST], people: { moniker: "people", monikerXuid: HOST } },
    });
    expect(both.status).toBe(400);
    expect(both.text).toContain("/owners");
    const other = await api.post("/handles/query", { type: "activity", owners: { people: { moniker: "people", monikerXuid: PEER } } });
    expect(other.status).toBe(403);
  });

  it("DELETE removes a handle (204), then 404; only the owner may delete (403)", async () => {
    const a = await lobby();
    const handle = await api.post("/handles", activity(a));
    expect((await api.del(`/handles/${handle.body.id}`, { as: PEER })).status).toBe(403);
    expect((await api.del(`/handles/${handle.body.id}`)).status).toBe(204);
    expect((await api.del(`/handles/${handle.body.id}`)).status).toBe(404);
  });
});

describe("invite handles", () => {
  it("returns the invite with id, senderXuid and expiration; the invitee joins a 'local' session through it", async () => {
    const name = randomUUID();
    const body = lobbyCreateBody(HOST);
    (body["properties"] as { system: Record<string, unknown> }).system = { joinRestriction: "local", readRestriction: "local", closed: false };
    await api.put(sessionPath(name), body);
    const invite = await api.post("/handles", {
      version: 1, type: "invite", sessionRef: ref(name), invitedXuid: STRANGER, inviteAttributes: { titleId: "896928775" },
    });
    expect(invite.status).toBe(201);
    expect(invite.body).toMatchObject({ type: "invite", invitedXuid: STRANGER, senderXuid: HOST, inviteProtocol: "game" });
    expect(Date.parse(invite.body.expiration)).toBe(NOW + INVITE_TTL_MS);

    expect((await api.put(sessionPath(name), joinBody(STRANGER), { as: STRANGER })).status).toBe(403);
    const read = await api.get(`/handles/${invite.body.id}/session`, { as: STRANGER });
    expect(read.status).toBe(200);
    expect(read.headers.get("content-location")).toBe(sessionPath(name));
    const joined = await api.put(`/handles/${invite.body.id}/session`, joinBody(STRANGER), { as: STRANGER, headers: { "If-Match": "*" } });
    expect(joined.status).toBe(200);
    expect(joined.headers.get("content-location")).toBe(sessionPath(name));
    expect(joined.body.members["1"].constants.system.xuid).toBe(STRANGER);
    // The invite is for STRANGER only.
    expect((await api.put(`/handles/${invite.body.id}/session`, joinBody(PEER), { as: PEER })).status).toBe(403);
  });

  it("needs invitedXuid (400) and a sender who is a member (403)", async () => {
    const name = await lobby();
    const missing = await api.post("/handles", { version: 1, type: "invite", sessionRef: ref(name), inviteAttributes: { titleId: "896928775" } });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("invitedXuid");
    const notMember = await api.post("/handles", {
      version: 1, type: "invite", sessionRef: ref(name), invitedXuid: PEER, inviteAttributes: { titleId: "896928775" },
    }, { as: STRANGER });
    expect(notMember.status).toBe(403);
  });

  it("expires after inviteTtlMs", async () => {
    let now = NOW;
    const local = await emulator({ now: () => now, inviteTtlMs: 1000 });
    try {
      const name = randomUUID();
      await local.api.put(sessionPath(name), lobbyCreateBody(HOST));
      const invite = await local.api.post("/handles", {
        version: 1, type: "invite", sessionRef: ref(name), invitedXuid: PEER, inviteAttributes: { titleId: "896928775" },
      });
      now += 1001;
      expect((await local.api.get(`/handles/${invite.body.id}/session`, { as: PEER })).status).toBe(404);
    } finally {
      await local.emu.close();
    }
  });
});

describe("transfer handles", () => {
  it("members of the origin lobby join the target game through the transfer handle; others cannot", async () => {
    const lobbyName = await lobby();
    await api.put(sessionPath(lobbyName), joinBody(PEER), { as: PEER });
    const game = randomUUID();
    const gameBody = { ...joinBody(HOST), properties: { system: { joinRestriction: "local", readRestriction: "local" } } };
    expect((await api.put(sessionPath(game, "GameSession"), gameBody)).status).toBe(201);
    const transfer = await api.post("/handles", { version: 1, type: "transfer", sessionRef: ref(game, "GameSession"), originSessionRef: ref(lobbyName) });
    expect(transfer.status).toBe(201);
    expect(transfer.body).toMatchObject({ type: "transfer", originSessionRef: ref(lobbyName), sessionRef: ref(game, "GameSession") });
    const joined = await api.put(`/handles/${transfer.body.id}/session`, joinBody(PEER), { as: PEER });
    expect(joined.status).toBe(200);
    expect(joined.body.membersInfo.count).toBe(2);
    expect((await api.put(`/handles/${transfer.body.id}/session`, joinBody(STRANGER), { as: STRANGER })).status).toBe(403);
  });
});

describe("search handles", () => {
  it("publishes a searchable session and finds it by filter, with orderBy and include=relatedInfo,roleInfo", async () => {
    const names: string[] = [];
    for (const [map, level] of [["ctf", 3], ["ctf", 9], ["koth", 5]] as const) {
      const name = randomUUID();
      names.push(name);
      await api.put(sessionPath(name, "GameSession"), joinBody(HOST));
      const search = await api.post("/handles", {
        version: 1, type: "search", sessionRef: ref(name, "GameSession"),
        searchAttributes: { tags: ["Casual"], strings: { map }, numbers: { level } },
      });
      expect(search.status).toBe(201);
      const session = await api.get(sessionPath(name, "GameSession"));
      expect(session.body.searchHandle).toBe(search.body.id);
    }
    const res = await api.post("/handles/query?include=relatedInfo,roleInfo", {
      type: "search", scid: SCID, templateName: "GameSession",
      filter: "strings/map eq 'CTF' and tags/any(t: t eq 'casual') and numbers/level ge 3", orderBy: "numbers/level desc",
    }, { as: PEER });
    expect(res.status).toBe(200);
    const ours = res.body.results.filter((h: { sessionRef: { name: string } }) => names.includes(h.sessionRef.name));
    expect(ours.map((h: { searchAttributes: { numbers: { level: number } } }) => h.searchAttributes.numbers.level)).toEqual([9, 3]);
    expect(ours[0].relatedInfo.sessionOwners).toEqual([]);
    expect(ours[0].roleInfo).toEqual({ roleTypes: {} });
  });

  it("refuses a non-searchable session (400) and a malformed filter (400)", async () => {
    const name = await lobby();
    expect((await api.post("/handles", { version: 1, type: "search", sessionRef: ref(name) })).status).toBe(400);
    const bad = await api.post("/handles/query", { type: "search", scid: SCID, templateName: "GameSession", filter: "strings/map eq" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("/filter");
  });
});
