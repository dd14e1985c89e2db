// The fast path builds requests without openapi-fetch's request code while no middleware is
// registered. This differential test sends every operation of the contract, with every parameter
// style it declares (path values that need encoding, scalar and array query parameters, header
// parameters, client and per-call headers, bodies with big integers), once through the fast path and
// once through openapi-fetch (a no-op middleware forces it), and requires identical requests on the
// wire: method, URL, headers and body.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operations } from "../../src/contract/operation-index.js";
import type { OperationInfo } from "../../src/contract/operation-types.js";
import { createXblClient, type XblClient } from "../../src/index.js";
import { BIG, TOKEN, USER_HASH } from "../support/client-fixtures.js";
import { type RecordedRequest, sendJson, useTestServer } from "../support/http-server.js";

const server = useTestServer();

type Parameter = { name: string; in: string; schema?: { type?: string } };
type Operation = { operationId: string; parameters?: (Parameter | { $ref: string })[]; requestBody?: unknown };
const contract = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
};

function resolve<T>(value: T | { $ref: string }): T {
  if (typeof value === "object" && value !== null && "$ref" in value) {
    return value.$ref
      .split("/")
      .slice(1)
      .reduce((node: any, key) => node[key], contract) as T;
  }
  return value as T;
}

function declaredParameters(operationId: string): Parameter[] {
  for (const item of Object.values(contract.paths)) {
    for (const operation of Object.values(item)) {
      if (operation.operationId === operationId) return (operation.parameters ?? []).map((p) => resolve(p));
    }
  }
  throw new Error(`no operation ${operationId}`);
}

/** Values that exercise encoding: spaces, slashes, commas, non-ASCII. */
const PATH_VALUES = ["plain", "with space/slash", "ünï©ode,comma&amp"];

/** Call options using every parameter the operation declares, in the style it declares. */
function initFor(info: OperationInfo, variant: number): Record<string, unknown> {
  const path: Record<string, string> = {};
  for (const [, name] of info.path.matchAll(/\{([^}]+)\}/g)) path[name!] = PATH_VALUES[variant % PATH_VALUES.length]!;
  const query: Record<string, unknown> = {};
  const header: Record<string, string> = {};
  for (const parameter of declaredParameters(info.operationId)) {
    if (parameter.in === "query") {
      query[parameter.name] = parameter.schema?.type === "array" ? ["relatedInfo", "custom,props", "a b"] : parameter.schema?.type === "boolean" ? variant % 2 === 0 : "x y";
    } else if (parameter.in === "header" && parameter.name !== "x-xbl-contract-version") {
      header[parameter.name] = variant % 2 === 0 ? '"etag-1"' : "*";
    }
  }
  const init: Record<string, unknown> = { params: { path, ...(Object.keys(query).length > 0 ? { query } : {}), ...(Object.keys(header).length > 0 ? { header } : {}) } };
  if (["PUT", "POST"].includes(info.method)) init.body = { type: "activity", version: 1, nested: { NetherNetId: BIG, list: [1, "two", null] } };
  if (variant === 2) init.headers = { "Accept-Language": "en-GB", "X-Per-Call": "yes" };
  return init;
}

function comparable(request: RecordedRequest) {
  const { "ms-cv": correlation, ...headers } = request.headers;
  expect(correlation).toMatch(/^[A-Za-z0-9+/]{16}\.1$/);
  return { method: request.method, url: request.url, headers, body: request.body };
}

async function send(client: XblClient, info: OperationInfo, init: Record<string, unknown>): Promise<RecordedRequest> {
  const before = server.requests.length;
  const method = info.method as "GET" | "PUT" | "POST" | "DELETE";
  const result = await (client[method] as (path: string, init: unknown) => Promise<{ error?: unknown }>)(info.path, init);
  expect(result.error).toBeUndefined();
  expect(server.requests).toHaveLength(before + 1);
  return server.requests[before]!;
}

describe("fast path and openapi-fetch send identical requests", () => {
  const clientOptions = [
    { label: "no client headers", headers: undefined },
    { label: "client headers", headers: { "Accept-Language": "fr-FR", "User-Agent": "xbl-test/1" } },
  ];
  for (const { label, headers } of clientOptions) {
    it(`for every operation and parameter style (${label})`, async () => {
      // Only the requests are compared; a JSON 200 is an answer every operation takes as a success.
      server.handle((_req, res) => sendJson(res, 200, "{}"));
      const options = { baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN }, ...(headers === undefined ? {} : { headers }) };
      const fast = createXblClient(options);
      const viaOpenapiFetch = createXblClient(options);
      viaOpenapiFetch.use({ onRequest: () => undefined });
      let compared = 0;
      for (const info of Object.values(operations) as OperationInfo[]) {
        for (let variant = 0; variant < 3; variant++) {
          const init = initFor(info, variant);
          const a = comparable(await send(fast, info, init));
          const b = comparable(await send(viaOpenapiFetch, info, init));
          expect(a, `${info.operationId} variant ${variant}`).toEqual(b);
          compared++;
        }
      }
      expect(compared).toBe(Object.keys(operations).length * 3);
    });
  }

  it("the comparison can fail: a different parameter value gives a different request", async () => {
    server.handle((_req, res) => res.writeHead(204).end());
    const client = createXblClient({ baseUrl: server.url, auth: { userHash: USER_HASH, xstsToken: TOKEN } });
    const info = operations.getSession;
    const a = comparable(await send(client, info, initFor(info, 0)));
    const b = comparable(await send(client, info, initFor(info, 1)));
    expect(a).not.toEqual(b);
  });
});
