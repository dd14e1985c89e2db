// Lobby soak: N Minecraft lobbies, each kept by hostMinecraftLobby, for the equivalent of H hours against
// the emulator with its rate limits on. One manual clock drives the emulator and every client; the script
// moves it in steps and lets the real loopback I/O (HTTP, websockets) finish between steps, so a virtual
// day takes a minute or two and the outcome does not depend on how fast the machine is. Each lobby has
// 1–3 friends (each with its own RTA socket, never faulted) who find it through the host's activity, join
// through the handle, stay a while, leave and come back; the host's socket is dropped or left half-open at
// random every few virtual minutes. Measured: lobbies lost, friends wrongly removed, host writes per lobby
// per hour, 429s; also recoveries by kind and how long the host's member went without a live connection.
// A lobby is judged (every two virtual minutes, once its host's ConnectionId is a minute old, and once at
// the end) by reading it as a third user: it is lost if the session is gone or not joinable by friends, its
// host is not an active member on that ConnectionId, its properties changed, or no activity points at it.
// A friend is wrongly removed when it is gone from the session although its own socket stayed up and the
// session held its current ConnectionId. Findings print with the seed, the virtual time and the step.
//   node bench/lobby-soak.mjs [--lobbies 10] [--hours 24] [--fault-every-minutes 5] [--seed 1]
//                             [--step-ms 1000] [--check-every-minutes 2] [--max-real-seconds 600] [--trace]
//                             [--faults SPEC]   (the emulator's fault spec on top, e.g. "503=0.02,rta-resync=0.05")
import { mkdirSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { importTsModules, printTable } from "./client-support.mjs";

const { values } = parseArgs({
  options: {
    lobbies: { type: "string", default: "10" },
    hours: { type: "string", default: "24" },
    "fault-every-minutes": { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
    "step-ms": { type: "string", default: "1000" },
    "check-every-minutes": { type: "string", default: "2" },
    "max-real-seconds": { type: "string", default: "600" },
    faults: { type: "string", default: "" },
    trace: { type: "boolean", default: false },
  },
});
const clamp = (value, min, max, name) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new RangeError(`--${name} must be a number`);
  return Math.min(Math.max(n, min), max);
};
const LOBBIES = Math.round(clamp(values.lobbies, 1, 100, "lobbies"));
const HOURS = clamp(values.hours, 0.1, 168, "hours");
const FAULT_EVERY_MS = clamp(values["fault-every-minutes"], 0.5, 1440, "fault-every-minutes") * 60_000;
const SEED = Math.round(clamp(values.seed, 0, 2 ** 31, "seed"));
const STEP_MS = Math.round(clamp(values["step-ms"], 100, 5000, "step-ms"));
const CHECK_EVERY_MS = clamp(values["check-every-minutes"], 0.5, 60, "check-every-minutes") * 60_000;
const MAX_REAL_MS = clamp(values["max-real-seconds"], 10, 3600, "max-real-seconds") * 1000;
const TRACE = values.trace;
const FAULT_SPEC = values.faults;
const COMMAND = `node bench/lobby-soak.mjs --lobbies ${LOBBIES} --hours ${HOURS} --fault-every-minutes ${FAULT_EVERY_MS / 60_000} --seed ${SEED}${FAULT_SPEC === "" ? "" : ` --faults ${FAULT_SPEC}`}`;

/** A lobby is judged only once its host's current ConnectionId is this old (recovery has had time). */
const SETTLE_MS = 60_000;
/** A host without a ConnectionId for this long counts as a lost lobby even though it cannot be judged. */
const OFFLINE_LIMIT_MS = 10 * 60_000;
/** Real time one step may wait for I/O before the clock moves anyway (counted as a stall). */
const STALL_MS = 3_000;
/** Real time an RTA socket may take to open and subscribe before a step stops waiting for it. */
const RTA_IO_MS = 1_000;
/** The fixed refresh of MCXboxBroadcast: one session write every 30 s. */
const FIXED_REFRESH_WRITES_PER_HOUR = 120;
const GRACE_MS = 30_000;

const { lobby: lobbyApi, rta: rtaApi, client: clientApi, emulator: emulatorApi, faults: faultsApi } = await importTsModules({
  lobby: "src/lobby/index.ts",
  rta: "src/rta/index.ts",
  client: "src/client/index.ts",
  emulator: "src/emulator/index.ts",
  faults: "src/emulator/http/faults.ts",
});
const { hostMinecraftLobby } = lobbyApi;
const { createRtaClient } = rtaApi;
const { createXblClient } = clientApi;
const { startEmulator, manualClock } = emulatorApi;
// Each lobby, host socket and friend draws from its own seeded stream, so the fault and join schedules
// of a seed do not depend on the order in which I/O happened to complete.
let streams = 0;
const newStream = () => faultsApi.mulberry32((Math.imul(SEED + 1, 0x9e3779b1) ^ Math.imul(++streams, 0x85ebca6b)) >>> 0);
const between = (random, low, high) => low + (high - low) * random();

const SCID = "4fc10100-5f7a-4470-899b-280835760c07";
const TEMPLATE = "MinecraftLobby";
const TITLE_ID = "896928775";
const SESSION = "/serviceconfigs/{scid}/sessiontemplates/{sessionTemplateName}/sessions/{sessionName}";
const MEMBER_ME = `${SESSION}/members/me`;
const xuidOf = (n) => String(2535405400000000n + BigInt(n));
const auth = (xuid) => ({ userHash: `uhs${xuid}`, xstsToken: xuid });
const pathOf = (ref) => ({ path: { scid: ref.scid, sessionTemplateName: ref.templateName, sessionName: ref.name } });

const clock = manualClock();
const startedAt = clock.now();
const stamp = (at = clock.now()) => {
  const s = Math.floor((at - startedAt) / 1000);
  return `t+${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

/** The REST client's timers on the shared clock (retry waits, per-attempt timeouts, Retry-After). */
const timers = {
  now: () => clock.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clock.clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = clock.setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
  schedule(ms, fire) {
    const timer = clock.setTimeout(fire, ms);
    return () => clock.clearTimeout(timer);
  },
};

// ---- what is counted --------------------------------------------------------------------------------

let inflight = 0;
let measuring = true;
const totals = {
  throttled: { host: 0, friend: 0, observer: 0 },
  refusedLocally: { host: 0, friend: 0 },
  stalls: 0,
  firstStall: undefined,
  steps: 0,
  faults: { drop: 0, halfOpen: 0, missed: 0 },
  disconnects: { service: 0, "half-open": 0, proactive: 0 },
  recoveries: { connectionWritten: 0, rejoined: 0, recreated: 0, activityPublished: 0 },
  lobbyErrors: {},
  friend: { joins: 0, leaves: 0, rewrites: 0, failures: {} },
  nonceLate: 0,
};
const bump = (table, key) => (table[key] = (table[key] ?? 0) + 1);
const outages = { drop: [], halfOpen: [] };
const gaps = [];
const findings = [];

/** fetch for one user's REST client: counts requests in flight (the step waits for them), 429s and writes. */
function countingFetch(role, counters) {
  return async (request, init) => {
    inflight++;
    try {
      const response = await fetch(request, init);
      if (response.status === 429) totals.throttled[role]++;
      if (measuring && counters !== undefined) {
        const kind = request.method === "GET" ? "reads" : request.method === "PUT" ? "puts" : request.method === "POST" ? "posts" : "deletes";
        counters[kind]++;
      }
      return response;
    } finally {
      inflight--;
    }
  };
}

/** A call's result, with a thrown failure (network error, lost answer) turned into `{ error }`. */
const why = (error) => error.status ?? error.name;

async function settle(call) {
  try {
    return await call;
  } catch (error) {
    return { error };
  }
}

function restClient(xuid, role, counters) {
  return createXblClient({
    baseUrl: emulator.url,
    auth: auth(xuid),
    timers,
    fetch: countingFetch(role, counters),
    onThrottleRefusal: () => totals.refusedLocally[role]++,
  });
}

/**
 * Tracks an RTA client so a step can wait while its socket is being opened or subscribed, and not while
 * it waits on the clock (a reconnect's backoff, the retry of a subscribe the service refused with 1001 or
 * 1002, which the client reports only in its log). A busy phase is waited for a bounded real time.
 */
function rtaClient(xuid, trail) {
  const state = { phase: "opening", scheduledAt: 0, dueAt: 0, busySince: performance.now(), connectionIdAt: undefined, disconnectedAt: undefined };
  const enter = (phase) => Object.assign(state, { phase, busySince: phase === "waiting" ? undefined : performance.now() });
  const wait = (delayMs) => Object.assign(enter("waiting"), { scheduledAt: clock.now(), dueAt: clock.now() + delayMs });
  const client = createRtaClient({
    baseUrl: emulator.url,
    auth: auth(xuid),
    clock,
    backoff: { random: newStream() },
    log(line) {
      const retry = /subscribe answered \d+; again in (\d+) ms/.exec(line);
      if (retry !== null) wait(Number(retry[1]));
      trail?.(line);
    },
  });
  client.on("reconnecting", ({ delayMs }) => wait(delayMs));
  client.on("open", () => enter("subscribing"));
  client.on("connectionId", () => Object.assign(enter("idle"), { connectionIdAt: clock.now() }));
  client.on("disconnected", () => {
    state.disconnectedAt ??= clock.now();
    state.connectionIdAt = undefined;
  });
  client.on("error", () => undefined);
  const busy = () => {
    if (state.phase === "idle") return false;
    if (state.phase === "waiting") {
      // The timer runs on the next move of the clock that reaches it (even a zero delay waits for one).
      if (clock.now() < state.dueAt || clock.now() === state.scheduledAt) return false;
      state.busySince ??= performance.now();
    }
    return performance.now() - state.busySince < RTA_IO_MS;
  };
  return { client, state, busy };
}

// ---- the world --------------------------------------------------------------------------------------

const emulator = await startEmulator({ clock, rateLimits: true, everyoneFollowsEveryone: true, faults: FAULT_SPEC });
const lobbies = [];
const rtas = [];
/** Reads sessions and queries activities to judge the lobbies; its requests are not counted. */
const observer = createXblClient({ baseUrl: emulator.url, auth: auth(xuidOf(100_000)), timers, retry: false });

function busy() {
  return inflight > 0 || rtas.some((r) => r.busy());
}

/** Lets real I/O run until nothing is in flight for a few turns of the event loop (bounded). */
async function quiesce() {
  const began = performance.now();
  for (let calm = 0; calm < 3; ) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!busy()) calm++;
    else {
      calm = 0;
      if (performance.now() - began > STALL_MS) {
        totals.stalls++;
        totals.firstStall ??= `${stamp()} (step ${totals.steps})`;
        return;
      }
    }
  }
}

/** Moves the clock in steps until `promise` settles (for set-up and close, which may wait on timers). */
async function drive(promise, what, maxSteps = 600) {
  let done = false;
  const watched = promise.finally(() => (done = true));
  watched.catch(() => undefined);
  for (let i = 0; i < maxSteps && !done; i++) {
    await quiesce();
    if (!done) clock.advance(STEP_MS);
  }
  if (!done) throw new Error(`${what} did not finish within ${maxSteps} steps`);
  return watched;
}

function customOf(xuid, index) {
  return {
    hostName: `Host ${index}'s world`,
    worldName: `Soak ${index}`,
    version: "1.26.51",
    MemberCount: 1,
    MaxMemberCount: 8,
    Joinability: "joinable_by_friends",
    BroadcastSetting: 3,
    ownerId: xuid,
    nonces: {},
    SupportedConnections: [{ ConnectionType: 7, HostIpAddress: "", HostPort: 0, NetherNetId: 12996504943305946298n + BigInt(index) }],
  };
}

