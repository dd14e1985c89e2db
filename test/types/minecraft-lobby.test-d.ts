// Type tests for the MPSD surface as callers see it: a MinecraftLobby session's custom properties are
// typed (not unknown), the SDK's `sessionTemplates` spelling of a real path compiles, the new operations
// are typed from the contract, and the 403 kinds are a closed union.
import { expectTypeOf } from "vitest";
import {
  asMinecraftLobby,
  createXblClient,
  forbiddenKind,
  minecraftJoinability,
  minecraftLobbyWrite,
  netherNetIdOf,
  type ForbiddenKind,
  type Handle,
  type SessionQueryResults,
  type SessionTemplate,
} from "../../src/index.js";

const client = createXblClient({ baseUrl: "http://127.0.0.1:1", auth: { userHash: "uhs", xstsToken: "token" } });
const path = { scid: "4fc10100-5f7a-4470-899b-280835760c07", sessionTemplateName: "MinecraftLobby", sessionName: "lobby" };

export async function lobbyTypeChecks(): Promise<void> {
  // The official SDK's spelling of the session path is the same operation.
  const read = await client.GET("/serviceconfigs/{scid}/sessionTemplates/{sessionTemplateName}/sessions/{sessionName}", { params: { path } });
  const lobby = asMinecraftLobby(read.data);
  const custom = lobby?.properties.custom;
  expectTypeOf(custom?.hostName).toEqualTypeOf<string | undefined>();
  expectTypeOf(custom?.MemberCount).toEqualTypeOf<number | undefined>();
  expectTypeOf(custom?.SupportedConnections?.[0]?.NetherNetId).toEqualTypeOf<bigint | number | undefined>();
  expectTypeOf(custom?.nonces).toEqualTypeOf<{ [key: string]: string | null } | undefined>();
  expectTypeOf(netherNetIdOf(custom)).toEqualTypeOf<bigint | undefined>();
  // A key the profile does not name is still reachable, as unknown.
  expectTypeOf(custom?.["UsesMPSDWebRTCSignaling"]).toEqualTypeOf<unknown>();

  const body = minecraftLobbyWrite({
    properties: { ...minecraftJoinability("friends"), custom: { MemberCount: 2, nonces: { "2535405290000002": "0123456789abcdef" } } },
  });
  await client.PUT("/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}", { params: { path }, body });
  // @ts-expect-error MemberCount is a number in the profile
  minecraftLobbyWrite({ properties: { custom: { MemberCount: "2" } } });
  // @ts-expect-error a path that is not in the contract in any spelling
  await client.GET("/serviceconfigs/{scid}/sessionTemplatez/{sessionTemplateName}", { params: { path } });

  const queried = await client.GET("/serviceconfigs/{scid}/sessions", { params: { path: { scid: path.scid }, query: { xuid: "2535405290000001", take: 10 } } });
  expectTypeOf(queried.data).toEqualTypeOf<SessionQueryResults | undefined>();
  const batch = await client.POST("/serviceconfigs/{scid}/batch", { params: { path: { scid: path.scid } }, body: { xuids: ["2535405290000001"] } });
  expectTypeOf(batch.data).toEqualTypeOf<SessionQueryResults | undefined>();
  const template = await client.GET("/serviceconfigs/{scid}/sessionTemplates/{sessionTemplateName}", { params: { path } });
  expectTypeOf(template.data).toEqualTypeOf<SessionTemplate | undefined>();
  const handle = await client.GET("/handles/{handleId}", { params: { path: { handleId: "47ca0049-a5ba-4bc1-aa22-fcf834ce4c13" } } });
  expectTypeOf(handle.data).toEqualTypeOf<Handle | undefined>();
  // @ts-expect-error private=true is the only value the service takes
  await client.GET("/serviceconfigs/{scid}/sessions", { params: { path: { scid: path.scid }, query: { xuid: "1", private: false } } });

  if (read.error) {
    const kind = forbiddenKind(read.error);
    expectTypeOf(kind).toEqualTypeOf<ForbiddenKind | undefined>();
    if (kind === "multiplayerPrivilege" || kind === "joinRestriction" || kind === "other") return;
    // @ts-expect-error not a documented kind
    if (kind === "banned") return;
  }
}
