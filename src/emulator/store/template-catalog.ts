/**
 * Session templates: the three built-ins (served under any SCID) plus templates from the config
 * file, global or per SCID. Template names are matched case-insensitively, like session names.
 * Combining a template with a create request's constants is model/template-constants.ts.
 */
import type { TemplateDefinition } from "../model/template-constants.js";

/**
 * Built-in templates; a config file's `templates` entry of the same name replaces one. MinecraftLobby
 * follows the one MinecraftLobby session observed live (a third-party dump): 30 members, gameplay on,
 * inactive members removed after 300 s, ready and reserved ones after 240 s, empty sessions deleted at once.
 */
export const BUILTIN_TEMPLATES: Readonly<Record<string, TemplateDefinition>> = {
  MinecraftLobby: {
    constants: {
      system: {
        version: 1,
        maxMembersCount: 30,
        visibility: "open",
        inviteProtocol: "game",
        reservedRemovalTimeout: 240000,
        inactiveRemovalTimeout: 300000,
        readyRemovalTimeout: 240000,
        sessionEmptyTimeout: 0,
        capabilities: {
          connectivity: true,
          connectionRequiredForActiveMembers: true,
          crossPlay: true,
          gameplay: true,
          userAuthorizationStyle: true,
        },
        memberInitialization: { membersNeededToStart: 1 },
      },
      custom: {},
    },
  },
  LargeSession: {
    constants: {
      system: {
        version: 1,
        maxMembersCount: 1000,
        visibility: "open",
        inviteProtocol: "game",
        reservedRemovalTimeout: 30000,
        inactiveRemovalTimeout: 0,
        readyRemovalTimeout: 180000,
        sessionEmptyTimeout: 0,
        capabilities: { large: true, crossPlay: true },
      },
      custom: {},
    },
  },
  // GameSession leaves maxMembersCount and visibility to the creator (defaults 100 / open).
  GameSession: {
    constants: {
      system: {
        version: 1,
        inviteProtocol: "game",
        reservedRemovalTimeout: 30000,
        inactiveRemovalTimeout: 0,
        readyRemovalTimeout: 180000,
        sessionEmptyTimeout: 0,
        capabilities: { gameplay: true, crossPlay: true, searchable: true },
      },
      custom: {},
    },
  },
};

export class TemplateCatalog {
  /** lower-cased name → definition (global), and scid(lower) → name(lower) → definition. */
  private readonly global = new Map<string, TemplateDefinition>();
  private readonly scoped = new Map<string, Map<string, TemplateDefinition>>();
  /** The same, keyed by the names as configured (for listing). */
  private readonly globalNames = new Map<string, TemplateDefinition>();
  private readonly scopedNames = new Map<string, Map<string, TemplateDefinition>>();

  constructor(
    globalTemplates: Readonly<Record<string, TemplateDefinition>> = {},
    scopedTemplates: Readonly<Record<string, Readonly<Record<string, TemplateDefinition>>>> = {},
  ) {
    for (const [name, def] of Object.entries({ ...BUILTIN_TEMPLATES, ...globalTemplates })) {
      this.global.set(name.toLowerCase(), def);
      this.globalNames.set(name, def);
    }
    for (const [scid, defs] of Object.entries(scopedTemplates)) {
      const map = new Map<string, TemplateDefinition>();
      for (const [name, def] of Object.entries(defs)) map.set(name.toLowerCase(), def);
      this.scoped.set(scid.toLowerCase(), map);
      this.scopedNames.set(scid.toLowerCase(), new Map(Object.entries(defs)));
    }
  }

  /** The templates an SCID has, by name as configured: its own first, then the global ones. */
  list(scid: string): Array<{ name: string; template: TemplateDefinition }> {
    const out = new Map<string, { name: string; template: TemplateDefinition }>();
    for (const [name, template] of this.scopedNames.get(scid.toLowerCase()) ?? []) out.set(name.toLowerCase(), { name, template });
    for (const [name, template] of this.globalNames) if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), { name, template });
    return [...out.values()];
  }

  find(scid: string, templateName: string): TemplateDefinition | undefined {
    const key = templateName.toLowerCase();
    return this.scoped.get(scid.toLowerCase())?.get(key) ?? this.global.get(key);
  }
}