async function startLobby(index) {
  const hostXuid = xuidOf(index * 10);
  const trailLines = [];
  const trail = (line) => {
    trailLines.push(`${stamp()} ${line}`);
    if (trailLines.length > 40) trailLines.shift();
    if (TRACE) console.log(`[lobby ${index}] ${stamp()} ${line}`);
  };
  const counters = { reads: 0, puts: 0, posts: 0, deletes: 0 };
  const host = rtaClient(hostXuid, trail);
  rtas.push(host);
  const state = {
    index,
    hostXuid,
    random: newStream(),
    counters,
    host,
    trail,
    trailLines,
    lobby: undefined,
    observer: createXblClient({ baseUrl: emulator.url, auth: auth(xuidOf(index * 10 + 9)), timers, retry: false }),
    friends: [],
    pendingFault: undefined,
    failedChecks: 0,
    firstFailure: undefined,
  };
  host.client.on("disconnected", ({ reason }) => {
    bump(totals.disconnects, reason);
    trail(`host socket closed (${reason})`);
  });
  const lobby = await hostMinecraftLobby({
    client: restClient(hostXuid, "host", counters),
    rta: host.client,
    xuid: hostXuid,
    clock,
    titleId: TITLE_ID,
    properties: { system: { joinRestriction: "followed", readRestriction: "followed", closed: false }, custom: customOf(hostXuid, index) },
    log: trail,
  });
  state.lobby = lobby;
  state.name = lobby.ref.name;
  lobby.on("connectionWritten", () => {
    totals.recoveries.connectionWritten++;
    if (host.state.disconnectedAt !== undefined) {
      gaps.push(clock.now() - host.state.disconnectedAt);
      host.state.disconnectedAt = undefined;
    }
    if (state.pendingFault !== undefined) {
      outages[state.pendingFault.kind].push(clock.now() - state.pendingFault.at);
      state.pendingFault = undefined;
    }
  });
  lobby.on("recovered", ({ kind }) => totals.recoveries[kind]++);
  lobby.on("activityPublished", () => totals.recoveries.activityPublished++);
  lobby.on("error", ({ error }) => {
    bump(totals.lobbyErrors, `${error.name}${error.status === undefined ? "" : ` ${error.status}`}`);
    trail(`lobby error ${error.name}: ${error.message}`);
  });
  lobbies.push(state);
  const friendCount = 1 + Math.floor(state.random() * 3);
  for (let f = 1; f <= friendCount; f++) state.friends.push(await startFriend(state, xuidOf(index * 10 + f)));
  scheduleFault(state);
  return state;
}

