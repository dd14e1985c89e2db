/**
 * Emulator options and the JSON config file (`--config file`): templates, per-SCID title ids,
 * the follow graph behind joinRestriction/readRestriction "followed" and `owners.people`, the
 * session-host pool, rate limits, faults, docs directory. Explicit options override the file.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseJson } from "../shared/json-codec.js";
import { parseFaultSpec, type FaultOptions } from "./http/faults.js";
import { isObject } from "./model/merge.js";
import type { SessionHostOptions } from "./store/session-host-pool.js";
import type { TemplateDefinition } from "./model/template-constants.js";

export interface ServiceConfigSettings {
  /** Decimal title id reported as activeTitleId / handle titleId for this SCID. */
  readonly titleId?: string;
  /** Templates that exist only under this SCID (in addition to the global ones). */
  readonly templates?: Readonly<Record<string, TemplateDefinition>>;
}

/** What a config file may contain (all optional). */
export interface EmulatorConfig {
  readonly templates?: Readonly<Record<string, TemplateDefinition>>;
  readonly serviceConfigs?: Readonly<Record<string, ServiceConfigSettings>>;
  /** xuid → xuids that user follows. */
  readonly follows?: Readonly<Record<string, readonly string[]>>;
  /** Shortcut for demos: every user follows every other user. */
  readonly everyoneFollowsEveryone?: boolean;
  readonly sessionHosts?: SessionHostOptions;
  /** Per-user MPSD rate limits from the operation table; default true. */
  readonly rateLimits?: boolean;
  readonly faults?: FaultOptions | string;
  readonly docsDir?: string;
  /** Request bodies above this size get 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Lifetime of invite handles. Default 1 hour. */
  readonly inviteTtlMs?: number;
  /** Title id for SCIDs without their own entry. Default "896928775" (Minecraft). */
  readonly defaultTitleId?: string;
}

export interface EmulatorOptions extends EmulatorConfig {
  /** Bind address. Default 127.0.0.1. */
  readonly host?: string;
  /** Port; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** A config file path, or an inline config object; explicit options win over it. */
  readonly config?: string | EmulatorConfig;
  /** Clock (ms since epoch); tests inject one to drive timeouts. */
  readonly now?: () => number;
  /** One line per request (method, path, status, ms); tokens never appear. */
  readonly log?: (line: string) => void;
}

export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly templates: Readonly<Record<string, TemplateDefinition>>;
  readonly serviceConfigs: Readonly<Record<string, ServiceConfigSettings>>;
  readonly follows: Readonly<Record<string, readonly string[]>>;
  readonly everyoneFollowsEveryone: boolean;
  readonly sessionHosts: SessionHostOptions;
  readonly rateLimits: boolean;
  readonly faults: FaultOptions;
  readonly docsDir: string | undefined;
  readonly maxBodyBytes: number;
  readonly inviteTtlMs: number;
  readonly defaultTitleId: string;
  readonly now: () => number;
  readonly log: ((line: string) => void) | undefined;
}

