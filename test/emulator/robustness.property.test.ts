// Property: no input makes the emulator answer 5xx or stop serving. fast-check generates requests
// (methods, paths with odd names and encodings, auth and contract headers, JSON/non-JSON/invalid
// UTF-8/deep/oversized bodies) and every answer is also checked against the contract.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { matchRequest } from "../../src/contract/operation-index.js";
import { parseJson, stringifyJson } from "../../src/shared/json-codec.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";
import { assertConforms, HOST, lobbyCreateBody, rawRequest, SCID } from "../support/emulator-api.js";

let emu: RunningEmulator;
let handleId = "00000000-0000-4000-8000-000000000000";
beforeAll(async () => {
  // A pool too large to run dry: an exhausted pool (503) is capacity, not bad input.
  emu = await startEmulator({ rateLimits: false, rta: { requireLiveConnections: false }, maxBodyBytes: 16 * 1024, sessionHosts: { regions: { "West US": 1e6, "East US": 1e6 } }, follows: { [HOST]: ["2535405290000002"] } });
  // Some state for the generated requests to hit.
  const res = await rawRequest(emu.url, "PUT", `/serviceconfigs/${SCID}/sessiontemplates/MinecraftLobby/sessions/known`, {
    Authorization: `XBL3.0 x=h;${HOST}`, "x-xbl-contract-version": "107", "Content-Type": "application/json",
  }, [stringifyJson(lobbyCreateBody(HOST))]);
  expect(res?.status).toBe(201);
  const handle = await rawRequest(emu.url, "POST", "/handles", {
    Authorization: `XBL3.0 x=h;${HOST}`, "x-xbl-contract-version": "107", "Content-Type": "application/json",
  }, [stringifyJson({ version: 1, type: "activity", sessionRef: { scid: SCID, templateName: "MinecraftLobby", name: "known" } })]);
  expect(handle?.status).toBe(201);
  handleId = (parseJson(handle!.text) as { id: string }).id;
});
afterAll(() => emu.close());

const oddText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.constantFrom("known", "KNOWN", "..", ".", "%", "%zz", "%00", "%E0%A4%A", "a%2Fb", "me", "0", "-1", "query", "x".repeat(150), "😀", "%F0%9F%98%80"),
);
/** A path segment: sometimes raw (possibly invalid encoding), usually percent-encoded. */
const segment = fc.oneof(
  { weight: 3, arbitrary: oddText.map((s) => encodeURIComponent(s)) },
  { weight: 1, arbitrary: fc.constantFrom("%", "%zz", "%E0%A4%A", "..", "a%2Fb", "%00") },
);
const guidish = fc.oneof(fc.uuid().map(String), fc.constant(SCID), segment);
const path = fc.oneof(
  fc.tuple(guidish, fc.constantFrom("MinecraftLobby", "GameSession", "LargeSession", "sessionTemplates"), segment, fc.constantFrom("", "/properties", "/members/me", "/members/0"))
    .map(([scid, template, name, tail]) => `/serviceconfigs/${scid}/sessiontemplates/${template}/sessions/${name}${tail}`),
  fc.tuple(fc.constantFrom("/handles", "/handles/query"), fc.constantFrom("", "?include=relatedInfo", "?include=bogus", "?include=")).map(([p, q]) => p + q),
  fc.tuple(guidish, fc.constantFrom("", "/session")).map(([id, tail]) => `/handles/${id}${tail}`),
  fc.tuple(segment, guidish).map(([title, id]) => `/titles/${title}/sessions/${id}/allocationStatus`),
  segment.map((title) => `/titles/${title}/sessionhosts`),
  fc.constantFrom("/", "/docs", "/docs/../../etc/passwd", "/nope", "//", "/serviceconfigs"),
  fc.array(segment, { maxLength: 6 }).map((parts) => `/${parts.join("/")}`),
).chain((p) => fc.constantFrom(p, `${p}?nocommit=true`, `${p}?nocommit=maybe`));

const auth = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(`XBL3.0 x=h;${HOST}`, "XBL3.0 x=h;2535405290000002") },
  { weight: 1, arbitrary: fc.constant("XBL3.0 x=h;99999999999999999999") },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => `XBL3.0 x=${s.replace(/[^\x21-\x7e]/g, "")};1`) },
  { weight: 1, arbitrary: fc.constant("") },
);

