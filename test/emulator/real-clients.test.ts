// The requests three published open clients send to MPSD, written here from what their code does
// (bodies, headers, paths, order), replayed against the emulator: what the real service accepts is
// accepted, and their known-bad requests get a clear 4xx. Every answer is checked against the contract.
//   friend-connect 0.7.5: RakNet-era lobby body, keep-alive re-PUT + activity, secondary accounts joining
//     with the host's connection, pruning by index, an invite without invitedXuid, DELETE on the template list.
//   bedrock-portal 2.4.0: NetherNet lobby body with uint64 ids, activity, invite, republish, member count,
//     connection refresh, peer join, nonce sync, leave.
//   prismarine-xbox-services: one PUT to open (`properties: {}` when nothing is set), an encoded session
//     name, activity query through the social graph, connection push after an RTA reconnect, close.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Api, emulator, HOST, lobbyCreateBody, NETHER_ID, PEER, SCID, sessionPath } from "../support/emulator-api.js";
import type { RunningEmulator } from "../../src/emulator/index.js";

let api: Api;
let emu: RunningEmulator;
beforeAll(async () => {
  ({ api, emu } = await emulator({ follows: { [HOST]: [PEER], [PEER]: [HOST] } }));
});
afterAll(() => emu.close());

const TITLE_ID = "896928775";
const sessionRef = (name: string) => ({ scid: SCID, templateName: "MinecraftLobby", name });
/** bedrock-portal and friend-connect build session paths with the SDK's capital T. */
const sdkPath = (name: string) => `/serviceconfigs/${SCID}/sessionTemplates/MinecraftLobby/sessions/${name}`;
const member = (xuid: string, connection: string, subscriptionId = "0f8fad5b-d9cb-469f-a165-70867728950e") => ({
  constants: { system: { xuid, initialize: true } },
  properties: { system: { active: true, connection, subscription: { id: subscriptionId, changeTypes: ["everything"] } } },
});