export function loadConfigFile(path: string): EmulatorConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read emulator config ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    throw new Error(`Emulator config ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return checkConfig(value, path);
}

/** Shape checks with messages that name the offending key. */
export function checkConfig(value: unknown, source = "config"): EmulatorConfig {
  if (!isObject(value)) throw new Error(`${source}: the top level must be a JSON object`);
  const known = new Set([
    "templates", "serviceConfigs", "follows", "everyoneFollowsEveryone", "sessionHosts", "rateLimits",
    "faults", "docsDir", "maxBodyBytes", "inviteTtlMs", "defaultTitleId", "$schema", "description",
  ]);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new Error(`${source}: unknown key "${key}"`);
  }
  const templates = value["templates"];
  if (templates !== undefined) checkTemplates(templates, `${source}: templates`);
  const scids = value["serviceConfigs"];
  if (scids !== undefined) {
    if (!isObject(scids)) throw new Error(`${source}: serviceConfigs must be an object keyed by SCID`);
    for (const [scid, settings] of Object.entries(scids)) {
      if (!isObject(settings)) throw new Error(`${source}: serviceConfigs.${scid} must be an object`);
      if (settings["titleId"] !== undefined && !/^\d{1,10}$/.test(String(settings["titleId"]))) {
        throw new Error(`${source}: serviceConfigs.${scid}.titleId must be a decimal title id string`);
      }
      if (settings["templates"] !== undefined) checkTemplates(settings["templates"], `${source}: serviceConfigs.${scid}.templates`);
    }
  }
  const follows = value["follows"];
  if (follows !== undefined) {
    if (!isObject(follows)) throw new Error(`${source}: follows must map a xuid to an array of xuids`);
    for (const [xuid, list] of Object.entries(follows)) {
      if (!Array.isArray(list) || !list.every((x) => typeof x === "string")) {
        throw new Error(`${source}: follows.${xuid} must be an array of xuid strings`);
      }
    }
  }
  const hosts = value["sessionHosts"];
  if (hosts !== undefined) {
    if (!isObject(hosts)) throw new Error(`${source}: sessionHosts must be an object`);
    const regions = hosts["regions"];
    if (regions !== undefined && (!isObject(regions) || !Object.values(regions).every((n) => typeof n === "number" && n >= 0))) {
      throw new Error(`${source}: sessionHosts.regions must map a location name to a host count`);
    }
  }
  for (const key of ["maxBodyBytes", "inviteTtlMs"] as const) {
    const n = value[key];
    if (n !== undefined && (typeof n !== "number" || !(n > 0))) throw new Error(`${source}: ${key} must be a positive number`);
  }
  for (const key of ["rateLimits", "everyoneFollowsEveryone"] as const) {
    if (value[key] !== undefined && typeof value[key] !== "boolean") throw new Error(`${source}: ${key} must be true or false`);
  }
  return value as EmulatorConfig;
}

function checkTemplates(value: unknown, where: string): void {
  if (!isObject(value)) throw new Error(`${where} must be an object keyed by template name`);
  for (const [name, def] of Object.entries(value)) {
    if (!isObject(def) || !isObject(def["constants"])) throw new Error(`${where}.${name} must be {"constants": {"system": {...}, "custom": {...}}}`);
  }
}

/** The package's dist/docs, if the docs were built. */
function defaultDocsDir(): string | undefined {
  // This file sits at src/emulator (source) or dist/src/emulator (built).
  const here = dirname(fileURLToPath(import.meta.url));
  const built = /[\\/]dist[\\/]src[\\/]emulator$/.test(here);
  const candidate = built ? resolve(here, "../../docs") : resolve(here, "../../dist/docs");
  if (existsSync(candidate)) return candidate;
  return undefined;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const fromFile: EmulatorConfig =
    typeof options.config === "string" ? loadConfigFile(options.config) : options.config ? checkConfig(options.config) : {};
  const merged: EmulatorOptions = { ...fromFile, ...stripUndefined(options) };
  const faults = merged.faults;
  return {
    host: merged.host ?? "127.0.0.1",
    port: merged.port ?? 0,
    templates: merged.templates ?? {},
    serviceConfigs: merged.serviceConfigs ?? {},
    follows: merged.follows ?? {},
    everyoneFollowsEveryone: merged.everyoneFollowsEveryone ?? false,
    sessionHosts: merged.sessionHosts ?? {},
    rateLimits: merged.rateLimits ?? true,
    faults: typeof faults === "string" ? parseFaultSpec(faults) : (faults ?? {}),
    docsDir: merged.docsDir ?? defaultDocsDir(),
    maxBodyBytes: merged.maxBodyBytes ?? 1024 * 1024,
    inviteTtlMs: merged.inviteTtlMs ?? 60 * 60 * 1000,
    defaultTitleId: merged.defaultTitleId ?? "896928775",
    now: merged.now ?? Date.now,
    log: merged.log,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
