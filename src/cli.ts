#!/usr/bin/env node
/**
 * The package's command line: `xbl-multiplayer <command> [options]`.
 * Each subcommand is one entry of COMMANDS (a summary and a `run(argv) → exit code`); adding one,
 * such as `demo`, is adding an entry here and its module.
 */
import { runDemoCommand } from "./demo/cli-command.js";
import { runEmulatorCommand } from "./emulator/cli-command.js";

export interface Command {
  readonly summary: string;
  run(argv: readonly string[]): Promise<number>;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  emulator: {
    summary: "run the local emulator of sessiondirectory + gameserverms",
    run: (argv) => runEmulatorCommand(argv),
  },
  demo: {
    summary: "run the end-to-end demo (local emulator by default, --real for Xbox Live)",
    run: (argv) => runDemoCommand(argv),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: xbl-multiplayer <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun "xbl-multiplayer <command> --help" for a command's options.`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
