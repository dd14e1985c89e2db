/**
 * Session templates: the three built-ins (served under any SCID) plus templates from the config
 * file, and the "merge request constants with the template" step of session creation.
 * Template names are matched case-insensitively, like session names.
 */
import { schemaDefaults } from "../../contract/schema-facts.js";
import { addMissing, cloneJson, findConflict, isObject, type Bag, type JsonObject } from "../model/merge.js";

export interface TemplateDefinition {
  readonly constants: { readonly system?: JsonObject; readonly custom?: JsonObject };
}

/**
 * Defaults for constants a template leaves out: the contract's `default`s (contract 107 values), plus
 * an empty `capabilities` object, which every session answer carries even when nothing is enabled.
 */
const SYSTEM_DEFAULTS: JsonObject = { ...(schemaDefaults("SessionConstantsSystem") as JsonObject), capabilities: {} };

/** Built-in templates. MinecraftLobby mirrors what Minecraft's lobby sessions report (≤ 30 players). */
export const BUILTIN_TEMPLATES: Readonly<Record<string, TemplateDefinition>> = {
  MinecraftLobby: {
    constants: {
      system: {
        version: 1,
        maxMembersCount: 30,
        visibility: "open",
        inviteProtocol: "game",
        reservedRemovalTimeout: 30000,
        inactiveRemovalTimeout: 0,
        readyRemovalTimeout: 180000,
        sessionEmptyTimeout: 0,
        capabilities: {
          connectivity: true,
          connectionRequiredForActiveMembers: true,
          crossPlay: true,
          gameplay: false,
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

  constructor(
    globalTemplates: Readonly<Record<string, TemplateDefinition>> = {},
    scopedTemplates: Readonly<Record<string, Readonly<Record<string, TemplateDefinition>>>> = {},
  ) {
    for (const [name, def] of Object.entries({ ...BUILTIN_TEMPLATES, ...globalTemplates })) {
      this.global.set(name.toLowerCase(), def);
    }
    for (const [scid, defs] of Object.entries(scopedTemplates)) {
      const map = new Map<string, TemplateDefinition>();
      for (const [name, def] of Object.entries(defs)) map.set(name.toLowerCase(), def);
      this.scoped.set(scid.toLowerCase(), map);
    }
  }

  find(scid: string, templateName: string): TemplateDefinition | undefined {
    const key = templateName.toLowerCase();
    return this.scoped.get(scid.toLowerCase())?.get(key) ?? this.global.get(key);
  }
}

export type ConstantsResult = { readonly ok: true; readonly constants: Bag } | { readonly ok: false; readonly conflict: string };

/**
 * Session constants at creation: the template wins, the request may only add values the
 * template does not set (a different value for a template-set leaf is a 409 conflict).
 */
export function constantsFromTemplate(template: TemplateDefinition, requested: unknown): ConstantsResult {
  const tplCustom = cloneJson(template.constants.custom ?? {});
  const reqSystem = isObject(requested) && isObject(requested["system"]) ? requested["system"] : {};
  const reqCustom = isObject(requested) && isObject(requested["custom"]) ? requested["custom"] : {};

  const templateSystem = template.constants.system ?? {};
  const conflict =
    findConflict(templateSystem, reqSystem, "/constants/system") ??
    findConflict(tplCustom, reqCustom, "/constants/custom") ??
    emptyCapabilitiesConflict(templateSystem, reqSystem);
  if (conflict !== undefined) return { ok: false, conflict };

  // Request values fill what the template left open; only then do the 107 defaults apply.
  const system = addMissing(addMissing(cloneJson(templateSystem), reqSystem), SYSTEM_DEFAULTS);
  return { ok: true, constants: { system, custom: addMissing(tplCustom, reqCustom) } };
}

/** A template with `capabilities: {}` forbids dynamic capabilities (XLD-TC). */
function emptyCapabilitiesConflict(templateSystem: JsonObject, reqSystem: JsonObject): string | undefined {
  const tplCaps = templateSystem["capabilities"];
  const reqCaps = reqSystem["capabilities"];
  if (isObject(tplCaps) && Object.keys(tplCaps).length === 0 && isObject(reqCaps)) {
    const first = Object.entries(reqCaps).find(([, v]) => v === true);
    if (first) return `/constants/system/capabilities/${first[0]}`;
  }
  return undefined;
}
