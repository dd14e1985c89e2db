// hostLobby: one lobby kept alive by its host. It creates the session with the host as an active
// member on its RTA connection, publishes the activity handle, and then keeps one loop, the sync: read
// the session, repair the host's member (new ConnectionId after a reconnect, rejoin after removal,
// recreate under the same name after deletion), report joins and leaves, apply the caller's
// reconciliation with If-Match, and republish the activity when needed. Shoulder taps, reconnects,
// resyncs and a slow periodic refresh all just ask for a sync; requests made while one runs coalesce
// into one more, so a burst of taps costs one read and the host never races itself.
import { randomUUID } from "node:crypto";
import type { components } from "../../generated/schema.js";
import { XblError, XblPreconditionFailedError } from "../client/errors.js";
import { createBackoff, type Backoff } from "../rta/backoff.js";
import { RtaError } from "../rta/errors.js";
import { TypedEvents } from "../shared/typed-events.js";
import { systemClock, type Clock, type ClockTimer } from "../shared/clock.js";
import { publishActivity, removeActivity, sendInvites } from "./handles.js";
import { LobbyError } from "./lobby-error.js";
import type { HostLobbyOptions, InviteOutcome, LobbyEvents, LobbyMember, LobbyProperties, LobbyRef, LobbySession, LobbyWrite } from "./lobby-types.js";
import { memberOf, rosterChanges, rosterOf, type Roster } from "./member-roster.js";
import { hostMemberJoin, hostMemberProperties, isEmptyWrite, mergeWrites } from "./session-bodies.js";
import { SessionAccess } from "./session-access.js";
import { SerialWork } from "./serial-work.js";

type WriteBody = components["schemas"]["MultiplayerSessionRequest"];

/** The shortest periodic refresh: the session write limits leave room for one write per 20 s at most. */
const MIN_REFRESH_MS = 20_000;
const DEFAULT_REFRESH_MS = 300_000;
/** Writes tried against 412s within one sync before it is retried later. */
const MAX_CONFLICT_TRIES = 5;

interface PendingUpdate<Custom> {
  readonly change: (session: LobbySession<Custom>) => LobbyWrite<Custom> | undefined | Promise<LobbyWrite<Custom> | undefined>;
  resolve(session: LobbySession<Custom>): void;
  reject(error: unknown): void;
}

/** Creates the lobby and resolves once it exists and its activity is published. */
export async function hostLobby<Custom extends object = Record<string, unknown>>(options: HostLobbyOptions<Custom>): Promise<Lobby<Custom>> {
  const lobby = new Lobby<Custom>(options);
  try {
    await lobby.start();
  } catch (error) {
    await lobby.close().catch(() => undefined);
    throw error;
  }
  return lobby;
}

export class Lobby<Custom extends object = Record<string, unknown>> extends TypedEvents<LobbyEvents<Custom>> {
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly refreshMs: number | undefined;
  private readonly access: SessionAccess<Custom>;
  private readonly subscriptionId = randomUUID();
  private readonly work = new SerialWork(() => this.syncSafely());
  private readonly updates: PendingUpdate<Custom>[] = [];
  private readonly unlisten: Array<() => void> = [];

  private current: LobbyRef;
  private latest: LobbySession<Custom> | undefined;
  private etag: string | undefined;
  private roster: Roster = new Map();
  private identity: LobbyProperties<Custom>;
  private activityId: string | undefined;
  private activityNeeded: boolean;
  private failures = 0;
  private retryTimer: ClockTimer | undefined;
  private refreshTimer: ClockTimer | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  /** @internal Use hostLobby(). */
  constructor(private readonly options: HostLobbyOptions<Custom>) {
    super();
    const refresh = options.refreshIntervalMs ?? DEFAULT_REFRESH_MS;
    if (refresh !== false && !(Number.isFinite(refresh) && refresh >= MIN_REFRESH_MS)) {
      throw new LobbyError(`refreshIntervalMs must be at least ${MIN_REFRESH_MS} ms (or false)`, "invalid-option");
    }
    if (options.rotateAtMembers !== undefined && !(Number.isInteger(options.rotateAtMembers) && options.rotateAtMembers >= 2)) {
      throw new LobbyError("rotateAtMembers must be an integer of at least 2", "invalid-option");
    }
    if (typeof options.xuid !== "string" || !/^\d+$/.test(options.xuid)) throw new LobbyError("xuid must be a decimal string", "invalid-option");
    this.refreshMs = refresh === false ? undefined : refresh;
    this.clock = options.clock ?? systemClock;
    this.backoff = createBackoff({ maxSeconds: options.maxRetrySeconds ?? 60, maxJitterSeconds: 0 });
    this.access = new SessionAccess<Custom>(options.client);
    this.current = { scid: options.scid, templateName: options.templateName, name: options.sessionName ?? randomUUID() };
    this.identity = options.properties ?? {};
    this.activityNeeded = options.publishActivity ?? true;
  }

