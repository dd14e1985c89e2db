// @ts-check
// Where things are in the repository, for every script: the root, the contract sources, generated/.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The hand-authored contract's root document. */
export const CONTRACT_ROOT = join(ROOT, "openapi", "openapi.yaml");
/** Redocly's configuration: lint rules for the contract and the settings of the rendered docs. */
export const REDOCLY_CONFIG = join(ROOT, "redocly.yaml");
export const GENERATED_DIR = join(ROOT, "generated");
/** The bundled contract, as the generator writes it. */
export const BUNDLED_CONTRACT = join(GENERATED_DIR, "openapi.json");
/** The bundled AsyncAPI document of Real-Time Activity, as the generator writes it (the docs render it). */
export const BUNDLED_RTA = join(GENERATED_DIR, "rta.json");
export const README = join(ROOT, "README.md");
/** The Markdown source of the lobby lifecycle page of the docs. */
export const LOBBY_DOC = join(ROOT, "docs", "lobby-lifecycle.md");

