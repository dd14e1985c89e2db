// Builds the package the way `npm pack` / `npm publish` do (prepack + prepare scripts), but in a
// scratch copy of the repository, so the test never touches the working tree's dist/ while other
// tests run; then installs the tarball into a scratch consumer project like a user would.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./typecheck-snippets.js";

/**
 * What a package build needs from the repository (tests, bench, the openapi/ sources stay behind; the
 * extension schemas come along because the docs build checks the contract's extensions against them,
 * and docs/ holds the Markdown of the lobby page).
 */
const BUILD_INPUTS = ["package.json", "README.md", "LICENSE", "tsconfig.json", "tsconfig.build.json", "redocly.yaml", "src", "generated", "scripts", "openapi/extensions", "docs"];

export function run(cmd: string, args: readonly string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    timeout,
    env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
  });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited with ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

export interface PackedPackage {
  readonly scratch: string;
  readonly tarball: string;
  remove(): void;
}

export function packInScratchCopy(): PackedPackage {
  const scratch = mkdtempSync(join(tmpdir(), "xbl-pack-"));
  const repo = join(scratch, "repo");
  mkdirSync(repo);
  for (const name of BUILD_INPUTS) {
    if (existsSync(join(ROOT, name))) cpSync(join(ROOT, name), join(repo, name), { recursive: true });
  }
  // Build tools come from the project's own install, as in CI.
  symlinkSync(join(ROOT, "node_modules"), join(repo, "node_modules"), "dir");
  const out = join(scratch, "out");
  mkdirSync(out);
  run("npm", ["pack", "--pack-destination", out], repo);
  const tarballs = readdirSync(out).filter((f) => f.endsWith(".tgz"));
  if (tarballs.length !== 1) throw new Error(`npm pack produced ${tarballs.length} tarballs`);
  return { scratch, tarball: join(out, tarballs[0]!), remove: () => rmSync(scratch, { recursive: true, force: true }) };
}

/** A new project with the tarball installed from the npm cache/registry, as `npm install xbl-multiplayer` would. */
export function installInConsumer(packed: PackedPackage): string {
  const consumer = join(packed.scratch, "consumer");
  mkdirSync(consumer);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  run("npm", ["install", "--prefer-offline", "--no-package-lock", packed.tarball], consumer, 180_000);
  return consumer;
}
