// Size of the client entry (src/index.ts) bundled and minified with esbuild, then gzipped, with
// openapi-fetch and the bigint-safe JSON codec inside. Target: <= 13 kB (13,312 B) gzipped.
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { build } from "esbuild";
import { printTable, root } from "./client-support.mjs";

async function measure(label, entry) {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    absWorkingDir: root,
    logLevel: "warning",
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs);
  const share = (match) => inputs.filter(([path]) => match(path)).reduce((sum, [, info]) => sum + info.bytesInOutput, 0);
  return {
    entry: label,
    "minified bytes": code.length,
    "gzipped bytes": gzipSync(code, { level: 9 }).length,
    "openapi-fetch (min)": share((p) => p.includes("openapi-fetch")),
    "src/shared (min)": share((p) => p.startsWith("src/shared/")),
    "generated/ (min)": share((p) => p.startsWith("generated/")),
    "src/client (min)": share((p) => p.startsWith("src/client/")),
  };
}

const rows = [await measure("src/index.ts (package root)", "src/index.ts"), await measure("src/client/index.ts (client only)", "src/client/index.ts")];
for (const row of rows) row["target <= 13 kB gz"] = row["gzipped bytes"] <= 13 * 1024 ? "met" : "missed";
printTable("Client bundle (esbuild --bundle --minify, gzip -9)", rows);
