// Routing, contract-version header, auth header, bigint bodies and the XblError shape, against a real
// node:http server on 127.0.0.1.
import { describe, expect, it } from "vitest";
import { createXblClient, operations, XblError } from "../../src/index.js";
import { BIG, SESSION_PATH, sessionParams, TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { sendJson, sendText, useTestServer } from "../support/http-server.js";

const server = useTestServer();

const auth = { userHash: USER_HASH, xstsToken: TOKEN };

describe("requests", () => {
  it("sends the contract version, XBL3.0 authorization and a JSON body with exact big integers", async () => {
    server.requests.length = 0;
    server.handle((req, res) => {
      sendJson(res, 201, `{"properties":{"custom":{"SupportedConnections":[{"NetherNetId":${BIG}}]}},"echo":${req.body}}`, {
        etag: '"e1"',
      });
    });
    const client = createXblClient({ baseUrl: server.url, auth });
    const { data, error, response } = await client.PUT(SESSION_PATH, {
      params: sessionParams(),
      body: { properties: { custom: { SupportedConnections: [{ ConnectionType: 7, NetherNetId: BIG }] } } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(201);
    const sent = server.requests[0]!;
    expect(sent.method).toBe("PUT");
    expect(sent.url).toBe(`/serviceconfigs/4fc10100-5f7a-4470-899b-280835760c07/sessiontemplates/MinecraftLobby/sessions/lobby-1`);
    expect(sent.headers["x-xbl-contract-version"]).toBe(operations.writeSession.contractVersion);
    expect(sent.headers.authorization).toBe(`XBL3.0 x=${USER_HASH};${TOKEN}`);
    expect(sent.body).toBe(`{"properties":{"custom":{"SupportedConnections":[{"ConnectionType":7,"NetherNetId":${BIG}}]}}}`);
    const custom = data?.properties?.custom as { SupportedConnections: { NetherNetId: bigint }[] };
    expect(custom.SupportedConnections[0]!.NetherNetId).toBe(BIG);
    expect(((data as unknown as { echo: typeof data }).echo?.properties?.custom as typeof custom).SupportedConnections[0]!.NetherNetId).toBe(BIG);
  });

  it("sends gameserverms operations with their own contract version (8)", async () => {
    server.requests.length = 0;
    server.handle((_req, res) => sendJson(res, 200, `{"fulfillmentState":"Fulfilled","hostName":"h","sessionHostId":"s","region":"West US","portMappings":[]}`));
    const client = createXblClient({ baseUrl: server.url, auth });
    const { data } = await client.POST("/titles/{titleId}/sessionhosts", {
      params: { path: { titleId: "896928775" } },
      body: { sessionId: "9b2f7b53-8a0c-4c56-9a0a-4a6f0d9c1e11", cloudGameId: "5d2b0c3e-1111-4222-8333-944455556666", locations: ["West US"] },
    });
    expect(data?.fulfillmentState).toBe("Fulfilled");
    expect(server.requests[0]!.headers["x-xbl-contract-version"]).toBe("8");
    expect(operations.allocateSessionHost.contractVersion).toBe("8");
  });

  it("sends the array query parameter `include` as a comma list (style form, explode false)", async () => {
    server.requests.length = 0;
    server.handle((_req, res) => sendJson(res, 200, `{"results":[]}`));
    const client = createXblClient({ baseUrl: server.url, auth });
    const { data } = await client.POST("/handles/query", {
      params: { query: { include: ["relatedInfo", "customProperties"] } },
      body: { type: "activity", scid: "4fc10100-5f7a-4470-899b-280835760c07", owners: { xuids: ["2535405290311111"] } },
    });
    expect(data?.results).toEqual([]);
    expect(decodeURIComponent(server.requests[0]!.url)).toBe("/handles/query?include=relatedInfo,customProperties");
  });

  it("routes each operation to its contract host unless overridden per host", async () => {
    const seen: string[] = [];
    const transport = async (request: Request) => {
      seen.push(new URL(request.url).origin);
      return new Response(null, { status: 204 });
    };
    const client = createXblClient({ auth, fetch: transport, hosts: { "https://gameserverms.xboxlive.com": server.url } });
    await client.GET(SESSION_PATH, { params: sessionParams() });
    await client.GET("/titles/{titleId}/sessions/{sessionId}/allocationStatus", {
      params: { path: { titleId: "1", sessionId: "9b2f7b53-8a0c-4c56-9a0a-4a6f0d9c1e11" } },
    });
    expect(seen).toEqual([operations.getSession.host, server.url]);
  });
});

describe("errors", () => {
  it("returns an XblError with status, operation, text body, attempts and correlation id", async () => {
    server.handle((_req, res) => sendText(res, 403, "The requested session cannot be accessed.", { "x-xblcorrelationid": "corr-1" }));
    const client = createXblClient({ baseUrl: server.url, auth });
    const { data, error } = await client.GET(SESSION_PATH, { params: sessionParams() });
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(XblError);
    expect(error?.status).toBe(403);
    expect(error?.operation).toBe("getSession");
    expect(error?.body).toBe("The requested session cannot be accessed.");
    expect(error?.attempts).toBe(1);
    expect(error?.correlationId).toBe("corr-1");
  });

  it("parses JSON error bodies bigint-safely and reports an empty body as undefined", async () => {
    server.handle((req, res) =>
      req.url.endsWith("empty") ? res.writeHead(404).end() : sendJson(res, 409, `{"id":${BIG}}`),
    );
    const client = createXblClient({ baseUrl: server.url, auth });
    const conflict = await client.GET(SESSION_PATH, { params: sessionParams("x") });
    expect(conflict.error?.body).toEqual({ id: BIG });
    expect(JSON.parse(JSON.stringify(conflict.error))).toMatchObject({
      name: "XblError",
      status: 409,
      operation: "getSession",
      body: { id: String(BIG) },
    });
    const empty = await client.GET(SESSION_PATH, { params: sessionParams("empty") });
    expect(empty.error?.status).toBe(404);
    expect(empty.error?.body).toBeUndefined();
  });

  it("finds an operation whose template is written in another case (sessionTemplates)", async () => {
    server.requests.length = 0;
    server.handle((_req, res) => sendJson(res, 200, `{"constants":{"system":{}},"properties":{"system":{},"custom":{}}}`));
    const client = createXblClient({ baseUrl: server.url, auth });
    const camel = "/serviceconfigs/{scid}/sessionTemplates/{sessionTemplateName}/sessions/{sessionName}" as typeof SESSION_PATH;
    const { data, error } = await client.GET(camel, { params: sessionParams() });
    expect(error).toBeUndefined();
    expect(data).toBeDefined();
    expect(server.requests[0]!.headers["x-xbl-contract-version"]).toBe(operations.getSession.contractVersion);
  });

  it("rejects a path that is not a contract operation with a clear TypeError", async () => {
    const client = createXblClient({ baseUrl: server.url, auth });
    await expect((client.GET as (p: string) => Promise<unknown>)("/nope")).rejects.toThrow(/not an operation of the contract/);
  });
});
