/**
 * Everything one running emulator holds about sessions and users: sessions, handles, session hosts,
 * templates and the follow graph, wired so that a member leaving (or a session disappearing) also
 * removes the handles that depended on it. The HTTP pipeline's own state (faults, rate limits) is
 * the pipeline's.
 */
import { rtaProtocol } from "../../../generated/rta.js";
import type { Clock } from "../../shared/clock.js";
import type { FaultOptions } from "../http/faults.js";
import { FollowGraph } from "../model/access.js";
import type { TemplateDefinition } from "../model/template-constants.js";
import { HandleStore } from "./handle-store.js";
import { SessionHostPool, type SessionHostOptions } from "./session-host-pool.js";
import { SessionStore } from "./session-store.js";
import { TemplateCatalog } from "./template-catalog.js";
import { SessionLiveness } from "./session-liveness.js";
import { ConnectionRegistry } from "../rta/connection-registry.js";
import { NonceStore } from "../rta/nonce-store.js";
import { RtaFaults } from "../rta/rta-faults.js";
import { RtaServer } from "../rta/rta-server.js";
import { sendShoulderTaps } from "../rta/shoulder-tap-sender.js";

type Templates = Readonly<Record<string, TemplateDefinition>>;

/** The resolved options the state is built from (config.ts fills in the defaults). */
export interface StateSettings {
  readonly templates: Templates;
  readonly serviceConfigs: Readonly<Record<string, { readonly titleId?: string; readonly templates?: Templates }>>;
  readonly follows: Readonly<Record<string, readonly string[]>>;
  readonly everyoneFollowsEveryone: boolean;
  readonly sessionHosts: SessionHostOptions;
  readonly inviteTtlMs: number;
  readonly defaultTitleId: string;
  readonly now: () => number;
  /** Every timer of the state (liveness rules, RTA socket lifetime) runs on this clock. */
  readonly clock: Clock;
  readonly rta: { readonly activeWithoutConnection: "decay" | "refuse"; readonly requireLiveConnections: boolean };
  /** The RTA faults among them are drawn by the RTA endpoint. */
  readonly faults: FaultOptions;
  readonly log: ((line: string) => void) | undefined;
}

export class EmulatorState {
  readonly templates: TemplateCatalog;
  readonly graph: FollowGraph;
  readonly handles: HandleStore;
  readonly sessions: SessionStore;
  readonly hosts: SessionHostPool;
  /** Live RTA connections (ConnectionId → socket and user). */
  readonly connections = new ConnectionRegistry();
  readonly nonces: NonceStore;
  readonly rta: RtaServer;
  readonly liveness: SessionLiveness;
  private readonly titleIds = new Map<string, string>();

  constructor(readonly options: StateSettings) {
    const scoped: Record<string, Templates> = {};
    for (const [scid, settings] of Object.entries(options.serviceConfigs)) {
      if (settings.templates) scoped[scid] = settings.templates;
      if (settings.titleId) this.titleIds.set(scid.toLowerCase(), settings.titleId);
    }
    this.templates = new TemplateCatalog(options.templates, scoped);
    this.graph = new FollowGraph(options.follows, options.everyoneFollowsEveryone);
    this.handles = new HandleStore(options.now);
    const removeActivities = (key: string, xuids: readonly string[]) => {
      const scid = key.split("~")[0] ?? "";
      for (const xuid of xuids) this.handles.removeActivityFor(xuid, key, scid);
    };
    this.sessions = new SessionStore({
      onDelete: (key) => {
        this.handles.removeForSession(key);
        this.liveness.committed(key, undefined);
      },
      onMembersRemoved: removeActivities,
      onWrite: (key, before, after) => {
        sendShoulderTaps(before, after, this.rta, this.connections, this.now());
        this.liveness.committed(key, after);
      },
    });
    this.nonces = new NonceStore(() => this.now());
    this.rta = new RtaServer({
      clock: options.clock,
      registry: this.connections,
      nonces: this.nonces,
      faults: new RtaFaults(options.faults),
      lifetimeMs: rtaProtocol.connectionLifetimeSeconds * 1000,
      log: options.log,
    });
    this.liveness = new SessionLiveness({
      clock: options.clock,
      sessions: this.sessions,
      registry: this.connections,
      graceMs: rtaProtocol.memberRemovalAfterDisconnectSeconds * 1000,
      connectionsMatter: options.rta.requireLiveConnections,
      onMembersRemoved: removeActivities,
    });
    this.hosts = new SessionHostPool(options.sessionHosts, options.now);
  }

  now(): number {
    return this.options.now();
  }

  titleIdFor(scid: string): string {
    return this.titleIds.get(scid.toLowerCase()) ?? this.options.defaultTitleId;
  }
}