// ---- faults on the host's socket ----------------------------------------------------------------------

function scheduleFault(state) {
  clock.setTimeout(() => {
    if (!measuring) return;
    const kind = state.random() < 0.5 ? "drop" : "halfOpen";
    const hit = emulator.rta.inject(kind, state.hostXuid);
    if (hit === 0) totals.faults.missed++;
    else {
      totals.faults[kind]++;
      // A fault that lands before the previous one recovered is measured from the earlier one.
      state.pendingFault ??= { kind, at: clock.now() };
      state.trail(`fault injected: ${kind}`);
    }
    scheduleFault(state);
  }, between(state.random, 0.5, 1.5) * FAULT_EVERY_MS);
}

// ---- friends: find the lobby through the activity, join, keep their connection current, leave --------

async function startFriend(lobbyState, xuid) {
  const rta = rtaClient(xuid, undefined);
  rtas.push(rta);
  const counters = { reads: 0, puts: 0, posts: 0, deletes: 0 };
  const friend = { xuid, rta, rest: restClient(xuid, "friend", counters), counters, random: newStream(), status: "out", ref: undefined, written: undefined, joinedAt: 0, lobbyState };
  await rta.client.connectionIdNow();
  rta.client.on("connectionId", ({ connectionId }) => void rewriteConnection(friend, connectionId));
  later(friend, between(friend.random, 1, 30) * 60_000, join);
  return friend;
}

