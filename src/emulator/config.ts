/**
 * Emulator options and the JSON config file (`--config file`): templates, per-SCID title ids,
 * the follow graph behind joinRestriction/readRestriction "followed" and `owners.people`, the
 * session-host pool, rate limits, faults, docs directory. Explicit options override the file.
 * The file is checked against config.schema.json, which ships beside this module.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import contract from "../../generated/openapi.json" with { type: "json" };
import { realClock, type Clock } from "../shared/clock.js";
import { parseJson } from "../shared/json-codec.js";
import configSchema from "./config.schema.json" with { type: "json" };
import { parseFaultSpec, type FaultOptions } from "./http/faults.js";
import type { PipelineOptions } from "./http/server.js";
import type { TemplateDefinition } from "./model/template-constants.js";
import type { StateSettings } from "./store/emulator-state.js";
import type { SessionHostOptions } from "./store/session-host-pool.js";

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
  /**
   * Run the emulator's clock this many times faster than real time (RTA liveness, member and session
   * timeouts, the two-hour socket lifetime). Default 1. Ignored when `clock` is given.
   */
  readonly timeScale?: number;
  readonly rta?: RtaSettings;
}

/** How the emulator's RTA endpoint and MPSD's connection rules behave. */
export interface RtaSettings {
  /**
   * A member made active without a live RTA connection on a `connectionRequiredForActiveMembers`
   * template: "decay" (default) accepts the write and makes the member inactive after the disconnect
   * grace, as when a connection drops; "refuse" answers 400.
   */
  readonly activeWithoutConnection?: "decay" | "refuse";
  /**
   * true (default): `connection` must be one of the caller's own live ConnectionIds, and members whose
   * connection dies decay. false: any GUID is accepted and no member decays for its connection, as
   * before the emulator served RTA; for replaying recorded requests or contract examples (Prism,
   * Arazzo workflows) that cannot open a websocket.
   */
  readonly requireLiveConnections?: boolean;
}

export interface EmulatorOptions extends EmulatorConfig {
  /** Bind address. Default 127.0.0.1. */
  readonly host?: string;
  /** Port; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** A config file path, or an inline config object; explicit options win over it. */
  readonly config?: string | EmulatorConfig;
  /** Clock (ms since epoch); tests inject one to drive timeouts. Superseded by `clock`. */
  readonly now?: () => number;
  /** The clock every emulator timer runs on (e.g. a manual clock in tests); see also `timeScale`. */
  readonly clock?: Clock;
  /** One line per request (method, path, status, ms); tokens never appear. */
  readonly log?: (line: string) => void;
}

/** Every option with its default filled in: what the state and the HTTP pipeline are built from. */
export interface ResolvedOptions extends StateSettings, PipelineOptions {
  readonly host: string;
  readonly port: number;
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

// The schema's `$ref`s into the contract are relative file references (../../generated/openapi.json),
// so editors resolve them from the shipped file too; here both documents get ids that keep that relation.
// Compiled on first use: most runs pass no config, and compiling the template constants' schema costs time.
const CONFIG_SCHEMA_ID = "https://xbl-multiplayer.invalid/src/emulator/config.schema.json";
let validateConfig: ValidateFunction | undefined;

function configValidator(): ValidateFunction {
  if (validateConfig === undefined) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(contract as object, new URL("../../generated/openapi.json", CONFIG_SCHEMA_ID).href);
    validateConfig = ajv.compile({ ...configSchema, $id: CONFIG_SCHEMA_ID });
  }
  return validateConfig;
}

/** `/sessionHosts/regions/West US` as `sessionHosts.regions.West US`. */
function dotted(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

function describe(error: ErrorObject): string {
  const at = dotted(error.instancePath);
  const where = at === "" ? "" : `${at}: `;
  const params = error.params as { additionalProperty?: string; missingProperty?: string };
  if (params.additionalProperty !== undefined) return `${where}unknown key "${params.additionalProperty}"`;
  if (params.missingProperty !== undefined) return `${at === "" ? "" : `${at}.`}${params.missingProperty} is required`;
  return `${at === "" ? "the top level" : at} ${error.message ?? "is invalid"}`;
}

/** Checks a config against config.schema.json; the error names every offending key by its dotted path. */
export function checkConfig(value: unknown, source = "config"): EmulatorConfig {
  const validate = configValidator();
  if (validate(value)) return value as EmulatorConfig;
  // anyOf reports each branch and then itself; the branches' messages say more.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== "anyOf");
  const messages = [...new Set(errors.map(describe))];
  throw new Error(`${source}: ${messages.join("; ")}`);
}

/** The package's dist/docs, if the docs were built: the package root is the nearest folder with a package.json. */
function defaultDocsDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) {
      const docs = join(dir, "dist", "docs");
      return existsSync(docs) ? docs : undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const fromFile: EmulatorConfig =
    typeof options.config === "string" ? loadConfigFile(options.config) : options.config ? checkConfig(options.config) : {};
  const merged: EmulatorOptions = { ...fromFile, ...stripUndefined(options) };
  const faults = merged.faults;
  // A caller that injects only `now` gets timers that read the same time, so lazy and scheduled
  // expiries agree on what "now" is.
  const base = merged.clock ?? realClock(merged.timeScale ?? 1);
  const injectedNow = merged.clock === undefined ? merged.now : undefined;
  const clock: Clock = injectedNow === undefined ? base : { ...base, now: injectedNow };
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
    clock,
    now: merged.now ?? (() => clock.now()),
    rta: {
      activeWithoutConnection: merged.rta?.activeWithoutConnection ?? "decay",
      requireLiveConnections: merged.rta?.requireLiveConnections ?? true,
    },
    log: merged.log,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
