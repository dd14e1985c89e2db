// Vitest global setup: builds the docs once per test run into a temporary folder, for every docs
// test (offline check, browser, emulator's /docs) to read through builtDocsDir() in docs-site.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildDocs } from "../../scripts/lib/docs-build.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    docsDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const parent = mkdtempSync(join(tmpdir(), "xbl-docs-test-"));
  const { outDir } = buildDocs({ outDir: join(parent, "docs") });
  project.provide("docsDir", outDir);
  return () => rmSync(parent, { recursive: true, force: true });
}