function later(friend, ms, action) {
  clock.setTimeout(() => {
    if (measuring) void action(friend).catch((error) => bump(totals.friend.failures, `${action.name} threw ${error.name}`));
  }, ms);
}

async function join(friend) {
  const { lobbyState } = friend;
  const found = await settle(friend.rest.POST("/handles/query", { body: { type: "activity", scid: SCID, owners: { xuids: [lobbyState.hostXuid] } } }));
  const handle = found.data?.results?.find((h) => h.type === "activity");
  if (handle === undefined) {
    bump(totals.friend.failures, found.error === undefined ? "no activity" : `query ${why(found.error)}`);
    lobbyState.trail(`friend ${friend.xuid} found no activity`);
    return later(friend, between(friend.random, 1, 3) * 60_000, join);
  }
  const connectionId = friend.rta.client.connectionId;
  friend.status = "joining";
  const joined = await settle(friend.rest.PUT("/handles/{handleId}/session", {
    params: { path: { handleId: handle.id } },
    body: {
      members: {
        me: {
          constants: { system: { xuid: friend.xuid, initialize: true } },
          properties: { system: { active: true, connection: connectionId, subscription: { id: crypto.randomUUID(), changeTypes: ["everything"] } } },
        },
      },
    },
  }));
  if (joined.error !== undefined) {
    friend.status = "out";
    bump(totals.friend.failures, `join ${why(joined.error)}`);
    lobbyState.trail(`friend ${friend.xuid} could not join: ${why(joined.error)} ${joined.error.message}`);
    return later(friend, between(friend.random, 1, 3) * 60_000, join);
  }
  totals.friend.joins++;
  Object.assign(friend, { status: "in", ref: handle.sessionRef, written: connectionId, joinedAt: clock.now() });
  lobbyState.trail(`friend ${friend.xuid} joined`);
  // The socket may have been replaced while the join was in flight.
  if (friend.rta.client.connectionId !== connectionId) await rewriteConnection(friend, friend.rta.client.connectionId);
  later(friend, between(friend.random, 10, 120) * 60_000, leave);
}

