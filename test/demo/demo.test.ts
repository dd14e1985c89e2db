// The `npm start` demo passes end to end against a fresh emulator, over real HTTP on 127.0.0.1.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createXblClient } from "../../src/client/create-client.js";
import { DEMO_NETHERNET_ID, runDemo, type DemoUser } from "../../src/demo/run-demo.js";
import { startEmulator, type RunningEmulator } from "../../src/emulator/index.js";

let emulator: RunningEmulator;
const xuids = { host: "2535405290000011", friend: "2535405290000012", invitee: "2535405290000013" };

beforeAll(async () => {
  emulator = await startEmulator({
    follows: { [xuids.host]: [xuids.friend], [xuids.friend]: [xuids.host], [xuids.invitee]: [] },
  });
});
afterAll(() => emulator.close());

const user = (name: string, xuid: string): DemoUser => ({
  name,
  xuid,
  client: createXblClient({ baseUrl: emulator.url, auth: { userHash: "h", xstsToken: xuid } }),
});

it("runs every step and reports the uint64 exactly", async () => {
  const lines: string[] = [];
  const result = await runDemo({
    host: user("Host", xuids.host),
    friend: user("Friend", xuids.friend),
    invitee: user("Invitee", xuids.invitee),
    scid: "4fc10100-5f7a-4470-899b-280835760c07",
    templateName: "MinecraftLobby",
    titleId: "896928775",
    cloudGameId: "1b7f9925-369c-4301-b1f7-1125dce25776",
    locations: ["West US"],
    log: (line) => lines.push(line),
  });
  expect(result.steps).toBe(8);
  const text = lines.join("\n");
  expect(text).toContain(`read NetherNetId ${String(DEMO_NETHERNET_ID)} as a bigint, exactly`);
  expect(text).toMatch(/Content-Location \/serviceconfigs\/.+\/sessions\//);
  expect(text).toContain("the last leave answered 204");
});

it("fails loudly when a step's precondition does not hold", async () => {
  // Nobody follows the "friend" here, so the lobby's joinRestriction "followed" refuses the join.
  await expect(
    runDemo({
      host: user("Host", "2535405290000021"),
      friend: user("Loner", "2535405290000022"),
      invitee: user("Invitee", "2535405290000023"),
      scid: "4fc10100-5f7a-4470-899b-280835760c07",
      templateName: "MinecraftLobby",
      titleId: "896928775",
      cloudGameId: "1b7f9925-369c-4301-b1f7-1125dce25776",
      locations: ["West US"],
      log: () => {},
    }),
  ).rejects.toThrow(/^friend joins: .*403/);
});
