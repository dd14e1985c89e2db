// Shared by the docs tests: build the docs from the real contract into a temporary folder (the same
// code path as `npm run docs`), and the facts about the contract the rendered pages are checked against.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SPEC, buildDocs } from "../../scripts/build-docs.mjs";
import { listOperations, type OperationRef } from "../../scripts/docs-code-samples.mjs";

export interface BuiltDocs {
  readonly dir: string;
  readonly ms: number;
  remove(): void;
}

export function buildDocsToTemp(): BuiltDocs {
  const parent = mkdtempSync(join(tmpdir(), "xbl-docs-test-"));
  const { outDir, ms } = buildDocs({ outDir: join(parent, "docs") });
  return { dir: outDir, ms, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

// The contract is plain JSON; tests index into it freely.
export type Contract = any;

export function loadContract(): Contract {
  return JSON.parse(readFileSync(DEFAULT_SPEC, "utf8"));
}

export function contractOperations(contract: Contract): OperationRef[] {
  return listOperations(contract);
}

/** Redoc 3's route for a tag: its name in lower case, non-alphanumerics as dashes. */
export function tagSlug(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Hash route of an operation page, e.g. "#/session-hosts/allocatesessionhost". */
export function operationRoute(op: OperationRef): string {
  const tag = (op.operation.tags?.[0] as string | undefined) ?? "other";
  return `#/${tagSlug(tag)}/${String(op.operation.operationId).toLowerCase()}`;
}

/** Whitespace-insensitive form, for comparing source text with what the browser renders. */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
