// Real JSON bodies (the official SDK's test data, Microsoft's doc samples, bodies rebuilt from open clients)
// kept beside the project in ../shared/real-samples, each described in its index.json. Every one marked as
// standing for live traffic must validate against the contract; they are parsed with the project's
// big-integer-safe codec, as the emulator parses requests. Skipped where ../shared is absent.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../src/shared/json-codec.js";
import { validateRequestBody, validateResponse, validateSchema } from "../../src/contract/validator.js";
import { operations, type OperationId } from "../../src/contract/operation-index.js";

interface SampleEntry {
  file: string;
  source: string;
  kind: "request" | "response";
  operationId: string;
  status: number | null;
  expect: "valid" | "invalid";
}

const sampleDir = path.resolve(import.meta.dirname, "../../../shared/real-samples");
const indexFile = path.join(sampleDir, "index.json");
const index: SampleEntry[] = existsSync(indexFile) ? (JSON.parse(readFileSync(indexFile, "utf8")) as SampleEntry[]) : [];
const live = index.filter((entry) => entry.expect === "valid");
const load = (entry: SampleEntry): unknown => parseJson(readFileSync(path.join(sampleDir, entry.file), "utf8"));

function validate(entry: SampleEntry): ReturnType<typeof validateRequestBody> {
  const operationId = entry.operationId as OperationId;
  return entry.kind === "request"
    ? validateRequestBody(operationId, load(entry))
    : validateResponse(operationId, entry.status ?? 200, "application/json", load(entry));
}

describe.skipIf(index.length === 0)("real samples", () => {
  it("the index lists every sample file once, each naming an operation of the contract", () => {
    expect(new Set(index.map((e) => e.file)).size).toBe(index.length);
    for (const entry of index) {
      expect(existsSync(path.join(sampleDir, entry.file)), entry.file).toBe(true);
      expect(Object.keys(operations), entry.file).toContain(entry.operationId);
    }
    expect(live.length).toBeGreaterThan(100);
  });

  it.each(live.map((e) => [e.file, e] as const))("%s (live traffic) validates", (_file, entry) => {
    expect(validate(entry)).toEqual({ ok: true });
  });

  it("the Minecraft lobby bodies of open clients fit the MinecraftLobby profile, uint64 ids included", () => {
    const lobbies = live
      .map((entry) => ({ entry, body: load(entry) as { properties?: { custom?: Record<string, unknown> } } }))
      .filter(({ body }) => body?.properties?.custom?.["SupportedConnections"] !== undefined);
    expect(lobbies.length).toBeGreaterThan(0);
    for (const { entry, body } of lobbies) {
      expect(validateSchema("MinecraftLobbyCustomProperties", body.properties!.custom), entry.file).toEqual({ ok: true });
    }
    const wrong = { ...lobbies[0]!.body.properties!.custom, SupportedConnections: [{ ConnectionType: 7, NetherNetId: "12996504943305946298" }] };
    expect(validateSchema("MinecraftLobbyCustomProperties", wrong).ok).toBe(false);
  });
});