describe("friend-connect", () => {
  // It sends Content-Type and the contract version on every request, also GET and DELETE without a body.
  const always = { headers: { "Content-Type": "application/json" } };
  const ravenBody = (connection: string) => ({
    properties: {
      system: { joinRestriction: "followed", readRestriction: "followed", closed: false },
      custom: {
        BroadcastSetting: 3,
        CrossPlayDisabled: false,
        Joinability: "joinable_by_friends",
        LanGame: true,
        MaxMemberCount: 40,
        MemberCount: 1,
        OnlineCrossPlatformGame: true,
        SupportedConnections: [{ ConnectionType: 6, HostIpAddress: "203.0.113.7", HostPort: 19132, RakNetGUID: "" }],
        TitleId: 0,
        TransportLayer: 0,
        levelId: "level",
        hostName: "Friend Connect",
        ownerId: HOST,
        rakNetGUID: "",
        worldName: "Join me",
        worldType: "Survival",
        protocol: 594,
        version: "1.20.10",
      },
    },
    members: { me: member(HOST, connection, "7d8c1f4a-2b3d-4c5e-8f7a-9b0c1d2e3f4a") },
  });

  it("creates the RakNet-era lobby, keeps it alive by re-PUTting it with its activity, and reads it back", async () => {
    const name = randomUUID();
    const connection = "d01a8c1b-2f83-4e03-9278-3048b480928f";
    expect((await api.put(sdkPath(name), ravenBody(connection))).status).toBe(201);
    const activity = { version: 1, type: "activity", sessionRef: sessionRef(name) };
    const first = await api.post("/handles", activity);
    expect(first.status).toBe(201);
    // The keep-alive: the same full body and the same activity again.
    const again = await api.put(sdkPath(name), ravenBody(connection));
    expect(again.status).toBe(200);
    expect((await api.post("/handles", activity)).status).toBe(200);
    const read = await api.get(sdkPath(name), always);
    expect(read.status).toBe(200);
    expect(read.body.properties.custom.SupportedConnections[0]).toMatchObject({ ConnectionType: 6, HostPort: 19132 });
    const handle = await api.get(`/handles/${first.body.id}`, always);
    expect(handle.body).toMatchObject({ type: "activity", ownerXuid: HOST });
    expect((await api.del(`/handles/${first.body.id}`, always)).status).toBe(204);
  });

  it("lets a secondary account join with the host's RTA connection id, and queries activities of followed people", async () => {
    const name = randomUUID();
    const connection = "d01a8c1b-2f83-4e03-9278-3048b480928f";
    await api.put(sdkPath(name), ravenBody(connection));
    await api.post("/handles", { version: 1, type: "activity", sessionRef: sessionRef(name) });
    const joined = await api.put(sdkPath(name), { members: { me: member(PEER, connection, "7d8c1f4a-2b3d-4c5e-8f7a-9b0c1d2e3f4a") } }, { as: PEER });
    expect(joined.status).toBe(200);
    expect(joined.body.membersInfo.count).toBe(2);
    const query = await api.post("/handles/query?include=relatedInfo", { type: "activity", scid: SCID, owners: { people: { moniker: "people", monikerXuid: PEER } } }, { as: PEER });
    expect(query.status).toBe(200);
    expect(query.body.results.map((h: { sessionRef: { name: string } }) => h.sessionRef.name)).toContain(name);
    const batch = await api.post(`/serviceconfigs/${SCID}/batch`, { xuids: [HOST, PEER] });
    expect(batch.status).toBe(200);
  });

  it("gets a clear 4xx for its known-bad requests", async () => {
    const name = randomUUID();
    await api.put(sdkPath(name), ravenBody("d01a8c1b-2f83-4e03-9278-3048b480928f"));
    // The invite body it builds has no invitedXuid.
    const invite = await api.post("/handles", { version: 1, type: "invite", sessionRef: sessionRef(name), inviteAttributes: { titleId: TITLE_ID } });
    expect(invite.status).toBe(400);
    expect(invite.text).toMatch(/invitedXuid is required/);
    // It lists templates with DELETE.
    const templates = await api.del(`/serviceconfigs/${SCID}/sessiontemplates`, always);
    expect(templates.status).toBe(405);
    expect(templates.headers.get("allow")).toBe("GET");
    // Its member pruning removes other members by index, which needs a server principal.
    await api.put(sdkPath(name), { members: { me: member(PEER, "d01a8c1b-2f83-4e03-9278-3048b480928f") } }, { as: PEER });
    const pruned = await api.del(`${sdkPath(name)}/members/1`, always);
    expect(pruned.status).toBe(403);
    expect(pruned.text).toMatch(/server principal/);
    // Its batch URL is malformed (no `?` before the query, stray characters).
    expect((await api.post(`/serviceconfigs/${SCID}/batchtake=100)}`, { xuids: [HOST] })).status).toBe(404);
  });
});

describe("bedrock-portal", () => {
  const headers = { headers: { "accept-language": "en-US" } };
  // Its create body is the helpers' lobbyCreateBody (bedrock-portal's shape, uint64 ids included).
  it("runs its host lifecycle: create, activity, invite, republish, count, refresh, peer join, nonces, leave", async () => {
    const name = randomUUID();
    const path = sdkPath(name);
    const created = await api.put(path, lobbyCreateBody(HOST, "d01a8c1b-2f83-4e03-9278-3048b480928f"), headers);
    expect(created.status).toBe(201);
    expect(created.body.properties.custom.SupportedConnections[0].NetherNetId).toBe(NETHER_ID);
    expect((await api.post("/handles", { version: 1, type: "activity", sessionRef: sessionRef(name) }, headers)).status).toBe(201);
    const invite = await api.post("/handles", { version: 1, type: "invite", sessionRef: sessionRef(name), invitedXuid: PEER, inviteAttributes: { titleId: TITLE_ID } }, headers);
    expect(invite.status).toBe(201);
    // Republish: GET, then PUT the properties it read; nothing changes.
    const read = await api.get(path, headers);
    const republished = await api.put(path, { properties: read.body.properties }, headers);
    expect(republished.status).toBe(200);
    expect(republished.body.changeNumber).toBe(read.body.changeNumber);
    expect((await api.put(path, { properties: { custom: { MemberCount: 2, MaxMemberCount: 10 } } }, headers)).body.properties.custom.hostName).toBe("Host");
    const refreshed = await api.put(path, { members: { me: { properties: { system: { active: true, connection: "5b0c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4" } } } } }, headers);
    expect(refreshed.body.members["0"].properties.system.subscription.id).toBe("9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d");
    expect((await api.put(path, { members: { me: member(PEER, "6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5") } }, { as: PEER, ...headers })).status).toBe(200);
    const nonces = await api.put(path, { properties: { custom: { nonces: { [PEER]: "a1b2c3d4e5f60718" } } } }, headers);
    expect(nonces.body.properties.custom.nonces).toEqual({ [PEER]: "a1b2c3d4e5f60718" });
    expect((await api.put(path, { members: { me: null } }, { as: PEER, ...headers })).status).toBe(200);
    expect((await api.put(path, { members: { me: null } }, headers)).status).toBe(204);
  });
});

