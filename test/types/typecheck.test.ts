// Runs the TypeScript compiler over the type tests (*.test-d.ts) so `vitest run` fails when a wrong
// call compiles (an unused @ts-expect-error is an error) or a README snippet stops compiling.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

it("type tests compile with no diagnostics", () => {
  const configFile = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const files = readdirSync(here)
    .filter((name) => name.endsWith(".test-d.ts"))
    .map((name) => join(here, name));
  expect(files.length).toBeGreaterThanOrEqual(1);
  const program = ts.createProgram({ rootNames: files, options: { ...parsed.options, noEmit: true } });
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? `${d.file.fileName}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  expect(diagnostics).toEqual([]);
}, 60_000);
