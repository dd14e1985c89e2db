// At most once: writes whose answer is lost after the service applied them, over real HTTP on
// 127.0.0.1. The server applies the write and then drops the connection; the client's retry must
// never apply the change a second time, must say "outcome unknown" when it cannot tell, and must treat
// a retried delete that finds nothing left as done.
import { describe, expect, it } from "vitest";
import { createXblClient, updateSession, XblOutcomeUnknownError, XblPreconditionFailedError } from "../../src/index.js";
import { parseJson, stringifyJson } from "../../src/shared/json-codec.js";
import { SCID, TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { sendJson, sendText, type TestServer, useTestServer } from "../support/http-server.js";
import { virtualTimers } from "../support/virtual-timers.js";

const server = useTestServer();
const auth = { userHash: USER_HASH, xstsToken: TOKEN };
const ref = { scid: SCID, sessionTemplateName: "MinecraftLobby", sessionName: "counter" };

/**
 * One session with a counter and an ETag. `lose(index)` decides, per PUT, whether its answer is lost
 * after the write was applied (the connection is dropped instead of answering).
 */
function counterServer(target: TestServer, options: { exists: boolean; lose: (putIndex: number) => boolean; beforeApply?: (putIndex: number) => number | undefined }) {
  const state = { exists: options.exists, version: 1, counter: 0, puts: 0 };
  const doc = () => stringifyJson({ constants: { system: {} }, properties: { system: {}, custom: { counter: state.counter } } });
  target.handle((req, res) => {
    const etag = `"v${state.version}"`;
    if (req.method === "GET") return state.exists ? sendJson(res, 200, doc(), { etag }) : res.writeHead(204).end();
    const putIndex = state.puts++;
    const early = options.beforeApply?.(putIndex);
    if (early !== undefined) return sendText(res, early, "busy", { "retry-after": "1" });
    const ifMatch = req.headers["if-match"];
    const ifNoneMatch = req.headers["if-none-match"];
    if ((ifNoneMatch === "*" && state.exists) || (ifMatch !== undefined && (!state.exists || ifMatch !== etag))) {
      return state.exists ? sendJson(res, 412, doc(), { etag }) : res.writeHead(412).end();
    }
    const body = parseJson(req.body) as { properties?: { custom?: { counter?: number } } };
    state.counter = body.properties?.custom?.counter ?? state.counter;
    state.version++;
    const created = !state.exists;
    state.exists = true;
    if (options.lose(putIndex)) return res.destroy(); // applied, answer lost
    return sendJson(res, created ? 201 : 200, doc(), { etag: `"v${state.version}"` });
  });
  return state;
}

const increment = (current: { properties: { custom?: Record<string, unknown> } }) => ({
  properties: { custom: { counter: Number(current.properties.custom?.counter ?? 0) + 1 } },
});

describe("a lost answer to an If-Match write", () => {
  it("is not applied twice: updateSession reports XblOutcomeUnknownError instead of re-applying after the 412", async () => {
    const state = counterServer(server, { exists: true, lose: (i) => i === 0 });
    const client = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const failure = await updateSession(ref, increment, { client }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(XblOutcomeUnknownError);
    expect(failure).not.toBeInstanceOf(XblPreconditionFailedError);
    expect((failure as XblOutcomeUnknownError).status).toBe(412);
    expect((failure as XblOutcomeUnknownError).cause).toBeInstanceOf(XblPreconditionFailedError);
    expect(state.counter).toBe(1);
    expect(state.puts).toBe(2);
  });

  it("still re-applies after a 412 when the earlier attempt provably was not applied (503 with Retry-After)", async () => {
    // PUT 0: 503 + Retry-After (not applied). Meanwhile someone else bumps the counter. PUT 1: 412. PUT 2: applied.
    let state!: ReturnType<typeof counterServer>;
    state = counterServer(server, {
      exists: true,
      lose: () => false,
      beforeApply: (i) => {
        if (i !== 0) return undefined;
        state.counter = 10;
        state.version++;
        return 503;
      },
    });
    const client = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const result = await updateSession(ref, increment, { client });
    expect(result.tries).toBe(2);
    expect(state.counter).toBe(11);
  });
});

describe("a lost answer to a create-only write", () => {
  it("reports XblOutcomeUnknownError, not 'exists already', when the retry gets 412", async () => {
    const state = counterServer(server, { exists: false, lose: (i) => i === 0 });
    const client = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const failure = await updateSession(ref, () => ({ properties: { custom: { counter: 1 } } }), { client, mode: "create" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(XblOutcomeUnknownError);
    expect(failure).not.toBeInstanceOf(XblPreconditionFailedError);
    expect(state.counter).toBe(1);
  });

  it("still reports an existing session as XblPreconditionFailedError when nothing was lost", async () => {
    counterServer(server, { exists: true, lose: () => false });
    const client = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const failure = await updateSession(ref, () => ({ properties: { custom: { counter: 1 } } }), { client, mode: "create" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(XblPreconditionFailedError);
  });
});

describe("a lost answer to an idempotent delete", () => {
  function handleServer(lose: boolean) {
    const handles = new Set(["h-1"]);
    let deletes = 0;
    server.handle((req, res) => {
      const id = req.url.split("/").pop() ?? "";
      deletes++;
      if (!handles.delete(id)) return sendText(res, 404, "no such handle");
      if (lose && deletes === 1) return res.destroy(); // deleted, answer lost
      return res.writeHead(204).end();
    });
  }

  it("is a success when the retry finds nothing left to delete (the first attempt did it)", async () => {
    handleServer(true);
    const client = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const { data, error, response } = await client.DELETE("/handles/{handleId}", { params: { path: { handleId: "h-1" } } });
    expect(error).toBeUndefined();
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(server.requests).toHaveLength(2);
  });

  it("is still a 404 error when no earlier attempt could have deleted it", async () => {
    handleServer(false);
    const client = createXblClient({ baseUrl: server.url, auth, timers: virtualTimers(), retry: { baseDelayMs: 5 } });
    const { error } = await client.DELETE("/handles/{handleId}", { params: { path: { handleId: "h-2" } } });
    expect(error?.status).toBe(404);
  });
});
