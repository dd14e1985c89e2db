// The package's command line (src/cli.ts) bundled with esbuild into a fresh folder under .tmp/, for
// tests that run it as a real process. Inside the project, so the bundle resolves node_modules.
import { mkdirSync, mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

/** Bundles the CLI into a new folder named `prefix…`; returns the folder and the script's path. */
export async function bundleCli(prefix: string): Promise<{ dir: string; cli: string }> {
  mkdirSync(".tmp", { recursive: true });
  const dir = mkdtempSync(resolve(".tmp", prefix));
  const cli = join(dir, "cli.mjs");
  await build({ entryPoints: ["src/cli.ts"], bundle: true, platform: "node", format: "esm", outfile: cli, packages: "external", logLevel: "warning" });
  return { dir, cli };
}
