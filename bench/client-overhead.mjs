// Client overhead against bare openapi-fetch, for a GET and a PUT of a ~2 KB session: once with a
// stubbed fetch (no network; answers on the next tick, as in openapi-fetch's own benchmark) and once
// over a real loopback socket with Node's fetch (the server runs in a child process). Paired rounds:
// each round runs both contenders back to back, alternating which goes first, and the figure is the
// median of the per-round ratios with the lowest and highest. Time is this process's CPU time
// (process.cpuUsage, every thread: V8's background GC and compiler threads count too), so other load on
// the machine does not land on one contender more than the other. A round is 1,000 (stub) or 300
// (socket) calls per contender; BENCH_ROUNDS sets the rounds (default 61).
// Targets: >= 0.95x (stub), >= 0.97x (socket).
import { fork } from "node:child_process";
import createClient from "openapi-fetch";
import { importTs, printTable, sessionDocument } from "./client-support.mjs";

if (process.argv[2] === "--serve") {
  // Child: a loopback server answering every request with the session document.
  const { createServer } = await import("node:http");
  const text = sessionDocument(2048, { bigint: false });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json", etag: '"1"' }).end(text));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send(server.address().port));
  process.on("disconnect", () => process.exit(0));
} else {
  const { createXblClient } = await importTs("src/index.ts");
  const PATH = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}";
  const params = { path: { scid: "4fc10100-5f7a-4470-899b-280835760c07", sessionTemplateName: "MinecraftLobby", sessionName: "lobby" } };
  const AUTH = "XBL3.0 x=1234567890;token";
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 61);
  const doc = sessionDocument(2048, { bigint: false });
  const body = JSON.parse(doc);

  /** Calls per CPU-second of this process over `n` sequential calls. */
  async function block(fn, n) {
    // Start each block with an empty young generation, so one contender's garbage is not scavenged in
    // the other's time. Only a minor collection: a full one makes V8 drop and recompile optimised code
    // in the next block, work a real program never does, charged to the contender with more functions.
    globalThis.gc?.({ type: "minor" });
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    const used = process.cpuUsage(start);
    return (n * 1e6) / (used.user + used.system);
  }

  /** Paired rounds of `perRound` calls each; ratio = xbl ops/s over openapi-fetch ops/s within a round. */
  async function paired(label, bare, xbl, perRound) {
    await block(bare, perRound);
    await block(xbl, perRound);
    const ratios = [];
    const bareOps = [];
    const xblOps = [];
    for (let r = 0; r < ROUNDS; r++) {
      let a;
      let b;
      if (r % 2 === 0) {
        a = await block(bare, perRound);
        b = await block(xbl, perRound);
      } else {
        b = await block(xbl, perRound);
        a = await block(bare, perRound);
      }
      bareOps.push(a);
      xblOps.push(b);
      ratios.push(b / a);
    }
    const sorted = (xs) => [...xs].sort((x, y) => x - y);
    const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
    return { label, ratio: median(ratios), min: sorted(ratios)[0], max: sorted(ratios).at(-1), bare: median(bareOps), xbl: median(xblOps) };
  }

  function clients(fetch, baseUrl) {
    const xbl = createXblClient({ fetch, auth: { userHash: "1234567890", xstsToken: "token" }, ...(baseUrl ? { baseUrl } : {}) });
    const bare = createClient({ baseUrl: baseUrl ?? "https://sessiondirectory.xboxlive.com", fetch, headers: { Authorization: AUTH, "x-xbl-contract-version": "107" } });
    return { xbl, bare };
  }

  const headers = { "content-type": "application/json", etag: '"1"' };
  const stub = () => new Promise((resolve) => process.nextTick(() => resolve(new Response(doc, { status: 200, headers }))));
  const results = [];
  {
    const { xbl, bare } = clients(stub);
    results.push({ ...(await paired("GET, stubbed fetch", () => bare.GET(PATH, { params }), () => xbl.GET(PATH, { params }), 1000)), target: 0.95 });
    results.push({ ...(await paired("PUT, stubbed fetch", () => bare.PUT(PATH, { params, body }), () => xbl.PUT(PATH, { params, body }), 1000)), target: 0.95 });
  }
  const child = fork(new URL(import.meta.url).pathname, ["--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise((resolve) => child.once("message", resolve));
  try {
    const { xbl, bare } = clients((request) => globalThis.fetch(request), `http://127.0.0.1:${port}`);
    results.push({ ...(await paired("GET, loopback socket", () => bare.GET(PATH, { params }), () => xbl.GET(PATH, { params }), 300)), target: 0.97 });
    results.push({ ...(await paired("PUT, loopback socket", () => bare.PUT(PATH, { params, body }), () => xbl.PUT(PATH, { params, body }), 300)), target: 0.97 });
  } finally {
    child.disconnect();
  }
  printTable(
    `Client vs bare openapi-fetch, ${doc.length} B session (median of ${ROUNDS} paired rounds, min and max of the per-round ratio)`,
    results.map((r) => ({
      case: r.label,
      "openapi-fetch calls/CPU-s": Math.round(r.bare),
      "xbl calls/CPU-s": Math.round(r.xbl),
      "xbl / openapi-fetch (median)": r.ratio.toFixed(3),
      min: r.min.toFixed(3),
      max: r.max.toFixed(3),
      target: `>= ${r.target}: ${r.ratio >= r.target ? "met" : "missed"}`,
    })),
  );
}
