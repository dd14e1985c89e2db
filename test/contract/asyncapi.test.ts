// The AsyncAPI description of RTA: every message example fits its payload schema (neither linter
// checks that), the frames the codec builds fit the request schemas, and bad frames are refused.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { bundleRta } from "../../scripts/lib/rta-types.mjs";
import { encodeSubscribe, encodeUnsubscribe } from "../../src/rta/frames.js";

const doc = (await bundleRta()) as any;
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);

function validator(ref: string) {
  const name = ref.split("/").pop()!;
  return ajv.getSchema(`#/components/schemas/${name}`)!;
}

describe("asyncapi/rta.yaml", () => {
  it("is AsyncAPI 3.0 with the wss server, /connect channel and the four operations", () => {
    const raw = parse(readFileSync(new URL("../../asyncapi/rta.yaml", import.meta.url), "utf8"));
    expect(raw.asyncapi).toBe("3.0.0");
    expect(raw.servers.production).toMatchObject({ host: "rta.xboxlive.com", protocol: "wss" });
    expect(raw.channels.connect.address).toBe("/connect");
    expect(Object.keys(raw.operations).sort()).toEqual(["receiveEvent", "receiveResync", "subscribe", "unsubscribe"]);
  });

  const messages = Object.entries(doc.components.messages as Record<string, any>);
  for (const [name, message] of messages) {
    it(`${name}: every example fits the payload schema`, () => {
      const validate = validator(message.payload.$ref);
      expect(message.examples?.length).toBeGreaterThan(0);
      for (const example of message.examples) {
        const ok = validate(example.payload);
        expect(ok, `${name} example ${example.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    });
  }

  it("refuses frames that do not fit", () => {
    expect(validator("SubscribeReplyFrame")([1, 1, 0, 5])).toBe(false); // success without data
    expect(validator("SubscribeReplyFrame")([1, 1, 7])).toBe(false); // no such status
    expect(validator("EventFrame")([3, "x", {}])).toBe(false);
    expect(validator("ResyncFrame")([4, 1])).toBe(false);
    expect(validator("ShoulderTap")({ resourceType: "mpsd/session" })).toBe(false);
  });

  it("describes the frames the client sends", () => {
    expect(validator("SubscribeRequestFrame")(JSON.parse(encodeSubscribe(1, "https://sessiondirectory.xboxlive.com/connections/")))).toBe(true);
    expect(validator("UnsubscribeRequestFrame")(JSON.parse(encodeUnsubscribe(2, 7)))).toBe(true);
  });
});