/** Mostly well-formed operation paths (so handlers run), with odd names and encodings mixed in. */
const scidArb = fc.oneof({ weight: 4, arbitrary: fc.constant(SCID) }, { weight: 1, arbitrary: guidish });
const templateArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("MinecraftLobby", "GameSession", "LargeSession") },
  { weight: 1, arbitrary: segment },
);
const nameArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("known", "other", "KNOWN") }, { weight: 2, arbitrary: segment });
const session = fc.tuple(scidArb, templateArb, nameArb).map(([a, t, n]) => `/serviceconfigs/${a}/sessiontemplates/${t}/sessions/${n}`);
const handleIdArb = fc.oneof({ weight: 3, arbitrary: fc.constant("HANDLE") }, { weight: 1, arbitrary: guidish });
const operationRequest: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(fc.constantFrom("GET", "PUT"), session),
  session.map((p): [string, string] => ["PUT", `${p}/properties`]),
  session.map((p): [string, string] => ["DELETE", `${p}/members/me`]),
  fc.constant<[string, string]>(["POST", "/handles"]),
  fc.constantFrom("", "?include=relatedInfo,customProperties", "?include=roleInfo", "?include=bogus").map((q): [string, string] => ["POST", `/handles/query${q}`]),
  fc.tuple(fc.constantFrom("GET", "PUT"), handleIdArb).map(([m, id]): [string, string] => [m, `/handles/${id}/session`]),
  handleIdArb.map((id): [string, string] => ["DELETE", `/handles/${id}`]),
  fc.oneof(fc.constant("896928775"), segment).map((t): [string, string] => ["POST", `/titles/${t}/sessionhosts`]),
  fc.tuple(fc.oneof(fc.constant("896928775"), segment), guidish).map(([t, id]): [string, string] => ["GET", `/titles/${t}/sessions/${id}/allocationStatus`]),
);
const anyRequest: fc.Arbitrary<[string, string]> = fc.tuple(fc.constantFrom("GET", "PUT", "POST", "DELETE", "PATCH"), path);
const requestLine = fc.oneof({ weight: 5, arbitrary: operationRequest }, { weight: 1, arbitrary: anyRequest });

const member = fc.record({
  constants: fc.option(fc.record({ system: fc.option(fc.record({ xuid: fc.oneof(fc.constant(HOST), fc.string(), fc.integer()), initialize: fc.boolean() }), { nil: undefined }) }), { nil: undefined }),
  properties: fc.option(fc.record({ system: fc.option(fc.dictionary(fc.constantFrom("active", "ready", "connection", "bogus"), fc.jsonValue({ maxDepth: 2 })), { nil: undefined }), custom: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }) }), { nil: undefined }),
}, { requiredKeys: [] });
const sessionLike = fc.record({
  constants: fc.jsonValue({ maxDepth: 3 }),
  properties: fc.record({ system: fc.jsonValue({ maxDepth: 2 }), custom: fc.jsonValue({ maxDepth: 4 }) }, { requiredKeys: [] }),
  members: fc.dictionary(fc.constantFrom("me", "reserve_0", "reserve_1", "0", "1", "x"), fc.oneof(fc.constant(null), member)),
  servers: fc.jsonValue({ maxDepth: 2 }),
}, { requiredKeys: [] });
const handleLike = fc.record({
  type: fc.constantFrom("activity", "invite", "transfer", "search", "bogus"),
  version: fc.oneof(fc.constant(1), fc.integer()),
  sessionRef: fc.record({ scid: guidish, templateName: fc.constantFrom("MinecraftLobby", "GameSession", "x"), name: fc.constantFrom("known", "other") }, { requiredKeys: [] }),
  invitedXuid: fc.oneof(fc.constant("2535405290000002"), fc.string()),
  inviteAttributes: fc.record({ titleId: fc.oneof(fc.constant("896928775"), fc.string()) }),
  owners: fc.oneof(fc.record({ xuids: fc.array(fc.constant(HOST)) }), fc.record({ people: fc.record({ moniker: fc.constantFrom("people", "friends", "x"), monikerXuid: fc.constant(HOST) }) })),
  filter: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("strings/a eq 'b'", "((((", "tags/any(t: t eq 'x') or numbers/n gt 3")),
  scid: guidish,
  templateName: fc.constant("GameSession"),
  sessionId: fc.oneof(fc.uuid().map(String), fc.string()),
  cloudGameId: fc.uuid().map(String),
  locations: fc.array(fc.constantFrom("West US", "Mars"), { maxLength: 2 }),
}, { requiredKeys: ["type"] });