async function leave(friend) {
  if (friend.status !== "in") return;
  friend.status = "leaving";
  const { error } = await settle(friend.rest.DELETE(MEMBER_ME, { params: pathOf(friend.ref) }));
  if (error !== undefined && error.status !== 404) bump(totals.friend.failures, `leave ${why(error)}`);
  totals.friend.leaves++;
  friend.status = "out";
  friend.lobbyState.trail(`friend ${friend.xuid} left`);
  later(friend, between(friend.random, 5, 60) * 60_000, join);
}

/** Writes the friend's new ConnectionId into the session, as a game does; tried again 2 s after a failure. */
async function rewriteConnection(friend, connectionId, tries = 1) {
  if (friend.status !== "in" || connectionId === undefined || friend.written === connectionId || friend.rta.client.connectionId !== connectionId) return;
  const { error } = await settle(friend.rest.PUT(SESSION, {
    params: pathOf(friend.ref),
    body: { members: { me: { properties: { system: { active: true, connection: connectionId } } } } },
  }));
  totals.friend.rewrites++;
  if (error === undefined) {
    friend.written = connectionId;
    return;
  }
  bump(totals.friend.failures, `rewrite ${why(error)}`);
  if (tries < 5) clock.setTimeout(() => void rewriteConnection(friend, connectionId, tries + 1), 2_000);
}

// ---- checks -------------------------------------------------------------------------------------------

function record(state, kind, detail) {
  if (kind === "lost") {
    state.failedChecks++;
    if (state.firstFailure !== undefined) return;
    state.firstFailure = detail;
  }
  findings.push({ kind, lobby: state.index, at: stamp(), step: totals.steps, detail, trail: [...state.trailLines.slice(-15)] });
}

