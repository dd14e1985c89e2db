// The typed MinecraftLobby helpers and forbiddenKind, through the client against the emulator: a lobby
// written with typed custom properties reads back typed (uint64 ids exact, found whatever the
// ConnectionType), the SDK's `sessionTemplates` spelling reaches the same session, and 403s come back
// as documented kinds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import {
  asMinecraftLobby,
  createXblClient,
  forbiddenKind,
  MINECRAFT_LOBBY,
  minecraftJoinability,
  minecraftLobbyWrite,
  netherNetIdOf,
  type XblClient,
} from "../../src/index.js";
import { BIG } from "../support/client-fixtures.js";

const HOST = "2535405290000001";
const FRIEND = "2535405290000002";
const STRANGER = "2535405290000003";

let emulator: RunningEmulator;
let host: XblClient;
let stranger: XblClient;
beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: false, follows: { [HOST]: [FRIEND] } });
  host = createXblClient({ baseUrl: emulator.url, auth: { userHash: "uhs-host", xstsToken: HOST } });
  stranger = createXblClient({ baseUrl: emulator.url, auth: { userHash: "uhs-stranger", xstsToken: STRANGER } });
});
afterAll(() => emulator.close());

const pathOf = (sessionName: string) => ({ scid: MINECRAFT_LOBBY.scid, sessionTemplateName: MINECRAFT_LOBBY.templateName, sessionName });
const me = { constants: { system: { xuid: HOST, initialize: true } }, properties: { system: { active: true } } };

describe("MinecraftLobby helpers", () => {
  it("writes typed custom properties and reads them back typed, the NetherNet id exact from a type 3 or 7 entry", async () => {
    const path = pathOf(`typed-${Date.now()}`);
    const joinability = minecraftJoinability("friendsOfFriends");
    const body = minecraftLobbyWrite({
      properties: {
        system: joinability.system,
        custom: {
          ...joinability.custom,
          hostName: "Typed world",
          MemberCount: 1,
          SupportedConnections: [
            { ConnectionType: 6, HostIpAddress: "203.0.113.7", HostPort: 19132 },
            { ConnectionType: 3, HostIpAddress: "", HostPort: 0, NetherNetId: BIG },
          ],
        },
      },
      members: { me },
    });
    const created = await host.PUT("/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}", { params: { path }, body });
    expect(created.response.status).toBe(201);
    const read = await host.GET("/serviceconfigs/{scid}/sessionTemplates/{sessionTemplateName}/sessions/{sessionName}", { params: { path } });
    const lobby = asMinecraftLobby(read.data);
    expect(lobby?.properties.custom?.hostName).toBe("Typed world");
    expect(lobby?.properties.custom).toMatchObject({ Joinability: "joinable_by_friends", BroadcastSetting: 3 });
    expect(lobby?.properties.system).toMatchObject({ joinRestriction: "followed", readRestriction: "followed" });
    expect(netherNetIdOf(lobby?.properties.custom)).toBe(BIG);
    expect(netherNetIdOf({ SupportedConnections: [{ ConnectionType: 6 }] })).toBeUndefined();
  });

  it("maps the three joinability settings as the contract's table does", () => {
    expect(minecraftJoinability("inviteOnly")).toEqual({
      system: { joinRestriction: "local", readRestriction: "followed" },
      custom: { Joinability: "invite_only", BroadcastSetting: 1 },
    });
    expect(minecraftJoinability("friends").custom).toEqual({ Joinability: "joinable_by_friends", BroadcastSetting: 2 });
  });
});

describe("forbiddenKind", () => {
  it("names the documented kind of a 403 and nothing for other statuses", async () => {
    const path = { ...pathOf(`private-${Date.now()}`), sessionTemplateName: "GameSession" };
    await host.PUT("/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}", {
      params: { path },
      body: { constants: { system: { visibility: "private" } }, members: { me } },
    });
    const denied = await stranger.GET("/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}", { params: { path } });
    expect(denied.error?.status).toBe(403);
    expect(forbiddenKind(denied.error!)).toBe("privateSession");
    // A lobby whose restrictions keep a stranger out, and a member removal a user token may not make.
    const lobbyPath = pathOf(`restricted-${Date.now()}`);
    const sessionUrl = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}" as const;
    await host.PUT(sessionUrl, { params: { path: lobbyPath }, body: { properties: { system: minecraftJoinability("friends").system }, members: { me } } });
    const unread = await stranger.GET(sessionUrl, { params: { path: lobbyPath } });
    expect(forbiddenKind(unread.error!)).toBe("readRestriction");
    const strangerMe = { constants: { system: { xuid: STRANGER, initialize: true } }, properties: { system: { active: true } } };
    const unjoined = await stranger.PUT(sessionUrl, { params: { path: lobbyPath }, body: { members: { me: strangerMe } } });
    expect(forbiddenKind(unjoined.error!)).toBe("joinRestriction");
    const removal = await host.DELETE("/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}/servers/{serverName}", {
      params: { path: { ...lobbyPath, serverName: "matchmaking" } },
    });
    expect(forbiddenKind(removal.error!)).toBe("serverPrincipal");
    expect(forbiddenKind({ status: 403, body: "The requested session cannot be accessed. The calling user must have the multiplayer privilege and must be a member of the session." })).toBe("multiplayerPrivilege");
    expect(forbiddenKind({ status: 403, body: "Something new." })).toBe("other");
    expect(forbiddenKind({ status: 404, body: "not found" })).toBeUndefined();
  });
});
