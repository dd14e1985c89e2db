// The lint rules are not decoration: broken copies of the contract must fail them.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkExtensions } from "../../scripts/lib/extension-schemas.mjs";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const dirs: string[] = [];

/** Copies the contract and its lint configuration, applies an edit, and returns the copy's folder. */
async function copyWith(edit?: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "xbl-lint-"));
  dirs.push(dir);
  await cp(path.join(root, "openapi"), path.join(dir, "openapi"), { recursive: true });
  await cp(path.join(root, "asyncapi"), path.join(dir, "asyncapi"), { recursive: true });
  await cp(path.join(root, "redocly.yaml"), path.join(dir, "redocly.yaml"));
  await cp(path.join(root, ".spectral.yaml"), path.join(dir, ".spectral.yaml"));
  await cp(path.join(root, "scripts/spectral"), path.join(dir, "scripts/spectral"), { recursive: true });
  await edit?.(dir);
  return dir;
}

async function lint(dir: string): Promise<{ redocly: { code: number; out: string }; spectral: { code: number; out: string } }> {
  const exec = async (file: string, args: string[]) => {
    try {
      const { stdout, stderr } = await run(file, args, { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };
  const redocly = await exec(bin("redocly"), ["lint", "--format=stylish"]);
  const bundled = await exec(bin("redocly"), ["bundle", "contract@v1", "-o", "bundle.json"]);
  expect(bundled.code, bundled.out).toBe(0);
  const spectral = await exec(bin("spectral"), ["lint", "bundle.json", "--fail-severity=hint", "--ruleset", ".spectral.yaml"]);
  return { redocly, spectral };
}

async function editFile(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const target = path.join(dir, file);
  const before = await readFile(target, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(target, after);
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("lint rules bite", () => {
  let baseline: Awaited<ReturnType<typeof lint>>;
  beforeAll(async () => {
    baseline = await lint(await copyWith());
  }, 60_000);

  it("the unmodified contract passes both linters", () => {
    expect(baseline.redocly.code, baseline.redocly.out).toBe(0);
    expect(baseline.spectral.code, baseline.spectral.out).toBe(0);
  });

  it("an operation without the contract-version header fails Spectral", async () => {
    const dir = await copyWith((d) =>
      editFile(d, "openapi/paths/handles_{handleId}.yaml", (t) =>
        t.replace("    - $ref: ../components/parameters/MpsdContractVersion.yaml\n", ""),
      ),
    );
    const result = await lint(dir);
    expect(result.spectral.code).not.toBe(0);
    expect(result.spectral.out).toMatch(/xbl-contract-version-header/);
  }, 60_000);

  it("an invalid example fails both linters", async () => {
    const dir = await copyWith((d) =>
      editFile(d, "openapi/components/examples/InviteHandleResult.yaml", (t) => t.replace("senderXuid: '2535405290000001'", "senderXuid: 2535405290000001")),
    );
    const result = await lint(dir);
    expect(result.redocly.code).not.toBe(0);
    expect(result.redocly.out).toMatch(/no-invalid-media-type-examples/);
    expect(result.spectral.code).not.toBe(0);
    expect(result.spectral.out).toMatch(/oas3-valid-media-example/);
  }, 60_000);

  it("an operation without a retry class fails both linters", async () => {
    const dir = await copyWith((d) =>
      editFile(d, "openapi/paths/handles_query.yaml", (t) => t.replace("  x-xbl-retry:\n    mode: safe\n", "")),
    );
    const result = await lint(dir);
    expect(result.redocly.out).toMatch(/operation-has-retry-class/);
    expect(result.spectral.out).toMatch(/xbl-retry-class/);
  }, 60_000);

  it("an undocumented 429 fails Spectral", async () => {
    const dir = await copyWith((d) =>
      editFile(d, "openapi/paths/handles_query.yaml", (t) => t.replace(/    '429':\n      \$ref: [^\n]+\n/, "")),
    );
    const result = await lint(dir);
    expect(result.spectral.out).toMatch(/xbl-error-statuses/);
  }, 60_000);

  it("a malformed x-xbl-* extension fails Spectral and the generator, each naming the place", async () => {
    const dir = await copyWith(async (d) => {
      await editFile(d, "openapi/openapi.yaml", (t) =>
        t.replace("  retryStatuses: [408, 429, 500, 502, 503, 504]\n", "  retryStatuses: [408, '429', 500, 502, 503, 504]\n"),
      );
      await editFile(d, "openapi/paths/handles_{handleId}.yaml", (t) => t.replace("    - bucket: searchHandleReads\n", "    - bukket: searchHandleReads\n"));
      await editFile(d, "openapi/paths/handles_query.yaml", (t) => t.replace("  x-xbl-retry:\n    mode: safe\n", "  x-xbl-retry:\n    mode: safe\n  x-xbl-retri: {}\n"));
    });
    const result = await lint(dir);
    expect(result.spectral.code).not.toBe(0);
    expect(result.spectral.out).toMatch(/xbl-retry-policy .*x-xbl-retry-policy\.retryStatuses\[1\]/);
    expect(result.spectral.out).toMatch(/xbl-rate-limits-operation .*bukket/);
    expect(result.spectral.out).toMatch(/xbl-known-extensions .*x-xbl-retri is not a known/);
    const bundle = JSON.parse(await readFile(path.join(dir, "bundle.json"), "utf8"));
    let message = "";
    try {
      checkExtensions(bundle, "openapi", "the copy");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/the copy at \/x-xbl-retry-policy\/retryStatuses\/1: must be integer/);
    expect(message).toMatch(/x-xbl-rate-limits\/0: must NOT have additional properties \(bukket\)/);
    expect(message).toMatch(/x-xbl-retri: x-xbl-retri is not a known extension/);
  }, 60_000);
});
