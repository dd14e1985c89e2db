#!/usr/bin/env node
// @ts-check
// `npm run generate`: rewrites every output listed in scripts/lib/outputs.mjs from the contract in
// openapi/ and asyncapi/ (generated/openapi.json, schema.d.ts, operations.ts, rta.json, rta.ts and the README's
// operations table and retry section). `--check` writes nothing and exits 1 when any of them differs from a fresh
// generation, which is how `npm test` catches a contract change that was not regenerated.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { renderOutputs } from "./lib/outputs.mjs";

async function main() {
  const check = process.argv.includes("--check");
  const outputs = await renderOutputs();
  if (check) {
    const stale = outputs.filter((o) => o.stale).map((o) => o.name);
    if (stale.length > 0) {
      console.error(`out of date: ${stale.join(", ")}. Run \`npm run generate\` and commit the result.`);
      process.exit(1);
    }
    console.log(`up to date: ${outputs.map((o) => o.name).join(", ")}`);
    return;
  }
  for (const output of outputs) {
    await mkdir(dirname(output.file), { recursive: true });
    if (output.stale) await writeFile(output.file, output.text);
  }
  console.log(`wrote ${outputs.map((o) => o.name).join(", ")}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