  /** The session the lobby is in now (it changes on rotation). */
  get ref(): LobbyRef {
    return this.current;
  }

  /** The session as last read or written. */
  get session(): LobbySession<Custom> | undefined {
    return this.latest;
  }

  /** Members other than the host, as of the last read. */
  get members(): LobbyMember[] {
    return [...this.roster.values()].filter((m) => m.xuid !== this.options.xuid);
  }

  /** Id of the published activity handle. */
  get activityHandleId(): string | undefined {
    return this.activityId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** @internal Creates the session and wires the RTA events. */
  async start(): Promise<void> {
    const { rta } = this.options;
    const connectionId = await rta.connectionIdNow();
    const created = await this.create(this.current, this.creationBody(this.identity, connectionId), false);
    if (created === "exists") throw new XblPreconditionFailedError(`createSession: session ${this.current.name} exists already`, { status: 412, operation: "writeSession", attempts: 1 });
    this.unlisten.push(
      rta.on("shoulderTap", (tap) => {
        if (!sameSession(tap.session, this.current)) return;
        const known = this.latest;
        // Our own writes come back as taps; one we have already seen needs no read.
        if (known !== undefined && known.branch === tap.branch && (known.changeNumber ?? -1) >= tap.changeNumber) return;
        void this.work.request();
      }),
      rta.on("connectionId", () => void this.work.request()),
      rta.on("resync", () => void this.work.request()),
      // The RTA client skips resyncs soon after connecting, but one lobby's session is one read, and the
      // resync may stand for a join whose tap was lost: that joiner would wait for the next refresh.
      rta.on("resyncIgnored", () => void this.work.request()),
    );
    if (this.activityNeeded) await this.publish();
    this.armRefresh();
  }

  /** Reads the session now and repairs what needs it; resolves when that sync has finished. */
  refresh(): Promise<void> {
    if (this.closed) return Promise.reject(new LobbyError("the lobby is closed", "closed"));
    return this.work.request();
  }

  /**
   * Writes a change with If-Match, derived from the current session (called again after a 412, so it
   * must not assume what it saw before). Custom properties written here are kept for recovery.
   */
  update(change: PendingUpdate<Custom>["change"]): Promise<LobbySession<Custom>> {
    if (this.closed) return Promise.reject(new LobbyError("the lobby is closed", "closed"));
    return new Promise((resolve, reject) => {
      this.updates.push({ change, resolve, reject });
      void this.work.request();
    });
  }

  /** One invite handle per xuid, sent once each: an unknown outcome is reported, never re-sent. */
  async invite(xuids: string | readonly string[]): Promise<InviteOutcome[]> {
    if (this.closed) throw new LobbyError("the lobby is closed", "closed");
    const titleId = this.options.titleId;
    if (titleId === undefined) throw new LobbyError("invite() needs the titleId option", "invalid-option");
    return sendInvites(this.options.client, this.current, titleId, typeof xuids === "string" ? [xuids] : xuids);
  }

  /** Leaves cleanly: activity deleted, member removed, RTA closed (unless closeRta is false), no timers left. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    this.clock.clearTimeout(this.retryTimer);
    this.clock.clearTimeout(this.refreshTimer);
    this.retryTimer = this.refreshTimer = undefined;
    for (const off of this.unlisten.splice(0)) off();
    await this.work.idle();
    for (const pending of this.updates.splice(0)) pending.reject(new LobbyError("the lobby closed before the update was written", "closed"));
    const failures: unknown[] = [];
    if (this.activityId !== undefined) {
      await removeActivity(this.options.client, this.activityId).catch((error: unknown) => failures.push(error));
      this.activityId = undefined;
    }
    if (this.latest !== undefined) await this.access.leave(this.current).catch((error: unknown) => failures.push(error));
    if (this.options.closeRta ?? true) await this.options.rta.close();
    this.log(`closed ${this.current.name}`);
    this.emit("closed", {});
    this.removeAllListeners();
    if (failures.length > 0) throw failures[0];
  }

  /** The sync, with failures turned into an event and a retry after backoff. */
  private async syncSafely(): Promise<void> {
    if (this.closed) return;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    try {
      await this.sync();
      this.failures = 0;
    } catch (error) {
      if (this.closed) return;
      const retryInMs = Math.max(1000, this.backoff.delayMs(++this.failures, false));
      this.log(`sync failed (${(error as Error).name}); retrying in ${retryInMs} ms`);
      this.emit("error", { error: asLobbyFailure(error), retryInMs });
      this.retryTimer = this.clock.setTimeout(() => void this.work.request(), retryInMs);
    } finally {
      this.armRefresh();
    }
  }

  private async sync(): Promise<void> {
    const connectionId = this.options.rta.connectionId;
    const read = await this.access.read(this.current);
    if (read === undefined) {
      // Deleted (every member gone, e.g. a long outage). Without a live connection an active member
      // cannot be written; the next ConnectionId asks for another sync.
      if (connectionId === undefined) return;
      const outcome = await this.create(this.current, this.creationBody(this.recreationProperties(), connectionId), true);
      if (outcome === "exists") return void this.work.request();
    } else {
      await this.repair(read.session, read.etag, connectionId);
    }
    await this.applyUpdates();
    await this.maybeRotate(connectionId);
    if (this.activityNeeded && this.latest !== undefined && connectionId !== undefined) await this.publish();
  }

  /** Host member repair and the caller's reconciliation, in one If-Match write, re-derived after each 412. */
  private async repair(session: LobbySession<Custom>, etag: string | undefined, connectionId: string | undefined): Promise<void> {
    let view = session;
    let tag = etag;
    for (let tries = 1; ; tries++) {
      const changes = this.observe(view);
      const me = memberOf(view, this.options.xuid);
      let body: WriteBody = {};
      let rejoining = false;
      let connectionWritten = false;
      if (connectionId !== undefined) {
        if (me === undefined) {
          rejoining = true;
          body = { members: { me: hostMemberJoin(this.options.xuid, connectionId, this.subscriptionId) } };
        } else if (me.properties?.system?.connection !== connectionId || me.properties?.system?.active !== true) {
          connectionWritten = true;
          body = { members: { me: { properties: hostMemberProperties(connectionId, this.subscriptionId) } } };
        }
      }
      const reconcile = this.options.reconcile;
      const extra = reconcile === undefined ? undefined : await reconcile({ session: view, ...changes, hostXuid: this.options.xuid });
      body = mergeWrites(body, extra as WriteBody | undefined);
      if (isEmptyWrite(body)) return;
      const written = await this.access.write(this.current, body, tag);
      if (written.kind === "written") {
        this.accept(written.session, written.etag);
        if (rejoining) {
          this.activityNeeded = this.options.publishActivity ?? true;
          this.log(`rejoined ${this.current.name}`);
          this.emit("recovered", { kind: "rejoined", session: this.current });
        }
        if (connectionWritten || rejoining) this.emit("connectionWritten", { connectionId: connectionId as string });
        // A new ConnectionId is republished with the activity, as every open lobby host does.
        if (connectionWritten) this.activityNeeded = this.options.publishActivity ?? true;
        return;
      }
      if (written.kind === "gone") return void this.work.request();
      if (tries >= MAX_CONFLICT_TRIES) throw written.error;
      view = written.session;
      tag = written.etag;
    }
  }

  /** Caller updates, each with If-Match and re-derived after a 412, in the order asked. */
  private async applyUpdates(): Promise<void> {
    while (this.updates.length > 0 && this.latest !== undefined) {
      const pending = this.updates.shift() as PendingUpdate<Custom>;
      try {
        let view = this.latest;
        let tag = this.etag;
        for (let tries = 1; ; tries++) {
          const body = await pending.change(view);
          if (body === undefined || isEmptyWrite(body)) {
            pending.resolve(view);
            break;
          }
          const written = await this.access.write(this.current, body as WriteBody, tag);
          if (written.kind === "written") {
            this.accept(written.session, written.etag);
            pending.resolve(written.session);
            break;
          }
          if (written.kind === "gone") throw new LobbyError(`session ${this.current.name} is gone; the update was not written`, "conflict");
          if (tries >= MAX_CONFLICT_TRIES) throw written.error;
          this.observe(written.session);
          view = written.session;
          tag = written.etag;
        }
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  private async maybeRotate(connectionId: string | undefined): Promise<void> {
    const limit = this.options.rotateAtMembers;
    const session = this.latest;
    if (limit === undefined || session === undefined || connectionId === undefined) return;
    if ((session.membersInfo?.count ?? 0) < limit) return;
    const from = this.current;
    const to: LobbyRef = { ...from, name: randomUUID() };
    const outcome = await this.create(to, this.creationBody(this.recreationProperties(), connectionId), false);
    if (outcome === "exists") return;
    this.current = to;
    this.activityNeeded = this.options.publishActivity ?? true;
    await this.access.leave(from).catch((error: unknown) => this.emit("error", { error: asLobbyFailure(error), retryInMs: 0 }));
    this.log(`rotated ${from.name} -> ${to.name}`);
    this.emit("rotated", { from, to });
  }

  /** Create-only write; a lost answer is settled by reading. "exists" when the name is taken. */
  private async create(ref: LobbyRef, body: WriteBody, recovering: boolean): Promise<"created" | "exists"> {
    for (let tries = 1; ; tries++) {
      const outcome = await this.access.create(ref, body);
      if (outcome.kind === "exists") return "exists";
      if (outcome.kind === "created") {
        this.adopt(ref, outcome.session, outcome.etag);
        break;
      }
      // The answer was lost: our own create shows up as a session we are in; no session means it was
      // not applied, so creating again cannot apply it twice.
      const read = await this.access.read(ref);
      if (read !== undefined) {
        if (memberOf(read.session, this.options.xuid) === undefined) return "exists";
        this.adopt(ref, read.session, read.etag);
        break;
      }
      if (tries >= MAX_CONFLICT_TRIES) throw outcome.error;
    }
    this.activityNeeded = this.options.publishActivity ?? true;
    if (recovering) {
      this.log(`recreated ${ref.name}`);
      this.emit("recovered", { kind: "recreated", session: ref });
    }
    return "created";
  }

  private adopt(ref: LobbyRef, session: LobbySession<Custom>, etag: string | undefined): void {
    this.current = ref;
    this.roster = rosterOf(session);
    this.accept(session, etag);
  }

  /** Remembers a session we wrote or read, and its properties as the lobby's identity. */
  private accept(session: LobbySession<Custom>, etag: string | undefined): void {
    this.latest = session;
    this.etag = etag;
    this.identity = session.properties;
    this.roster = rosterOf(session);
  }

  /** Joins and leaves since the last read (events), and the session as the latest. */
  private observe(session: LobbySession<Custom>): { joined: LobbyMember[]; left: LobbyMember[] } {
    const before = this.roster;
    const changed = this.latest === undefined || this.latest.branch !== session.branch || this.latest.changeNumber !== session.changeNumber;
    this.accept(session, this.etag);
    const changes = rosterChanges(before, this.roster, this.options.xuid);
    for (const member of changes.joined) this.emit("memberJoined", member);
    for (const member of changes.left) this.emit("memberLeft", member);
    if (changed) this.emit("changed", { session });
    return changes;
  }

  private creationBody(properties: LobbyProperties<Custom>, connectionId: string): WriteBody {
    const body: WriteBody = {
      properties: properties as WriteBody["properties"],
      members: { me: hostMemberJoin(this.options.xuid, connectionId, this.subscriptionId) },
    };
    if (this.options.constants !== undefined) body.constants = this.options.constants;
    return body;
  }

  private recreationProperties(): LobbyProperties<Custom> {
    const prepare = this.options.recreateProperties;
    return prepare === undefined ? this.identity : prepare(this.identity);
  }

  private async publish(): Promise<void> {
    const id = await publishActivity(this.options.client, this.current);
    this.activityId = id;
    this.activityNeeded = false;
    this.emit("activityPublished", { handleId: id, session: this.current });
  }

  private armRefresh(): void {
    if (this.closed || this.refreshMs === undefined) return;
    this.clock.clearTimeout(this.refreshTimer);
    this.refreshTimer = this.clock.setTimeout(() => void this.work.request(), this.refreshMs);
  }

  private log(line: string): void {
    this.options.log?.(`lobby: ${line}`);
  }
}

function sameSession(a: LobbyRef, b: LobbyRef): boolean {
  return a.scid.toLowerCase() === b.scid.toLowerCase() && a.templateName.toLowerCase() === b.templateName.toLowerCase() && a.name.toLowerCase() === b.name.toLowerCase();
}

function asLobbyFailure(error: unknown): XblError | RtaError | LobbyError {
  if (error instanceof XblError || error instanceof LobbyError || error instanceof RtaError) return error;
  return new LobbyError("a lobby step failed", "conflict", { cause: error });
}

