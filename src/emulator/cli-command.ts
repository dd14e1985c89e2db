/**
 * `xbl-multiplayer emulator [--port N] [--host H] [--config file] [--faults spec] [--no-rate-limits]
 * [--docs-dir dir]`: starts the emulator in the foreground and stops it on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { hosts } from "../../generated/operations.js";
import { operations } from "../contract/operation-index.js";
import { parseFaultSpec } from "./http/faults.js";
import { startEmulator } from "./index.js";

export const DEFAULT_PORT = 4780;

/** Each host's x-xbl-contract-version, as "<version> for <host>", from the operation table. */
const CONTRACT_VERSIONS = [...new Set(Object.values(operations).map((op) => `${op.contractVersion} for ${new URL(op.host).host}`))].join(", ");

export const EMULATOR_USAGE = `Usage: xbl-multiplayer emulator [options]

Serves a local emulator of ${hosts.map((origin) => new URL(origin).host).join(" and ")} on one origin.

Options:
  --port N           port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H           address to bind (default 127.0.0.1)
  --config FILE      JSON config: templates, follows, sessionHosts, rateLimits, faults, ...
  --faults SPEC      inject faults, e.g. "500=0.05,503=0.05,reset=0.01,seed=7"
  --no-rate-limits   switch off the per-user rate limits the contract declares
  --docs-dir DIR     directory served at /docs (default: the package's dist/docs)
  --verbose          log one line per request (method, path, status, time; never tokens)
  -h, --help         show this help

Callers authenticate with "Authorization: XBL3.0 x=<userhash>;<xuid>": the token part is the
caller's decimal XUID. Every request needs x-xbl-contract-version (${CONTRACT_VERSIONS}).`;

export async function runEmulatorCommand(argv: readonly string[], out: (line: string) => void = console.log): Promise<number> {
  let values: {
    port?: string;
    host?: string;
    config?: string;
    faults?: string;
    "no-rate-limits"?: boolean;
    "docs-dir"?: string;
    verbose?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: "string" },
        host: { type: "string" },
        config: { type: "string" },
        faults: { type: "string" },
        "no-rate-limits": { type: "boolean" },
        "docs-dir": { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${EMULATOR_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(EMULATOR_USAGE);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer between 0 and 65535, got "${values.port}"`);
    return 2;
  }
  let faults;
  try {
    faults = values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  } catch (error) {
    console.error(`--faults: ${(error as Error).message}`);
    return 2;
  }
  let emulator;
  try {
    emulator = await startEmulator({
      port,
      host: values.host,
      config: values.config,
      faults,
      rateLimits: values["no-rate-limits"] ? false : undefined,
      docsDir: values["docs-dir"],
      log: values.verbose ? (line) => out(line) : undefined,
    });
  } catch (error) {
    console.error(`Cannot start the emulator: ${(error as Error).message}`);
    return 1;
  }
  out(`xbl-multiplayer emulator listening on ${emulator.url}`);
  out(`  sessiondirectory + gameserverms operations at ${emulator.url}/, docs at ${emulator.url}/docs`);
  const running = emulator;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void running.close().finally(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return 0;
}