describe("prismarine-xbox-services", () => {
  const headers = { headers: { accept: "application/json" } };

  it("opens with one PUT, under an encoded name, then refreshes its connection and closes", async () => {
    const me = member(HOST, "d01a8c1b-2f83-4e03-9278-3048b480928f", "9b2c0a3e-7d41-4c1b-8f0e-5a6d7c8b9e01");
    // Without a properties option it sends `properties: {}`.
    expect((await api.put(sessionPath(randomUUID()), { members: { me }, properties: {} }, headers)).status).toBe(201);
    const name = `chosen/name-${Date.now()}`;
    const path = sessionPath(name);
    expect(path).toContain("chosen%2Fname");
    const properties = { system: { joinRestriction: "followed", readRestriction: "followed" }, custom: { hostName: "pxs" } };
    const opened = await api.put(path, { members: { me }, properties }, headers);
    expect(opened.status).toBe(201);
    expect(opened.body.members["0"].constants.system.xuid).toBe(HOST);
    expect((await api.get(path, headers)).body.changeNumber).toBe(opened.body.changeNumber);
    expect((await api.post("/handles", { version: 1, type: "activity", sessionRef: sessionRef(name) }, headers)).status).toBe(201);
    const peerView = await api.post(
      "/handles/query?include=relatedInfo,customProperties",
      { type: "activity", scid: SCID, owners: { people: { moniker: "people", monikerXuid: PEER } } },
      { as: PEER, ...headers },
    );
    expect(peerView.body.results.find((h: { sessionRef: { name: string } }) => h.sessionRef.name === name)).toMatchObject({ ownerXuid: HOST });
    const ready = await api.put(path, { members: { me: { properties: { system: { active: true, connection: "5b0c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4" } } } } }, headers);
    expect(ready.status).toBe(200);
    expect(ready.body.members["0"].properties.system.connection).toBe("5b0c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4");
    expect((await api.put(path, { members: { me: null } }, headers)).status).toBe(204);
  });
});

describe("fields current clients send that older schemas refused", () => {
  it("accepts a looking-for-group post: description, searchHandleVisibility, scheduledTime, secondary subscriptions, new change types, search attributes", async () => {
    const name = randomUUID();
    const path = `/serviceconfigs/${SCID}/sessiontemplates/GameSession/sessions/${name}`;
    const changeTypes = ["membersList", "membersStatus", "joinability", "customProperty", "membersCustomProperty", "roles", "scheduledtime"];
    const post = await api.put(path, {
      properties: {
        system: {
          joinRestriction: "followed",
          readRestriction: "followed",
          description: { text: "Raid tonight", locale: "en-US" },
          searchHandleVisibility: "xboxlive",
          scheduledTime: "2026-12-01T20:00:00.0000000Z",
        },
      },
      constants: { system: { memberInitialization: { membersNeededToStart: 0 } } },
      members: {
        me: {
          constants: { system: { xuid: HOST, initialize: true } },
          properties: {
            system: {
              active: true,
              connection: "d01a8c1b-2f83-4e03-9278-3048b480928f",
              subscription: { id: "0f8fad5b-d9cb-469f-a165-70867728950e", changeTypes },
              secondarySubscriptions: { "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5": { changeTypes, rta: { connection: "2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6" } } },
            },
          },
        },
      },
    });
    expect(post.status).toBe(201);
    expect(post.body.properties.system.description).toEqual({ text: "Raid tonight", locale: "en-US" });
    const search = await api.post("/handles", { version: 1, type: "search", sessionRef: { scid: SCID, templateName: "GameSession", name }, searchAttributes: { tags: [], achievementIds: [], locale: "en" } });
    expect(search.status).toBe(201);
  });
});
