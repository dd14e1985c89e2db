// The client's README section (readme-client-section.md, for the lead to paste into README.md): every
// ```ts block must type-check as a user's program, with the same checker as test/readme/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { extractTsBlocks } from "../readme/readme-blocks.js";
import { typecheckSnippets } from "../readme/typecheck-snippets.js";

it("every ts block of the client README section type-checks", () => {
  const markdown = readFileSync(join(import.meta.dirname, "readme-client-section.md"), "utf8");
  const blocks = extractTsBlocks(markdown);
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  const errors = typecheckSnippets(blocks.map((b) => ({ name: `client-section-${b.line}.mts`, source: b.source })));
  expect(errors.map((e) => `line ${e.line} of block ${e.snippet}: ${e.message}`)).toEqual([]);
}, 60_000);
