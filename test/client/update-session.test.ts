// updateSession: read-modify-write with If-Match and the 412 loop, with several concurrent writers,
// against a tiny in-test session server with ETag/If-Match semantics, and against the emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createXblClient, updateSession, XblError, XblPreconditionFailedError, type MultiplayerSession } from "../../src/index.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { parseJson, stringifyJson } from "../../src/shared/json-codec.js";
import { BIG, SCID, TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { sendJson, type TestServer, useTestServer } from "../support/http-server.js";

/**
 * A session store that REPLACES properties.custom on every write (no merge), so a writer that does
 * not use If-Match would overwrite others' keys. ETag = version; 412 carries the current session.
 */
function tinySessionServer(server: TestServer) {
  const sessions = new Map<string, { version: number; doc: Record<string, any> }>();
  const stats = { preconditionFailures: 0, writes: 0 };
  server.handle((req, res) => {
    const current = sessions.get(req.url);
    const etagOf = (version: number) => `"v${version}"`;
    if (req.method === "GET") {
      if (current === undefined) return res.writeHead(204).end();
      return sendJson(res, 200, stringifyJson(current.doc), { etag: etagOf(current.version) });
    }
    if (req.method !== "PUT") return res.writeHead(405).end();
    const ifMatch = req.headers["if-match"];
    const ifNoneMatch = req.headers["if-none-match"];
    const conflict =
      (ifNoneMatch === "*" && current !== undefined) ||
      (ifMatch !== undefined && (current === undefined || (ifMatch !== "*" && ifMatch !== etagOf(current.version))));
    if (conflict) {
      stats.preconditionFailures++;
      if (current === undefined) return res.writeHead(412).end();
      return sendJson(res, 412, stringifyJson(current.doc), { etag: etagOf(current.version) });
    }
    const body = parseJson(req.body) as { properties?: { custom?: Record<string, unknown> } };
    const version = (current?.version ?? 0) + 1;
    const doc = {
      constants: { system: { maxMembersCount: 10 } },
      properties: { system: {}, custom: body.properties?.custom ?? current?.doc.properties.custom ?? {} },
      changeNumber: version,
    };
    sessions.set(req.url, { version, doc });
    stats.writes++;
    return sendJson(res, current === undefined ? 201 : 200, stringifyJson(doc), { etag: etagOf(version) });
  });
  return stats;
}

const server = useTestServer();

const ref = (sessionName: string) => ({ scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName });
const customOf = (session: MultiplayerSession | undefined) => (session?.properties.custom ?? {}) as Record<string, unknown>;

describe("updateSession against a tiny ETag server", () => {
  it("creates only once (If-None-Match: *); a second create throws the 412 without looping", async () => {
    const stats = tinySessionServer(server);
    const client = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN } });
    const created = await updateSession(ref("create-once"), () => ({ properties: { custom: { NetherNetId: BIG } } }), {
      client,
      mode: "create",
    });
    expect(created.status).toBe(201);
    expect(customOf(created.session).NetherNetId).toBe(BIG);
    const again = await updateSession(ref("create-once"), () => ({ properties: { custom: { other: 1 } } }), { client, mode: "create" }).catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(XblPreconditionFailedError);
    expect(customOf((again as XblPreconditionFailedError<MultiplayerSession>).body as MultiplayerSession).NetherNetId).toBe(BIG);
    expect(stats.writes).toBe(1);
  });

  it("N concurrent writers each adding M distinct keys end with N×M keys (nothing lost)", async () => {
    const stats = tinySessionServer(server);
    const client = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN } });
    const N = 6;
    const M = 5;
    await updateSession(ref("crowd"), () => ({ properties: { custom: { big: BIG } } }), { client, mode: "create" });
    const writer = async (w: number) => {
      for (let k = 0; k < M; k++) {
        await updateSession(
          ref("crowd"),
          (current) => ({ properties: { custom: { ...customOf(current), [`w${w}k${k}`]: true } } }),
          { client, maxTries: N * M + 1 },
        );
      }
    };
    await Promise.all(Array.from({ length: N }, (_, w) => writer(w)));
    const { data } = await client.GET("/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}", {
      params: { path: ref("crowd") },
    });
    const custom = customOf(data);
    expect(Object.keys(custom).filter((k) => k.startsWith("w"))).toHaveLength(N * M);
    expect(custom.big).toBe(BIG);
    expect(stats.preconditionFailures).toBeGreaterThan(0); // the writers really collided
    expect(stats.writes).toBe(N * M + 1);
  });

  it("gives up after maxTries with the last 412", async () => {
    tinySessionServer(server);
    const client = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN } });
    await updateSession(ref("contended"), () => ({ properties: { custom: {} } }), { client, mode: "create" });
    let tries = 0;
    const failure = await updateSession(
      ref("contended"),
      async (current) => {
        tries++;
        // Someone else writes between our read and our write, every time.
        await client.PUT("/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}", {
          params: { path: ref("contended") },
          body: { properties: { custom: { noise: tries } } },
        });
        return { properties: { custom: { ...customOf(current), mine: true } } };
      },
      { client, maxTries: 3 },
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(XblPreconditionFailedError);
    expect(tries).toBe(3);
  });

  it("throws when the session does not exist (GET 204)", async () => {
    tinySessionServer(server);
    const client = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN } });
    await expect(updateSession(ref("missing"), (s) => ({ properties: s.properties }), { client })).rejects.toBeInstanceOf(XblError);
  });
});

describe("updateSession against the emulator", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ rateLimits: false });
  });
  afterAll(() => emulator.close());

  it("concurrent read-modify-write increments lose nothing, and bigints survive", async () => {
    const xuid = "2535405290000001";
    const client = createXblClient({ baseUrl: emulator.url, auth: { userHash: "uhs1", xstsToken: xuid } });
    const name = `counter-${Date.now()}`;
    const created = await updateSession(
      ref(name),
      () => ({
        properties: { system: { joinRestriction: "followed", readRestriction: "followed" }, custom: { counter: 0, NetherNetId: BIG } },
        members: { me: { constants: { system: { xuid, initialize: true } }, properties: { system: { active: true } } } },
      }),
      { client, mode: "create" },
    );
    expect(created.status).toBe(201);
    const N = 4;
    const M = 3;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: N }, async () => {
        for (let k = 0; k < M; k++) {
          const result = await updateSession(
            ref(name),
            (current) => ({ properties: { custom: { counter: (customOf(current).counter as number) + 1 } } }),
            { client, maxTries: N * M + 1 },
          );
          conflicts += result.tries - 1;
        }
      }),
    );
    const { data } = await client.GET("/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}", {
      params: { path: ref(name) },
    });
    expect(customOf(data).counter).toBe(N * M);
    expect(customOf(data).NetherNetId).toBe(BIG);
    expect(conflicts).toBeGreaterThan(0);
  });
});
