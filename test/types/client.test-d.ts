// Type tests for the client, checked by tsc (and by test/types/typecheck.test.ts): the contract's
// types reach the caller, wrong calls do not compile, and x-xbl-contract-version is never asked for.
import { expectTypeOf } from "vitest";
import {
  createXblClient,
  updateSession,
  XblError,
  type HandleQueryResults,
  type MultiplayerSession,
  type SessionHostAllocation,
} from "../../src/index.js";

const client = createXblClient({ baseUrl: "http://127.0.0.1:1", auth: { userHash: "uhs", xstsToken: "token" } });
const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}" as const;
const path = { scid: "4fc10100-5f7a-4470-899b-280835760c07", sessionTemplateName: "MinecraftLobby", sessionName: "lobby" };

export async function typeChecks(): Promise<void> {
  // Results: data from the contract, error always an XblError.
  const read = await client.GET(SESSION, { params: { path } });
  if (read.error) {
    expectTypeOf(read.error).toMatchTypeOf<XblError>();
    expectTypeOf(read.error.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(read.data).toEqualTypeOf<undefined>();
  } else {
    expectTypeOf(read.data).toEqualTypeOf<MultiplayerSession | undefined>();
  }
  const query = await client.POST("/handles/query", {
    params: { query: { include: ["relatedInfo", "customProperties"] } },
    body: { type: "activity", scid: path.scid, owners: { xuids: ["2535405290311111"] } },
  });
  expectTypeOf(query.data).toEqualTypeOf<HandleQueryResults | undefined>();
  const host = await client.POST("/titles/{titleId}/sessionhosts", {
    params: { path: { titleId: "896928775" } },
    body: { sessionId: "9b2f7b53-8a0c-4c56-9a0a-4a6f0d9c1e11", cloudGameId: "5d2b0c3e-1111-4222-8333-944455556666", locations: ["West US"] },
  });
  expectTypeOf(host.data).toEqualTypeOf<SessionHostAllocation | undefined>();

  // The contract-version header is neither required nor accepted.
  await client.GET(SESSION, { params: { path } });
  await client.DELETE("/handles/{handleId}", { params: { path: { handleId: "47ca0049-a5ba-4bc1-aa22-fcf834ce4c13" } } });
  // @ts-expect-error callers do not pass x-xbl-contract-version
  await client.GET(SESSION, { params: { path, header: { "x-xbl-contract-version": "107" } } });
  // Other header parameters stay typed and optional.
  await client.PUT(SESSION, { params: { path, header: { "If-Match": '"etag"' } }, body: {} });

  // A missing path parameter does not compile.
  // @ts-expect-error sessionName is missing
  await client.GET(SESSION, { params: { path: { scid: path.scid, sessionTemplateName: "MinecraftLobby" } } });
  // @ts-expect-error params are required for a path with parameters
  await client.GET(SESSION);

  // A wrong body field does not compile.
  // @ts-expect-error `propertiez` is not a field of MultiplayerSessionRequest
  await client.PUT(SESSION, { params: { path }, body: { propertiez: {} } });
  // @ts-expect-error handle `type` must be one of the contract's kinds
  await client.POST("/handles", { body: { version: 1, type: "party", sessionRef: { scid: path.scid, templateName: "MinecraftLobby" } } });

  // A string where the contract wants an integer does not compile.
  // @ts-expect-error maxMembersCount is an integer
  await client.PUT(SESSION, { params: { path }, body: { constants: { system: { maxMembersCount: "10" } } } });
  // @ts-expect-error handle version is the integer 1
  await client.POST("/handles", { body: { version: "1", type: "activity", sessionRef: { scid: path.scid, templateName: "MinecraftLobby" } } });

  // Unknown paths and methods a path does not have do not compile.
  // @ts-expect-error no such path
  await client.GET("/serviceconfigs", {});
  // @ts-expect-error /handles/query has no GET
  await client.GET("/handles/query", {});

  // Big integers are allowed in custom properties and come back as unknown (bigint at run time).
  await client.PUT(SESSION, { params: { path }, body: { properties: { custom: { NetherNetId: 12996504943305946298n } } } });

  // updateSession: the mutation gets the current session and returns a write body.
  const updated = await updateSession(path, (current) => ({ properties: { custom: { ...current.properties.custom, MemberCount: 2 } } }), {
    client,
  });
  expectTypeOf(updated.session).toEqualTypeOf<MultiplayerSession | undefined>();
  // @ts-expect-error the create-only mutation gets no current session
  await updateSession(path, (current: MultiplayerSession) => ({ properties: current.properties }), { client, mode: "create" });
}