/** Why the lobby is not what its host believes it is, or undefined when it is. */
function lobbyProblem(state, session, activities) {
  const { lobby, host, hostXuid } = state;
  if (session === undefined) return "the session is gone";
  const members = Object.values(session.members ?? {});
  const me = members.find((m) => m.constants?.system?.xuid === hostXuid);
  if (me === undefined) return "the host is not a member";
  if (me.properties?.system?.active !== true) return "the host member is not active";
  if (me.properties?.system?.connection !== host.client.connectionId) return "the host member carries a stale ConnectionId";
  if (session.properties?.custom?.hostName !== `Host ${state.index}'s world`) return "the lobby's properties were lost";
  const system = session.properties?.system ?? {};
  if (system.closed === true || system.joinRestriction !== "followed") return "the lobby is not joinable by friends";
  if ((session.membersInfo?.count ?? 0) >= (session.constants?.system?.maxMembersCount ?? Infinity)) return "the lobby is full";
  const activity = activities.find((h) => h.sessionRef?.name?.toLowerCase() === lobby.ref.name.toLowerCase());
  if (activity === undefined) return "no activity handle points at the session";
  return undefined;
}

/** True when the lobby can be judged now: its host's ConnectionId has had time to reach the session. */
function settled(state, final) {
  const { host } = state;
  const now = clock.now();
  const connectedFor = host.state.connectionIdAt === undefined ? -1 : now - host.state.connectionIdAt;
  if (connectedFor >= SETTLE_MS || final) return true;
  const offlineSince = host.state.disconnectedAt;
  if (connectedFor < 0 && offlineSince !== undefined && now - offlineSince > OFFLINE_LIMIT_MS) {
    record(state, "lost", `the host has had no connection for ${Math.round((now - offlineSince) / 1000)} s`);
  }
  return false;
}

/** Judges the settled lobbies: one activity query for all their hosts, one session read each. */
async function checkAll(final) {
  const due = lobbies.filter((state) => settled(state, final));
  if (due.length === 0) return;
  const query = await settle(observer.POST("/handles/query", { body: { type: "activity", scid: SCID, owners: { xuids: due.map((s) => s.hostXuid) } } }));
  if (query.error !== undefined) {
    if (query.error.status === 429) totals.throttled.observer++;
    return; // the observer's own trouble
  }
  const activities = query.data?.results ?? [];
  await Promise.all(due.map((state) => check(state, activities.filter((h) => h.ownerXuid === state.hostXuid))));
}

async function check(state, activities) {
  const { lobby } = state;
  const now = clock.now();
  const read = await settle(state.observer.GET(SESSION, { params: pathOf(lobby.ref) }));
  if (read.error?.status === 429) totals.throttled.observer++;
  if (read.error !== undefined && read.error.status !== 404) return; // the observer's own trouble
  const session = read.data ?? undefined;
  const problem = lobbyProblem(state, session, activities);
  if (problem !== undefined) record(state, "lost", problem);
  if (session === undefined) return;
  const present = new Map(Object.values(session.members ?? {}).map((m) => [m.constants?.system?.xuid, m]));
  const nonces = session.properties?.custom?.nonces ?? {};
  for (const friend of state.friends) {
    if (friend.status !== "in" || friend.ref.name.toLowerCase() !== lobby.ref.name.toLowerCase()) continue;
    if (!present.has(friend.xuid)) {
      const healthy = friend.rta.client.isOpen && friend.written === friend.rta.client.connectionId;
      record(state, healthy ? "wrongly removed" : "removed (own connection stale)", `friend ${friend.xuid}, in since ${stamp(friend.joinedAt)}`);
      friend.status = "out";
      later(friend, between(friend.random, 1, 5) * 60_000, join);
    } else if (typeof nonces[friend.xuid] !== "string" && now - friend.joinedAt > 2 * 60_000 && !friend.nonceLate) {
      friend.nonceLate = true;
      totals.nonceLate++;
      record(state, "join nonce late", `friend ${friend.xuid} has had no join nonce since ${stamp(friend.joinedAt)}`);
    }
  }
}

