/**
 * Session constants at creation: the template's constants win, the create request may add values the
 * template leaves open (a different value for a template-set leaf is a 409 conflict), and the
 * contract's schema defaults fill the rest.
 */
import { schemaDefaults } from "../../contract/schema-facts.js";
import { addMissing, cloneJson, findConflict, isObject, type Bag, type JsonObject } from "./merge.js";

/** A session template as the config file and the built-ins write it. */
export interface TemplateDefinition {
  readonly constants: { readonly system?: JsonObject; readonly custom?: JsonObject };
}

/**
 * Defaults for constants a template leaves out: the contract's `default`s, plus an empty
 * `capabilities` object, which every session answer carries even when nothing is enabled.
 */
const SYSTEM_DEFAULTS: JsonObject = { ...(schemaDefaults("SessionConstantsSystem") as JsonObject), capabilities: {} };

export type ConstantsResult = { readonly ok: true; readonly constants: Bag } | { readonly ok: false; readonly conflict: string };

/** The constants of a new session, or the first request path that conflicts with the template. */
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

  // Request values fill what the template left open; only then do the contract's defaults apply.
  const system = addMissing(addMissing(cloneJson(templateSystem), reqSystem), SYSTEM_DEFAULTS);
  return { ok: true, constants: { system, custom: addMissing(tplCustom, reqCustom) } };
}

/** A template with `capabilities: {}` forbids capabilities the create request would switch on. */
function emptyCapabilitiesConflict(templateSystem: JsonObject, reqSystem: JsonObject): string | undefined {
  const tplCaps = templateSystem["capabilities"];
  const reqCaps = reqSystem["capabilities"];
  if (isObject(tplCaps) && Object.keys(tplCaps).length === 0 && isObject(reqCaps)) {
    const first = Object.entries(reqCaps).find(([, v]) => v === true);
    if (first) return `/constants/system/capabilities/${first[0]}`;
  }
  return undefined;
}
