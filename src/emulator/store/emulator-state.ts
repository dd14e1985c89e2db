/**
 * Everything one running emulator holds: sessions, handles, session hosts, templates, the follow
 * graph, the rate limiter and the fault injector, wired so that a member leaving (or a session
 * disappearing) also removes the handles that depended on it.
 */
import { FollowGraph } from "../model/access.js";
import type { ResolvedOptions } from "../config.js";
import { FaultInjector } from "../http/faults.js";
import { HandleStore } from "./handle-store.js";
import { RateLimiter } from "../http/rate-limit.js";
import { SessionHostPool } from "./session-host-pool.js";
import { SessionStore } from "./session-store.js";
import { TemplateCatalog } from "./template-catalog.js";

export class EmulatorState {
  readonly templates: TemplateCatalog;
  readonly graph: FollowGraph;
  readonly handles: HandleStore;
  readonly sessions: SessionStore;
  readonly hosts: SessionHostPool;
  readonly limiter: RateLimiter;
  readonly faults: FaultInjector;
  private readonly titleIds = new Map<string, string>();

  constructor(readonly options: ResolvedOptions) {
    const scoped: Record<string, NonNullable<(typeof options.serviceConfigs)[string]["templates"]>> = {};
    for (const [scid, settings] of Object.entries(options.serviceConfigs)) {
      if (settings.templates) scoped[scid] = settings.templates;
      if (settings.titleId) this.titleIds.set(scid.toLowerCase(), settings.titleId);
    }
    this.templates = new TemplateCatalog(options.templates, scoped);
    this.graph = new FollowGraph(options.follows, options.everyoneFollowsEveryone);
    this.handles = new HandleStore(options.now);
    this.sessions = new SessionStore({
      onDelete: (key) => this.handles.removeForSession(key),
      onMembersRemoved: (key, xuids) => {
        const scid = key.split("~")[0] ?? "";
        for (const xuid of xuids) this.handles.removeActivityFor(xuid, key, scid);
      },
    });
    this.hosts = new SessionHostPool(options.sessionHosts, options.now);
    this.limiter = new RateLimiter(options.now);
    this.faults = new FaultInjector(options.faults);
  }

  now(): number {
    return this.options.now();
  }

  titleIdFor(scid: string): string {
    return this.titleIds.get(scid.toLowerCase()) ?? this.options.defaultTitleId;
  }
}
