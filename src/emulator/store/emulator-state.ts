/**
 * Everything one running emulator holds about sessions and users: sessions, handles, session hosts,
 * templates and the follow graph, wired so that a member leaving (or a session disappearing) also
 * removes the handles that depended on it. The HTTP pipeline's own state (faults, rate limits) is
 * the pipeline's.
 */
import { FollowGraph } from "../model/access.js";
import type { TemplateDefinition } from "../model/template-constants.js";
import { HandleStore } from "./handle-store.js";
import { SessionHostPool, type SessionHostOptions } from "./session-host-pool.js";
import { SessionStore } from "./session-store.js";
import { TemplateCatalog } from "./template-catalog.js";

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
}

export class EmulatorState {
  readonly templates: TemplateCatalog;
  readonly graph: FollowGraph;
  readonly handles: HandleStore;
  readonly sessions: SessionStore;
  readonly hosts: SessionHostPool;
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
    this.sessions = new SessionStore({
      onDelete: (key) => this.handles.removeForSession(key),
      onMembersRemoved: (key, xuids) => {
        const scid = key.split("~")[0] ?? "";
        for (const xuid of xuids) this.handles.removeActivityFor(xuid, key, scid);
      },
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
