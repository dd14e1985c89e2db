// The README usage snippets, compiled by tsc (test/types/typecheck.test.ts) so they stay correct.
// test/client/readme-usage.test.ts runs the same flows against the emulator.
import {
  createXblClient,
  updateSession,
  XblError,
  XblPreconditionFailedError,
  XblThrottledError,
  type XblClient,
} from "../../src/index.js";

// ---- README: create a client --------------------------------------------------------------------
export function makeClient(emulatorUrl?: string): XblClient {
  return createXblClient({
    // Static credentials, or an async provider: ({ forceRefresh }) => getXstsFromYourAuthLibrary(forceRefresh)
    auth: async ({ forceRefresh }) => ({ userHash: "2535...uhs", xstsToken: await getXstsToken(forceRefresh) }),
    // Omit baseUrl for the real services; each operation goes to its host from the contract.
    ...(emulatorUrl === undefined ? {} : { baseUrl: emulatorUrl }),
  });
}
declare function getXstsToken(forceRefresh: boolean): Promise<string>;

const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}";
const scid = "4fc10100-5f7a-4470-899b-280835760c07";

export async function readmeFlows(client: XblClient, hostXuid: string, friendXuid: string, connectionId: string): Promise<void> {
  const path = { scid, sessionTemplateName: "MinecraftLobby", sessionName: crypto.randomUUID() };

  // ---- README: create a session (201) ---------------------------------------------------------
  const created = await client.PUT(SESSION, {
    params: { path },
    body: {
      properties: {
        system: { joinRestriction: "followed", readRestriction: "followed" },
        custom: {
          hostName: "My World",
          // Integers above 2^53 are bigint in and out, written as exact JSON numbers.
          SupportedConnections: [{ ConnectionType: 7, HostIpAddress: "", HostPort: 0, NetherNetId: 12996504943305946298n }],
        },
      },
      members: {
        me: {
          constants: { system: { xuid: hostXuid, initialize: true } },
          properties: { system: { active: true, connection: connectionId } },
        },
      },
    },
  });
  if (created.error) throw created.error; // always an XblError: status, operation, body, retryAfterMs, attempts
  const etag = created.response.headers.get("etag");
  console.log(created.data?.membersInfo?.count, etag);

  // ---- README: join it (as another user's client) ----------------------------------------------
  const joined = await client.PUT(SESSION, {
    params: { path },
    body: { members: { me: { constants: { system: { xuid: friendXuid, initialize: true } }, properties: { system: { active: true } } } } },
  });
  if (joined.error instanceof XblError && joined.error.status === 403) console.log("not allowed:", joined.error.body);

  // ---- README: set activity (friends see and join it) -----------------------------------------
  const activity = await client.POST("/handles", {
    body: { version: 1, type: "activity", sessionRef: { scid, templateName: path.sessionTemplateName, name: path.sessionName } },
  });
  if (activity.error) throw activity.error;

  // ---- README: invite a friend -----------------------------------------------------------------
  const invite = await client.POST("/handles", {
    body: {
      version: 1,
      type: "invite",
      sessionRef: { scid, templateName: path.sessionTemplateName, name: path.sessionName },
      invitedXuid: friendXuid,
      inviteAttributes: { titleId: "896928775" },
    },
  });
  if (invite.error instanceof XblThrottledError) console.log("throttled, retry after", invite.error.retryAfterMs, "ms");

  // ---- README: update safely (ETag / If-Match, re-applied after 412) ----------------------------
  const updated = await updateSession(
    path,
    (current) => ({ properties: { custom: { MemberCount: Object.keys(current.members ?? {}).length } } }),
    { client, maxTries: 5 },
  );
  console.log(updated.status, updated.tries, updated.etag);

  // ---- README: create only if absent (If-None-Match: *) ----------------------------------------
  try {
    await updateSession(path, () => ({ properties: { custom: { hostName: "Other" } } }), { client, mode: "create" });
  } catch (error) {
    if (error instanceof XblPreconditionFailedError) console.log("already exists; current session:", error.body);
  }

  // ---- README: allocate a session host (gameserverms, contract 8, 409 retried with the same id) --
  const allocation = await client.POST("/titles/{titleId}/sessionhosts", {
    params: { path: { titleId: "896928775" } },
    body: { sessionId: crypto.randomUUID(), cloudGameId: "5d2b0c3e-1111-4222-8333-944455556666", locations: ["West US", "East US"] },
  });
  if (allocation.data?.fulfillmentState === "Fulfilled") console.log(allocation.data.hostName, allocation.data.portMappings);

  // ---- README: leave ---------------------------------------------------------------------------
  await client.PUT(SESSION, { params: { path }, body: { members: { me: null } } });
}

// ---- README: options (retry, limiter, transport, timeouts, abort) --------------------------------
export function tunedClient(): XblClient {
  return createXblClient({
    auth: { userHash: "uhs", xstsToken: "token" },
    hosts: { "https://gameserverms.xboxlive.com": "http://127.0.0.1:9001" }, // per-host override
    retry: {
      baseDelayMs: 2_000, // 2, 4, 8 … s with jitter (official client defaults)
      maxDelayMs: 60_000,
      budgetMs: 20_000, // total wait per call; a Retry-After that does not fit fails at once
      attemptTimeoutMs: 30_000,
      retryAfterMaxFactor: 1.2,
    },
    limiter: true, // queue requests under 30 per 15 s and 300 per 300 s per user (from the contract)
    fetch: (request) => fetch(request), // any (Request) => Promise<Response> transport
    headers: { "Accept-Language": "en-US" },
  });
}

export async function abortable(client: XblClient): Promise<void> {
  const read = await client.GET(SESSION, {
    params: { path: { scid, sessionTemplateName: "MinecraftLobby", sessionName: "lobby" } },
    signal: AbortSignal.timeout(5_000),
  });
  const custom = read.data?.properties.custom;
  const connections = custom?.SupportedConnections as { NetherNetId?: bigint }[] | undefined;
  console.log(connections?.[0]?.NetherNetId); // bigint, exact
}
