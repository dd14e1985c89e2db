// The published package, checked as a user gets it: `npm pack` (with the real prepack/prepare
// scripts) in a scratch copy of the repository, then the tarball's file list, publint and
// are-the-types-wrong on it, and a consumer project that installs it (without the optional peer
// prismarine-auth), type-checks a program strictly against the shipped declarations, runs it against
// the bundled emulator and runs the bin.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/typecheck-snippets.js";
import { installInConsumer, packInScratchCopy, run, type PackedPackage } from "../support/pack-fixture.js";

const BIN = join(ROOT, "node_modules", ".bin");
let packed: PackedPackage;
let consumer: string;
let files: string[];

beforeAll(() => {
  packed = packInScratchCopy();
  files = run("tar", ["-tzf", packed.tarball], packed.scratch)
    .stdout.split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ""));
  consumer = installInConsumer(packed);
}, 300_000);

afterAll(() => packed?.remove());

describe("npm package", () => {
  it("the tarball holds the built client, emulator, CLI, declarations, docs and contract", () => {
    for (const needed of [
      "package.json",
      "README.md",
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/src/emulator/index.js",
      "dist/src/emulator/index.d.ts",
      "dist/src/rta/index.js",
      "dist/src/rta/index.d.ts",
      "dist/src/lobby/index.js",
      "dist/src/lobby/index.d.ts",
      "dist/src/adapters/prismarine-auth.js",
      "dist/src/adapters/prismarine-auth.d.ts",
      "dist/src/cli.js",
      "dist/generated/operations.js",
      "dist/generated/schema.d.ts", // index.d.ts re-exports it; tsc does not copy .d.ts inputs
      "dist/docs/index.html", // the emulator serves it at /docs
      "dist/docs/rta.html", // and the Real-Time Activity page at /docs/rta.html
      "dist/docs/lobby.html", // and the lobby lifecycle at /docs/lobby.html
      "generated/openapi.json",
    ]) {
      expect(files, needed).toContain(needed);
    }
  });

  it("and nothing more: no tests, fixtures, sources of the contract, scripts or configs", () => {
    const allowed = /^(package\.json|README\.md|LICENSE|generated\/openapi\.json|dist\/(src|generated|docs)\/.+)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|tests|__tests__|fixtures?|bench)(\/|$)|\.(test|spec)\.|\.fixture$/i.test(f))).toEqual([]);
  });

  it("publint (strict) and are-the-types-wrong (ESM-only profile) find no problems", () => {
    const publint = run(join(BIN, "publint"), ["run", packed.tarball, "--strict"], packed.scratch);
    expect(publint.stdout).toMatch(/All good/);
    // ESM-only package: the CommonJS and node10 resolutions are out of scope (see README), every
    // other problem (missing types, false ESM/CJS, internal resolution errors) fails the run.
    run(join(BIN, "attw"), [packed.tarball, "--profile", "esm-only", "--format", "ascii"], packed.scratch);
  });

  it("installs without prismarine-auth, an optional peer dependency", () => {
    const manifest = JSON.parse(readFileSync(join(consumer, "node_modules", "xbl-multiplayer", "package.json"), "utf8"));
    expect(manifest.peerDependenciesMeta).toEqual({ "prismarine-auth": { optional: true } });
    expect(existsSync(join(consumer, "node_modules", "prismarine-auth"))).toBe(false);
    // Nothing shipped imports it: the adapter takes the Authflow it is given.
    const shipped = files.filter((f) => /\.(js|d\.ts)$/.test(f)).map((f) => readFileSync(join(consumer, "node_modules", "xbl-multiplayer", f), "utf8"));
    expect(shipped.filter((text) => /from\s+["']prismarine-auth["']|require\(["']prismarine-auth["']\)|import\(["']prismarine-auth["']\)/.test(text))).toEqual([]);
  });

  it("a consumer program type-checks against the installed declarations and runs against the emulator", () => {
    copyFileSync(join(ROOT, "test", "package", "consumer", "app.ts.fixture"), join(consumer, "app.ts"));
    // If the declarations resolved to `any`, this directive would be unused and tsc would fail.
    writeFileSync(
      join(consumer, "types-are-real.ts"),
      [
        'import { createXblClient } from "xbl-multiplayer";',
        "export function neverCalled(): void {",
        "  const client = createXblClient();",
        "  // @ts-expect-error the contract has no such path",
        '  void client.GET("/no/such/path");',
        "}",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noUncheckedIndexedAccess: true,
          resolveJsonModule: true,
          skipLibCheck: false, // check the shipped .d.ts files too
          types: ["node"],
          typeRoots: [join(ROOT, "node_modules", "@types")],
          outDir: "out",
        },
        include: ["app.ts", "types-are-real.ts"],
      }),
    );
    run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], consumer);

    const output = run(process.execPath, [join("out", "app.js")], consumer, 60_000).stdout.trim().split("\n").pop()!;
    const contract = JSON.parse(readFileSync(join(ROOT, "generated", "openapi.json"), "utf8"));
    expect(JSON.parse(output)).toEqual({
      created: 201,
      members: 1,
      conflict: 412,
      adapter: 200,
      adapterXuid: true,
      contractTitle: contract.info.title,
      paths: Object.keys(contract.paths).length,
      lobbyHost: "Consumer",
      lobbyActivity: true,
      docs: 200,
      docsHydrates: true,
    });
    // A hang guard above the sum of its steps' own timeouts (type-check, bundle, run), not a speed check.
  }, 120_000);

  it("installs the xbl-multiplayer bin, which runs", () => {
    const help = run(join(consumer, "node_modules", ".bin", "xbl-multiplayer"), ["--help"], consumer);
    expect(help.stdout).toContain("Usage: xbl-multiplayer");
  });
});
