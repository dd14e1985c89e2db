// The contract refuses the bodies real clients get wrong, through the same validator the emulator uses.
import { describe, expect, it } from "vitest";
import { validateParameters, validateRequestBody, validateResponse } from "../../src/contract/validator.js";
import { matchRequest } from "../../src/contract/operation-index.js";

const ref = { scid: "4fc10100-5f7a-4470-899b-280835760c07", templateName: "MinecraftLobby", name: "lobby-1" };
const invite = { type: "invite", version: 1, sessionRef: ref, invitedXuid: "2535405290000003", inviteAttributes: { titleId: "896928775" } };
const allocation = {
  sessionId: "3536d3e6-e85d-4f47-b898-9617d19dabcd",
  cloudGameId: "1b7f9925-369c-4301-b1f7-1125dce25776",
  locations: ["West US"],
};

function errorsOf(result: ReturnType<typeof validateRequestBody>): string[] {
  return result.ok ? [] : result.errors;
}

describe("request bodies the contract refuses", () => {
  it("accepts the well-formed bodies used below as baselines", () => {
    expect(validateRequestBody("writeSession", { members: { me: { properties: { system: { active: true } } } } })).toEqual({ ok: true });
    expect(validateRequestBody("createHandle", invite)).toEqual({ ok: true });
    expect(validateRequestBody("allocateSessionHost", allocation)).toEqual({ ok: true });
  });

  it("a session PUT with an unknown top-level member", () => {
    const errors = errorsOf(validateRequestBody("writeSession", { properties: {}, member: {} }));
    expect(errors).toContain('(body) has an unknown member "member"');
  });

  it("a session PUT with a member key that is neither me, reserve_N nor an index", () => {
    const errors = errorsOf(validateRequestBody("writeSession", { members: { you: null } }));
    expect(errors.join("\n")).toMatch(/members has an unknown member "you"/);
  });

  it("an invite without invitedXuid", () => {
    const { invitedXuid: _dropped, ...body } = invite;
    expect(errorsOf(validateRequestBody("createHandle", body)).join("\n")).toMatch(/invitedXuid is required/);
  });

  it("an invite context over 256 characters", () => {
    const body = { ...invite, inviteAttributes: { titleId: "896928775", context: "x".repeat(257) } };
    expect(errorsOf(validateRequestBody("createHandle", body)).join("\n")).toMatch(/inviteAttributes\/context must NOT have more than 256 characters/);
    const atLimit = { ...invite, inviteAttributes: { titleId: "896928775", context: "x".repeat(256) } };
    expect(validateRequestBody("createHandle", atLimit)).toEqual({ ok: true });
  });

  it("a title id sent as a number", () => {
    const body = { ...invite, inviteAttributes: { titleId: 896928775 } };
    expect(errorsOf(validateRequestBody("createHandle", body)).join("\n")).toMatch(/titleId must be string/);
  });

  it("a handle without sessionRef", () => {
    const body = { type: "activity", version: 1 };
    expect(errorsOf(validateRequestBody("createHandle", body)).join("\n")).toMatch(/sessionRef is required/);
  });

  it("an activity query naming both owners.xuids and owners.people", () => {
    const body = { type: "activity", owners: { xuids: ["1"], people: { moniker: "people", monikerXuid: "1" } } };
    expect(validateRequestBody("queryHandles", body).ok).toBe(false);
  });

  it("a sessionCookie over 4 KB", () => {
    const body = { ...allocation, sessionCookie: "c".repeat(4097) };
    expect(errorsOf(validateRequestBody("allocateSessionHost", body)).join("\n")).toMatch(/sessionCookie must NOT have more than 4096 characters/);
    expect(validateRequestBody("allocateSessionHost", { ...allocation, sessionCookie: "c".repeat(4096) })).toEqual({ ok: true });
  });

  it("a non-GUID sessionId", () => {
    const body = { ...allocation, sessionId: "not-a-guid" };
    expect(errorsOf(validateRequestBody("allocateSessionHost", body)).join("\n")).toMatch(/sessionId must match (format "uuid"|pattern)/);
  });

  it("the documentation table's gameModelId spelling", () => {
    const body = { ...allocation, gameModelId: "2162d32c-7ac8-40e9-9b1f-56676b8b2513" };
    expect(errorsOf(validateRequestBody("allocateSessionHost", body))).toContain('(body) has an unknown member "gameModelId"');
  });
});

describe("parameters, responses and routing", () => {
  const path = { scid: ref.scid, sessionTemplateName: "MinecraftLobby", sessionName: "lobby-1" };

  it("requires a supported contract version header", () => {
    expect(validateParameters("getSession", { path, header: { "X-Xbl-Contract-Version": "107" } })).toEqual({ ok: true });
    expect(validateParameters("getSession", { path, header: {} })).toEqual({ ok: false, errors: ["header parameter x-xbl-contract-version is required"] });
    expect(validateParameters("getSession", { path, header: { "x-xbl-contract-version": "99" } }).ok).toBe(false);
    expect(validateParameters("allocateSessionHost", { path: { titleId: "896928775" }, header: { "x-xbl-contract-version": "107" } }).ok).toBe(false);
  });

  it("refuses a non-GUID SCID in the path", () => {
    const result = validateParameters("getSession", { path: { ...path, scid: "nope" }, header: { "x-xbl-contract-version": "107" } });
    expect(result.ok).toBe(false);
  });

  it("checks response status, media type, body and required headers", () => {
    expect(validateResponse("getSession", 200, "application/json", { constants: {}, properties: {}, membersInfo: {} }, { etag: '"1"' })).toEqual({ ok: true });
    expect(validateResponse("getSession", 200, "application/json", { constants: {}, properties: {}, membersInfo: {} }, {}).ok).toBe(false);
    expect(validateResponse("getSession", 418, "text/plain", "teapot").ok).toBe(false);
    expect(validateResponse("getSession", 404, "text/plain", "The requested service config is either invalid or not configured for sessions.")).toEqual({ ok: true });
    expect(validateResponse("getSession", 404, "application/json", {}).ok).toBe(false);
    expect(validateResponse("writeSession", 204, null, undefined)).toEqual({ ok: true });
    expect(validateResponse("writeSession", 429, "application/json", { version: 1, currentRequests: 31, maxRequests: 30, periodInSeconds: 15, limitType: "rate" })).toEqual({ ok: true });
    expect(validateResponse("writeSession", 429, "application/json", { limitType: "rate" }).ok).toBe(false);
  });

  it("finds operations by method and path, literal segments first", () => {
    expect(matchRequest("POST", "/handles/query")?.operationId).toBe("queryHandles");
    expect(matchRequest("DELETE", "/handles/47ca0049-a5ba-4bc1-aa22-fcf834ce4c13")).toEqual({
      operationId: "deleteHandle",
      pathParams: { handleId: "47ca0049-a5ba-4bc1-aa22-fcf834ce4c13" },
    });
    expect(matchRequest("PUT", `/serviceconfigs/${ref.scid}/sessionTemplates/MinecraftLobby/sessions/a%2Fb`)).toEqual({
      operationId: "writeSession",
      pathParams: { scid: ref.scid, sessionTemplateName: "MinecraftLobby", sessionName: "a/b" },
    });
    expect(matchRequest("GET", "/titles/1/sessions/x/allocationStatus")?.operationId).toBe("getAllocationStatus");
    expect(matchRequest("PATCH", "/handles")).toBeUndefined();
    expect(matchRequest("GET", "/serviceconfigs/x/sessiontemplates/t/sessions/%E0%A4%A")).toBeUndefined();
  });
});
