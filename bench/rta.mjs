// RTA benchmarks, loopback only, bounded in count and time:
// 1. Emulator: N sockets (default 1,000) each subscribed to connections/ and a member of a lobby
//    (10 members per lobby, each with its ConnectionId and an "everything" subscription). Writers then
//    PUT custom properties for a fixed time; every PUT taps the lobby's 10 members. Reported: the
//    shoulder-tap latency p50/p99 from sending the PUT to the tap frame arriving (an upper bound of
//    commit-to-frame: it includes the HTTP request), and the PUT rate sustained meanwhile.
//    Target: p99 < 50 ms at 1,000 sockets on a 2-core machine.
// 2. Client: heap per idle connected RtaClient and per subscription (against a scripted loopback service).
//   node --expose-gc bench/rta.mjs [--sockets 1000] [--duration 5] [--writers 4] [--idle 200] [--subscriptions 2000]
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { WebSocketServer } from "ws";
import { freePort, importTs, printTable } from "./client-support.mjs";

const { values } = parseArgs({
  options: {
    sockets: { type: "string", default: "1000" },
    duration: { type: "string", default: "5" },
    writers: { type: "string", default: "4" },
    idle: { type: "string", default: "200" },
    subscriptions: { type: "string", default: "2000" },
  },
});
const SOCKETS = Math.min(Number(values.sockets), 5000);
const DURATION_MS = Math.min(Number(values.duration), 60) * 1000;
const WRITERS = Math.min(Number(values.writers), 64);
const IDLE = Math.min(Number(values.idle), 2000);
const SUBSCRIPTIONS = Math.min(Number(values.subscriptions), 20000);
const PER_LOBBY = 10;
const SCID = "4fc10100-5f7a-4470-899b-280835760c07";

const { createRtaClient } = await importTs("src/rta/index.ts");