// ---- the run ------------------------------------------------------------------------------------------

const realStart = performance.now();
console.log(`Lobby soak — ${cpus().length} CPU(s), Node ${process.version}`);
console.log(`${COMMAND}  (step ${STEP_MS} ms, checks every ${CHECK_EVERY_MS / 60_000} min, rate limits on)\n`);
let truncated = false;
try {
  // The emulator compiles its validators on first use: warm it up before the clock starts to matter.
  await settle(observer.GET(SESSION, { params: pathOf({ scid: SCID, templateName: TEMPLATE, name: "warm-up" }) }));
  for (let i = 0; i < LOBBIES; i++) await drive(startLobby(i), `lobby ${i} start`);
  const endAt = startedAt + HOURS * 3_600_000;
  let nextCheck = clock.now() + CHECK_EVERY_MS;
  while (clock.now() < endAt) {
    clock.advance(Math.min(STEP_MS, endAt - clock.now()));
    totals.steps++;
    await quiesce();
    if (clock.now() >= nextCheck) {
      nextCheck += CHECK_EVERY_MS;
      await checkAll(false);
    }
    if (performance.now() - realStart > MAX_REAL_MS) {
      truncated = true;
      break;
    }
  }
  measuring = false;
  const measuredHours = (clock.now() - startedAt) / 3_600_000;
  const writes = lobbies.map((s) => s.counters.puts + s.counters.posts + s.counters.deletes);
  const reads = lobbies.reduce((sum, s) => sum + s.counters.reads, 0);
  const friendWrites = lobbies.flatMap((s) => s.friends).reduce((sum, f) => sum + f.counters.puts + f.counters.posts + f.counters.deletes, 0);

  // No more faults: let the last one recover, then judge every lobby once more.
  await drive(new Promise((resolve) => clock.setTimeout(resolve, 3 * 60_000)), "final settle", Math.ceil(200_000 / STEP_MS));
  await checkAll(true);

  const lost = lobbies.filter((s) => s.failedChecks > 0).length;
  const wrongly = findings.filter((f) => f.kind === "wrongly removed").length;
  const throttled = totals.throttled.host + totals.throttled.friend;
  const perLobbyHour = writes.reduce((a, b) => a + b, 0) / LOBBIES / measuredHours;
  const maxPerLobbyHour = Math.max(...writes) / measuredHours;
  const quantile = (list, q) => (list.length === 0 ? NaN : [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))]);
  const seconds = (ms) => (Number.isNaN(ms) ? "-" : (ms / 1000).toFixed(1));

  printTable(`Lobby soak: ${LOBBIES} lobbies, ${measuredHours.toFixed(2)} virtual hours${truncated ? " (stopped at the real-time bound)" : ""}, host fault every ~${FAULT_EVERY_MS / 60_000} min, seed ${SEED}`, [
    {
      "lobbies lost": lost,
      "failed checks": lobbies.reduce((sum, s) => sum + s.failedChecks, 0),
      "members wrongly removed": wrongly,
      "429s (hosts + friends)": throttled,
      "host writes / lobby / hour": perLobbyHour.toFixed(1),
      "worst lobby": maxPerLobbyHour.toFixed(1),
      "target: 0 lost, 0 removed, 0 429s, < 120 writes/h": lost === 0 && wrongly === 0 && throttled === 0 && maxPerLobbyHour < FIXED_REFRESH_WRITES_PER_HOUR ? "met" : "missed",
    },
  ]);
  printTable("Host traffic per lobby per hour", [
    {
      "session PUTs": (lobbies.reduce((s, l) => s + l.counters.puts, 0) / LOBBIES / measuredHours).toFixed(1),
      "handle POSTs": (lobbies.reduce((s, l) => s + l.counters.posts, 0) / LOBBIES / measuredHours).toFixed(1),
      DELETEs: (lobbies.reduce((s, l) => s + l.counters.deletes, 0) / LOBBIES / measuredHours).toFixed(1),
      reads: (reads / LOBBIES / measuredHours).toFixed(1),
      "fixed 30 s refresh": FIXED_REFRESH_WRITES_PER_HOUR,
    },
  ]);
  printTable("Faults and recoveries (virtual seconds)", [
    {
      "drops injected": totals.faults.drop,
      "half-opens injected": totals.faults.halfOpen,
      "faults missed (no socket)": totals.faults.missed,
      "drop→connection written p50/max": `${seconds(quantile(outages.drop, 0.5))} / ${seconds(quantile(outages.drop, 1))}`,
      "half-open→connection written p50/max": `${seconds(quantile(outages.halfOpen, 0.5))} / ${seconds(quantile(outages.halfOpen, 1))}`,
      "socket closed→connection written max": `${seconds(quantile(gaps, 1))} (removal grace ${GRACE_MS / 1000})`,
    },
  ]);
  printTable("Recoveries by kind", [
    {
      ...Object.fromEntries(Object.entries(totals.disconnects).map(([reason, n]) => [`socket closed: ${reason}`, n])),
      "connection rewritten": totals.recoveries.connectionWritten,
      rejoined: totals.recoveries.rejoined,
      recreated: totals.recoveries.recreated,
      "activity published": totals.recoveries.activityPublished,
      "lobby sync errors": Object.values(totals.lobbyErrors).reduce((a, b) => a + b, 0),
    },
  ]);
  printTable("Friends", [
    {
      joins: totals.friend.joins,
      leaves: totals.friend.leaves,
      "connection rewrites": totals.friend.rewrites,
      "writes / friend / hour": (friendWrites / lobbies.flatMap((s) => s.friends).length / measuredHours).toFixed(1),
      "join nonce late (> 2 min)": totals.nonceLate,
      "locally refused (Retry-After)": totals.refusedLocally.host + totals.refusedLocally.friend,
      "observer 429s": totals.throttled.observer,
    },
  ]);
  if (Object.keys(totals.lobbyErrors).length > 0) console.log("Lobby sync errors:", totals.lobbyErrors);
  if (Object.keys(totals.friend.failures).length > 0) console.log("Friend failures:", totals.friend.failures);
  const realSeconds = (performance.now() - realStart) / 1000;
  console.log(
    `\nReal time ${realSeconds.toFixed(1)} s for ${totals.steps} steps of ${STEP_MS} ms; steps that moved on with I/O still running: ${totals.stalls}` +
      (totals.firstStall === undefined ? "" : `, first at ${totals.firstStall}`),
  );
  for (const finding of findings.slice(0, 10)) {
    console.log(`\nFinding: ${finding.kind} — lobby ${finding.lobby} at ${finding.at} (step ${finding.step}, seed ${SEED}): ${finding.detail}`);
    for (const line of finding.trail) console.log(`    ${line}`);
  }
  if (findings.length > 10) console.log(`\n… and ${findings.length - 10} more findings`);
  mkdirSync("reports", { recursive: true });
  writeFileSync(
    "reports/bench-lobby-soak.json",
    JSON.stringify(
      {
        command: COMMAND,
        cpus: cpus().length,
        virtualHours: measuredHours,
        truncated,
        realSeconds,
        lobbiesLost: lost,
        membersWronglyRemoved: wrongly,
        throttled: totals.throttled,
        hostWritesPerLobbyHour: perLobbyHour,
        worstLobbyWritesPerHour: maxPerLobbyHour,
        totals,
        findings,
      },
      null,
      2,
    ),
  );
} finally {
  measuring = false;
  await drive(
    Promise.allSettled(lobbies.map((s) => s.lobby?.close())).then(() => Promise.allSettled(rtas.map((r) => r.client.close()))),
    "close",
  ).catch((error) => console.error(error.message));
  await emulator.close();
}
