// Client overhead with a stubbed fetch (no network): the xbl client vs bare openapi-fetch vs raw
// fetch, for a GET and for a PUT of a ~2 KB session document. Target: xbl >= 85% of openapi-fetch.
// The contenders run in interleaved blocks and each figure is the median over blocks, so load from
// other processes on the machine hits them alike.
import createClient from "openapi-fetch";
import { importTs, printTable, sessionDocument } from "./client-support.mjs";

const { createXblClient } = await importTs("src/index.ts");

const PATH = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}";
const params = { path: { scid: "4fc10100-5f7a-4470-899b-280835760c07", sessionTemplateName: "MinecraftLobby", sessionName: "lobby" } };
const URL_ = "https://sessiondirectory.xboxlive.com/serviceconfigs/4fc10100-5f7a-4470-899b-280835760c07/sessiontemplates/MinecraftLobby/sessions/lobby";
const AUTH = "XBL3.0 x=1234567890;token";
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 15);
const PER_BLOCK = Number(process.env.BENCH_PER_BLOCK ?? 1500);

function stubFetch(text) {
  const headers = { "content-type": "application/json", etag: '"1"' };
  // As in openapi-fetch's own benchmark: answer on the next tick, never touch the network.
  return () => new Promise((resolve) => process.nextTick(() => resolve(new Response(text, { status: 200, headers }))));
}

async function block(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return (n * 1e9) / Number(process.hrtime.bigint() - start);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function compare(label, contenders) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const ratios = [];
  for (const name of names) await block(contenders[name], 1000); // warm-up
  for (let b = 0; b < BLOCKS; b++) {
    const round = {};
    for (const name of names) round[name] = await block(contenders[name], PER_BLOCK);
    for (const name of names) samples[name].push(round[name]);
    ratios.push(round.xbl / round["openapi-fetch"]);
  }
  const ratio = median(ratios);
  return {
    case: label,
    "raw fetch ops/s": Math.round(median(samples["raw fetch"])),
    "openapi-fetch ops/s": Math.round(median(samples["openapi-fetch"])),
    "xbl client ops/s": Math.round(median(samples.xbl)),
    "xbl / openapi-fetch": `${(ratio * 100).toFixed(1)}%`,
    "target >= 85%": ratio >= 0.85 ? "met" : "missed",
  };
}

async function suite(docLabel, responseText, clientOptions, optionsLabel) {
  const body = JSON.parse(responseText.replace(/"NetherNetId":\d+/, '"NetherNetId":1'));
  const bodyText = JSON.stringify(body);
  const fetch = stubFetch(responseText);
  const xbl = createXblClient({ fetch, auth: { userHash: "1234567890", xstsToken: "token" }, ...clientOptions });
  const bare = createClient({ baseUrl: "https://sessiondirectory.xboxlive.com", fetch, headers: { Authorization: AUTH, "x-xbl-contract-version": "107" } });
  const get = await compare(`GET ${docLabel}${optionsLabel}`, {
    "raw fetch": async () => (await fetch(new Request(URL_, { headers: { Authorization: AUTH, "x-xbl-contract-version": "107" } }))).json(),
    "openapi-fetch": () => bare.GET(PATH, { params }),
    xbl: () => xbl.GET(PATH, { params }),
  });
  const put = await compare(`PUT ${docLabel}${optionsLabel}`, {
    "raw fetch": async () =>
      (
        await fetch(
          new Request(URL_, { method: "PUT", body: bodyText, headers: { "content-type": "application/json", Authorization: AUTH, "x-xbl-contract-version": "107" } }),
        )
      ).json(),
    "openapi-fetch": () => bare.PUT(PATH, { params, body }),
    xbl: () => xbl.PUT(PATH, { params, body }),
  });
  return [get, put];
}

const doc = sessionDocument(2048, { bigint: false });
const docBig = sessionDocument(2048, { bigint: true });
const rows = [
  ...(await suite(`${doc.length} B session`, doc, {}, "")),
  ...(await suite(`${doc.length} B session`, doc, { retry: { attemptTimeoutMs: 0 } }, ", no per-attempt timeout")),
  ...(await suite(`${docBig.length} B session, NetherNetId > 2^53`, docBig, {}, "")),
];
printTable(`Client overhead (stubbed fetch; median of ${BLOCKS} interleaved blocks of ${PER_BLOCK} calls)`, rows);
console.log("Note: with a NetherNetId > 2^53, openapi-fetch's JSON.parse silently rounds it; the xbl client parses it exactly.");