async function startEmulatorProcess() {
  mkdirSync(".tmp/bench", { recursive: true });
  await build({
    entryPoints: ["src/emulator/index.ts"], bundle: true, platform: "node", format: "esm", target: "node20",
    outfile: ".tmp/bench/emulator.mjs", packages: "external", logLevel: "warning",
  });
  const port = await freePort();
  writeFileSync(
    ".tmp/bench/run-rta-emulator.mjs",
    `import { startEmulator } from "./emulator.mjs";\n` +
      `const emu = await startEmulator({ port: ${port}, rateLimits: false, everyoneFollowsEveryone: true });\n` +
      `process.on("SIGTERM", () => emu.close().then(() => process.exit(0)));\n` +
      `console.log("ready");\n`,
  );
  const child = spawn(process.execPath, [".tmp/bench/run-rta-emulator.mjs"], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
    child.stdout.on("data", (d) => String(d).includes("ready") && resolve());
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

const xuidOf = (i) => String(2535405300000000n + BigInt(i));
const auth = (xuid) => `XBL3.0 x=uhs${xuid};${xuid}`;

async function put(url, xuid, lobby, body) {
  const res = await fetch(`${url}/serviceconfigs/${SCID}/sessiontemplates/MinecraftLobby/sessions/${lobby}`, {
    method: "PUT",
    headers: { Authorization: auth(xuid), "x-xbl-contract-version": "107", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`PUT ${lobby} as ${xuid}: ${res.status} ${text.slice(0, 200)}`);
}

function percentile(sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function emulatorBench() {
  const emulator = await startEmulatorProcess();
  const clients = [];
  const inFlight = new Map(); // lobby → PUT send time
  const latencies = [];
  try {
    // Hosts create the lobbies first (joinable by followers), then the others join; in batches.
    const order = [...Array(SOCKETS).keys()].sort((a, b) => (a % PER_LOBBY === 0 ? 0 : 1) - (b % PER_LOBBY === 0 ? 0 : 1) || a - b);
    for (let start = 0; start < SOCKETS; start += 100) {
      const batch = [];
      for (const i of order.slice(start, start + 100)) {
        const xuid = xuidOf(i);
        const client = createRtaClient({ baseUrl: emulator.url, auth: { userHash: `uhs${xuid}`, xstsToken: xuid }, liveness: false });
        const lobby = `bench-${Math.floor(i / PER_LOBBY)}`;
        client.on("shoulderTap", (tap) => {
          const sent = inFlight.get(tap.session.name);
          if (sent !== undefined) latencies.push(performance.now() - sent);
        });
        clients.push(client);
        batch.push(
          client.connectionIdNow().then((connectionId) =>
            put(emulator.url, xuid, lobby, {
              ...(i % PER_LOBBY === 0 ? { properties: { system: { joinRestriction: "followed", readRestriction: "followed" } } } : {}),
              members: {
                me: {
                  constants: { system: { xuid, initialize: true } },
                  properties: { system: { active: true, connection: connectionId, subscription: { id: crypto.randomUUID(), changeTypes: ["everything"] } } },
                },
              },
            }),
          ),
        );
      }
      await Promise.all(batch);
    }
    latencies.length = 0;
    const lobbies = Math.ceil(SOCKETS / PER_LOBBY);
    let puts = 0;
    const deadline = performance.now() + DURATION_MS;
    const writer = async (w) => {
      for (let n = 0; performance.now() < deadline && n < 1_000_000; n++) {
        const index = (w + n * WRITERS) % lobbies;
        const lobby = `bench-${index}`;
        inFlight.set(lobby, performance.now());
        await put(emulator.url, xuidOf(index * PER_LOBBY), lobby, { properties: { custom: { counter: n, writer: w } } });
        puts++;
        // Let the taps of this change arrive before the lobby is written again.
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight.delete(lobby);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: Math.min(WRITERS, lobbies) }, (_, w) => writer(w)));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    printTable(`RTA emulator: ${SOCKETS} sockets, ${lobbies} lobbies of ${PER_LOBBY}, ${WRITERS} writers, ${DURATION_MS / 1000}s`, [
      {
        "PUTs/s": Math.round(puts / elapsed),
        taps: latencies.length,
        "tap p50 ms": percentile(latencies, 50).toFixed(2),
        "tap p99 ms": p99.toFixed(2),
        "tap max ms": latencies.at(-1)?.toFixed(2),
        "target p99 < 50 ms": p99 < 50 ? "met" : "missed",
      },
    ]);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    emulator.child.kill("SIGTERM");
  }
}

async function clientMemoryBench() {
  if (typeof globalThis.gc !== "function") {
    console.log("(client memory skipped: run with node --expose-gc)");
    return;
  }
  let nextId = 1;
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, handleProtocols: (p) => [...p][0] });
  server.on("connection", (socket) => {
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data));
      socket.send(JSON.stringify(frame[0] === 1 ? [1, frame[1], 0, nextId++, { ConnectionId: crypto.randomUUID() }] : [2, frame[1], 0]));
    });
  });
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const heap = () => {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  const make = () => createRtaClient({ baseUrl: url, auth: { userHash: "u", xstsToken: "t" } });
  try {
    const before = heap();
    const idle = [];
    for (let i = 0; i < IDLE; i++) idle.push(make());
    await Promise.all(idle.map((c) => c.connect()));
    const perConnection = (heap() - before) / IDLE;
    await Promise.all(idle.map((c) => c.close()));

    const one = make();
    await one.connect();
    const base = heap();
    for (let start = 0; start < SUBSCRIPTIONS; start += 500) {
      await Promise.all(Array.from({ length: Math.min(500, SUBSCRIPTIONS - start) }, (_, k) => one.subscribe(`https://example.invalid/resource/${start + k}`)));
    }
    const perSubscription = (heap() - base) / SUBSCRIPTIONS;
    await one.close();
    printTable("RTA client memory (JS heap, after GC)", [
      { "idle connections": IDLE, "bytes per idle connection": Math.round(perConnection), subscriptions: SUBSCRIPTIONS, "bytes per subscription": Math.round(perSubscription) },
    ]);
  } finally {
    for (const socket of server.clients) socket.terminate();
    server.close();
  }
}

console.log(`RTA benchmark — ${cpus().length} CPU(s), Node ${process.version}\n`);
await emulatorBench();
await clientMemoryBench();
