// The README flows end to end: the typed client against the local emulator (real HTTP on 127.0.0.1):
// create, join, activity, invite, query, updateSession, allocate a host, leave.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { createXblClient, updateSession, XblPreconditionFailedError, type XblClient } from "../../src/index.js";
import { BIG, SCID, SESSION_PATH } from "../support/client-fixtures.js";

const HOST = "2535405290000001";
const FRIEND = "2535405290000002";
const TITLE_ID = "896928775";

let emulator: RunningEmulator;
let host: XblClient;
let friend: XblClient;
beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: false, everyoneFollowsEveryone: true, rta: { requireLiveConnections: false } });
  // Emulator identity convention: the token part of XBL3.0 is the caller's xuid.
  host = createXblClient({ baseUrl: emulator.url, auth: { userHash: "uhs-host", xstsToken: HOST } });
  friend = createXblClient({ baseUrl: emulator.url, auth: async () => ({ userHash: "uhs-friend", xstsToken: FRIEND }) });
});
afterAll(() => emulator.close());

describe("client against the emulator", () => {
  const path = { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: `readme-${Date.now()}` };
  const sessionRef = { scid: SCID, templateName: path.sessionTemplateName, name: path.sessionName };

  it("creates a lobby (201) and keeps the NetherNetId exact", async () => {
    const created = await host.PUT(SESSION_PATH, {
      params: { path },
      body: {
        properties: {
          system: { joinRestriction: "followed", readRestriction: "followed" },
          custom: { hostName: "My World", SupportedConnections: [{ ConnectionType: 7, HostIpAddress: "", HostPort: 0, NetherNetId: BIG }] },
        },
        members: {
          me: {
            constants: { system: { xuid: HOST, initialize: true } },
            properties: { system: { active: true, connection: "2f8e4a6c-1b2d-4e3f-8a9b-0c1d2e3f4a5b" } },
          },
        },
      },
    });
    expect(created.error).toBeUndefined();
    expect(created.response.status).toBe(201);
    expect(created.response.headers.get("etag")).toBeTruthy();
    const connections = created.data?.properties.custom?.SupportedConnections as { NetherNetId: bigint }[];
    expect(connections[0]!.NetherNetId).toBe(BIG);
  });

  it("lets a friend join, and publishes activity and an invite", async () => {
    const joined = await friend.PUT(SESSION_PATH, {
      params: { path },
      body: { members: { me: { constants: { system: { xuid: FRIEND, initialize: true } }, properties: { system: { active: true } } } } },
    });
    expect(joined.error).toBeUndefined();
    expect(joined.data?.membersInfo?.count).toBe(2);

    const activity = await host.POST("/handles", { body: { version: 1, type: "activity", sessionRef } });
    expect(activity.error).toBeUndefined();
    expect([200, 201]).toContain(activity.response.status);

    const invite = await host.POST("/handles", {
      body: { version: 1, type: "invite", sessionRef, invitedXuid: FRIEND, inviteAttributes: { titleId: TITLE_ID } },
    });
    expect(invite.error).toBeUndefined();
    expect(invite.data?.type).toBe("invite");

    const found = await friend.POST("/handles/query", {
      params: { query: { include: ["relatedInfo", "customProperties"] } },
      body: { type: "activity", scid: SCID, owners: { people: { moniker: "people", monikerXuid: FRIEND } } },
    });
    expect(found.error).toBeUndefined();
    const mine = found.data?.results.find((h) => h.sessionRef.name === path.sessionName);
    expect(mine).toBeDefined();
  });

  it("updates with If-Match via updateSession; create-only on an existing name is a 412", async () => {
    const updated = await updateSession(path, (current) => ({ properties: { custom: { MemberCount: Object.keys(current.members ?? {}).length } } }), {
      client: host,
    });
    expect(updated.status).toBe(200);
    expect(updated.session?.properties.custom?.MemberCount).toBe(2);
    await expect(updateSession(path, () => ({ properties: { custom: {} } }), { client: host, mode: "create" })).rejects.toBeInstanceOf(
      XblPreconditionFailedError,
    );
  });

  it("allocates a session host with contract 8", async () => {
    const allocation = await host.POST("/titles/{titleId}/sessionhosts", {
      params: { path: { titleId: TITLE_ID } },
      body: { sessionId: crypto.randomUUID(), cloudGameId: "5d2b0c3e-1111-4222-8333-944455556666", locations: ["West US"] },
    });
    expect(allocation.error).toBeUndefined();
    expect(["Fulfilled", "Queued"]).toContain(allocation.data?.fulfillmentState);
  });

  it("leaves; the last member leaving deletes the session (204, no body)", async () => {
    const friendLeft = await friend.PUT(SESSION_PATH, { params: { path }, body: { members: { me: null } } });
    expect(friendLeft.error).toBeUndefined();
    const hostLeft = await host.PUT(SESSION_PATH, { params: { path }, body: { members: { me: null } } });
    expect(hostLeft.error).toBeUndefined();
    expect(hostLeft.response.status).toBe(204);
    expect(hostLeft.data).toBeUndefined();
    const gone = await host.GET(SESSION_PATH, { params: { path } });
    expect(gone.response.status).toBe(204);
  });
});
