// Every ```ts block in README.md must compile against our sources, as if the reader had installed
// the package: `xbl-multiplayer` and its `/rta`, `/emulator` and `/prismarine-auth` entry points map to src/ through tsconfig paths.
// Each block is checked on its own (a file per block), so blocks must be self-contained.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractTsBlocks, type CodeBlock } from "../support/readme-blocks.js";
import { ROOT, typecheckSnippets } from "../support/typecheck-snippets.js";

const README = join(ROOT, "README.md");

/** "README.md:<line>: message" for every error, with lines counted in the README itself. */
function checkBlocks(blocks: readonly CodeBlock[]): string[] {
  const snippets = blocks.map((b) => ({ name: `readme-line-${b.line}.mts`, source: b.source }));
  const byName = new Map(snippets.map((s, i) => [s.name, blocks[i]!]));
  return typecheckSnippets(snippets).map((e) => {
    const block = byName.get(e.snippet);
    const line = block ? block.line + e.line - 1 : 0;
    return `README.md:${line}: ${e.message}`;
  });
}

describe("README code blocks", () => {
  it("finds blocks with the README line their code starts on", () => {
    const md = ["# T", "", "```ts", "const a = 1;", "```", "", "```sh", "```ts not a fence", "```", "~~~typescript", "let b = 2;", "~~~"].join("\n");
    expect(extractTsBlocks(md)).toEqual([
      { line: 4, source: "const a = 1;\n" },
      { line: 11, source: "let b = 2;\n" },
    ]);
  });

  it("maps every package entry point to the sources, and reports a broken block with its README line", () => {
    const md = [
      "A good block:",
      "```ts",
      'import { createXblClient } from "xbl-multiplayer";',
      'import { startEmulator } from "xbl-multiplayer/emulator";',
      'import { RtaStatusError } from "xbl-multiplayer/rta";',
      'import { xuidOf } from "xbl-multiplayer/prismarine-auth";',
      "console.log(RtaStatusError.name, xuidOf.name);",
      "const emulator = await startEmulator({ port: 0 });",
      'const client = createXblClient({ baseUrl: emulator.url, auth: { userHash: "h", xstsToken: "2535405290000001" } });',
      'const { error } = await client.GET("/handles/{handleId}/session", { params: { path: { handleId: "x" } } });',
      "console.log(error?.status);",
      "await emulator.close();",
      "```",
      "A broken one:",
      "```ts",
      "const n: number = 'text';",
      "```",
    ].join("\n");
    const errors = checkBlocks(extractTsBlocks(md));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^README\.md:16: .*not assignable to type 'number'/);
  }, 60_000);

  it("every ts block in README.md type-checks", () => {
    expect(existsSync(README), "README.md is missing").toBe(true);
    const blocks = extractTsBlocks(readFileSync(README, "utf8"));
    const errors = checkBlocks(blocks);
    expect(errors, `${blocks.length} block(s) checked`).toEqual([]);
  }, 60_000);
});