const customBag = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("nonces", "MemberCount", "__proto__", "constructor")),
  fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n })),
  { maxKeys: 5 },
);
/** Bodies that pass the request schema, so the write semantics themselves get exercised. */
const validSessionWrite = fc.record({
  properties: fc.record({
    system: fc.record({ joinRestriction: fc.constantFrom("none", "local", "followed"), readRestriction: fc.constantFrom("none", "local", "followed"), closed: fc.boolean() }, { requiredKeys: [] }),
    custom: customBag,
  }, { requiredKeys: [] }),
  members: fc.record({
    me: fc.oneof(
      fc.constant(null),
      fc.record({
        constants: fc.record({ system: fc.record({ xuid: fc.constantFrom(HOST, "2535405290000002"), initialize: fc.boolean() }, { requiredKeys: [] }), custom: customBag }, { requiredKeys: [] }),
        properties: fc.record({ system: fc.record({ active: fc.boolean(), ready: fc.boolean() }, { requiredKeys: [] }), custom: customBag }, { requiredKeys: [] }),
      }, { requiredKeys: [] }),
    ),
    reserve_0: fc.record({ constants: fc.record({ system: fc.record({ xuid: fc.constantFrom("2535405290000003", HOST) }) }) }),
  }, { requiredKeys: [] }),
  constants: fc.record({ system: fc.record({ maxMembersCount: fc.integer({ min: 1, max: 1000 }), visibility: fc.constantFrom("open", "private", "visible") }, { requiredKeys: [] }), custom: customBag }, { requiredKeys: [] }),
}, { requiredKeys: [] });

const serialized = (a: fc.Arbitrary<unknown>): fc.Arbitrary<(string | Buffer)[]> => a.map((v) => [stringifyJson(v)]);
type Chunks = (string | Buffer)[];
const junk: fc.Arbitrary<Chunks> = fc.oneof<fc.Arbitrary<Chunks>[]>(
  serialized(fc.oneof(sessionLike, handleLike)),
  serialized(fc.jsonValue({ maxDepth: 4 })),
  fc.string({ maxLength: 60 }).map((s): Chunks => [s]),
  fc.uint8Array({ maxLength: 40 }).map((b): Chunks => [Buffer.from(b)]),
  fc.constantFrom<Chunks[]>([Buffer.from([0xc3, 0x28])], ["[".repeat(5000)], ['{"a":' + "1".repeat(400) + "}"], ["x".repeat(40_000)], ['{"custom":{"n":12996504943305946298}}'], []),
);

const refArb = fc.record({ scid: scidArb, templateName: fc.constantFrom("MinecraftLobby", "GameSession"), name: fc.constantFrom("known", "other", "KNOWN") });
const validHandle = fc.oneof(
  fc.record({ version: fc.constant(1), type: fc.constant("activity"), sessionRef: refArb }),
  fc.record({ version: fc.constant(1), type: fc.constant("invite"), sessionRef: refArb, invitedXuid: fc.constantFrom("2535405290000002", "2535405290000003"), inviteAttributes: fc.record({ titleId: fc.constant("896928775") }) }),
  fc.record({ version: fc.constant(1), type: fc.constant("transfer"), sessionRef: refArb, originSessionRef: refArb }),
  fc.record({ version: fc.constant(1), type: fc.constant("search"), sessionRef: refArb, searchAttributes: fc.record({ tags: fc.array(fc.constantFrom("casual", "pvp")), numbers: fc.record({ level: fc.integer() }) }) }),
);
const validQuery = fc.oneof(
  fc.record({ type: fc.constant("activity"), scid: fc.constant(SCID), owners: fc.oneof(fc.record({ xuids: fc.array(fc.constantFrom(HOST, "2535405290000002"), { minLength: 1 }) }), fc.record({ people: fc.record({ moniker: fc.constantFrom("people", "friends", "favorites"), monikerXuid: fc.constantFrom(HOST, "2535405290000002") }) })) }),
  fc.record({ type: fc.constant("search"), scid: fc.constant(SCID), templateName: fc.constant("GameSession"), filter: fc.constantFrom("numbers/level gt 3", "tags/any(t: t eq 'pvp') or numbers/level lt 0", "(", "strings/x eq 'y' and not numbers/level ge 2") }, { requiredKeys: ["type", "scid", "templateName"] }),
);
const validAllocation = fc.record({ sessionId: fc.uuid().map(String), cloudGameId: fc.uuid().map(String), locations: fc.array(fc.constantFrom("West US", "East US", "Mars"), { minLength: 1, maxLength: 3 }) });

