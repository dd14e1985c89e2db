// Type-checks standalone TypeScript snippets (README blocks, docs code samples) the way a user's
// project would see them: `xbl-multiplayer` and its `/rta`, `/emulator` and `/prismarine-auth` entry points resolve to our sources
// through tsconfig `paths`, with the project's strict settings. Uses the compiler API (one program
// for all snippets) so a run costs one type-check, not one tsc process per block.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";

export const ROOT = resolve(import.meta.dirname, "..", "..");

export interface Snippet {
  /** File name inside the temporary folder, e.g. "block-03.mts". */
  readonly name: string;
  readonly source: string;
}

export interface SnippetError {
  readonly snippet: string;
  /** 1-based line inside the snippet. */
  readonly line: number;
  readonly message: string;
}

/** Compiler options of tsconfig.json plus the package-name mapping a consumer would get from npm. */
function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, "tsconfig.json");
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  return {
    ...parsed.options,
    noEmit: true,
    // Snippets show usage; an unused binding in a short example is not a defect.
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: {
      "xbl-multiplayer": [join(ROOT, "src", "index.ts")],
      "xbl-multiplayer/emulator": [join(ROOT, "src", "emulator", "index.ts")],
      "xbl-multiplayer/rta": [join(ROOT, "src", "rta", "index.ts")],
      "xbl-multiplayer/prismarine-auth": [join(ROOT, "src", "adapters", "prismarine-auth.ts")],
      "xbl-multiplayer/openapi.json": [join(ROOT, "generated", "openapi.json")],
    },
  };
}

/**
 * Writes the snippets to a fresh folder under node_modules/.cache (so bare imports resolve from the
 * project's node_modules) and returns the errors found in the snippets themselves.
 */
export function typecheckSnippets(snippets: readonly Snippet[]): SnippetError[] {
  const cache = join(ROOT, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, "xbl-snippets-"));
  try {
    const files = snippets.map((s) => {
      const file = join(dir, s.name);
      writeFileSync(file, s.source);
      return file;
    });
    const program = ts.createProgram(files, compilerOptions());
    const byFile = new Map(files.map((f, i) => [resolve(f), snippets[i]!.name]));
    const errors: SnippetError[] = [];
    for (const d of ts.getPreEmitDiagnostics(program)) {
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      const snippet = d.file ? byFile.get(resolve(d.file.fileName)) : undefined;
      if (d.file === undefined) {
        errors.push({ snippet: "(program)", line: 0, message }); // e.g. a bad compiler option
      } else if (snippet !== undefined) {
        const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
        errors.push({ snippet, line: line + 1, message });
      }
      // Errors inside src/ belong to the sources' own type-check (npx tsc), not to the snippets.
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