function bodyFor(path: string): fc.Arbitrary<(string | Buffer)[]> {
  const valid = path.endsWith("/properties")
    ? serialized(fc.record({ custom: customBag }))
    : path.startsWith("/serviceconfigs") || path.endsWith("/session")
      ? serialized(validSessionWrite)
      : path.startsWith("/handles/query")
        ? serialized(validQuery)
        : path.startsWith("/handles")
          ? serialized(validHandle)
          : serialized(validAllocation);
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: junk });
}

describe("robustness", () => {
  it("never answers 5xx or crashes, and every answer conforms to the contract", async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        requestLine.chain(([m, p]) => bodyFor(p).map((b): [string, string, (string | Buffer)[]] => [m, p, b])),
        auth,
        fc.oneof({ weight: 6, arbitrary: fc.constant("right") }, { weight: 1, arbitrary: fc.constantFrom("107", "105", "8", "", "abc", undefined) }),
        fc.option(fc.constantFrom("*", '"stale"', "W/\"x\"", ""), { nil: undefined, freq: 4 }),
        async ([method, rawPath, chunks], authorization, versionChoice, ifMatch) => {
          const p = rawPath.replace("HANDLE", handleId);
          const version = versionChoice === "right" ? (p.startsWith("/titles/") ? "8" : "107") : versionChoice;
          const headers: Record<string, string> = { "Content-Type": "application/json" };
          if (authorization) headers["Authorization"] = authorization;
          if (version !== undefined) headers["x-xbl-contract-version"] = version;
          if (ifMatch !== undefined) headers["If-Match"] = ifMatch;
          const send = method === "GET" || method === "DELETE" ? [] : chunks;
          const res = await rawRequest(emu.url, method, p, headers, send);
          expect(res, `${method} ${p} got no answer`).toBeDefined();
          expect(res!.status, `${method} ${p} → ${res!.status}: ${res!.text.slice(0, 200)}`).toBeLessThan(500);
          seen.set(res!.status, (seen.get(res!.status) ?? 0) + 1);
          if (process.env.DEBUG_ROBUST && res!.status === 400) console.log(method, p, res!.text.slice(0, 160));
          const pathname = p.split("?")[0]!;
          let op: ReturnType<typeof matchRequest>;
          try {
            op = matchRequest(method, pathname);
          } catch {
            op = undefined;
          }
          if (op) {
            const type = res!.headers["content-type"];
            const parsed = type?.startsWith("application/json") && res!.text !== "" ? parseJson(res!.text) : res!.text === "" ? undefined : res!.text;
            assertConforms(op.operationId, method, p, res!.status, type, parsed, res!.headers);
          }
        },
      ),
      { numRuns: 400, seed: 20261121 },
    );
    // The generator must get past auth and parsing often enough to exercise the handlers.
    const count = (pred: (s: number) => boolean) => [...seen].filter(([s]) => pred(s)).reduce((n, [, c]) => n + c, 0);
    if (process.env.DEBUG_ROBUST) console.log("robustness status histogram", Object.fromEntries(seen));
    expect(count((s) => s >= 200 && s < 300)).toBeGreaterThan(10);
    expect(count((s) => s === 403 || s === 404 || s === 409 || s === 412)).toBeGreaterThan(10);
    // Still serving after all of that.
    const after = await rawRequest(emu.url, "GET", `/serviceconfigs/${SCID}/sessiontemplates/MinecraftLobby/sessions/known`, {
      Authorization: `XBL3.0 x=h;${HOST}`, "x-xbl-contract-version": "107",
    });
    expect([200, 204]).toContain(after?.status);
  }, 40_000);
});
