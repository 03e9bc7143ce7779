// main.ts turns argv into a command run and an exit code. It never calls
// process.exit itself; bin.ts does, so tests can call main() in-process.
import { KnownError, ToolchainError, UsageError } from '../errors.js';
import { liveRunner, type Runner } from '../toolchain/process.js';
import type { CliIO, CommandContext } from './command.js';
import { commands } from './commands/index.js';
import { withFlags } from './error-flags.js';
import { ExitCode } from './exit-codes.js';

/** MainOptions lets tests inject a runner, cwd, environment and an abort signal. */
export interface MainOptions {
  readonly runner?: Runner;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

async function usage(): Promise<string> {
  const rows: string[] = [];
  for (const [name, load] of Object.entries(commands)) {
    const c = await load();
    rows.push(`  ${name.padEnd(10)} ${c.summary}`);
  }
  return [
    'heapsight: settle Go GC-pressure questions with evidence',
    '',
    'usage: heapsight <command> [flags] [args]',
    '',
    'commands:',
    ...rows,
    '',
    'Run `heapsight <command> --help` for a command\'s flags.',
    'Exit codes: 0 clean, 1 findings that fail a gate, 2 usage or tool failure.',
    '',
  ].join('\n');
}

/** main runs one heapsight invocation and returns its exit code. */
export async function main(argv: readonly string[], io: CliIO, options: MainOptions = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const text = await usage();
    if (name === undefined) {
      io.stderr(text);
      return ExitCode.Failure;
    }
    io.stdout(text);
    return ExitCode.Clean;
  }
  if (name === '--version') return main(['version', ...rest], io, options);
  const load = commands[name];
  if (!load) {
    io.stderr(`heapsight: unknown command ${JSON.stringify(name)}\n\n${await usage()}`);
    return ExitCode.Failure;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h') || rest.includes('-help')) {
    io.stdout(`usage: ${command.usage}\n`);
    return ExitCode.Clean;
  }
  const ctx: CommandContext = {
    io,
    runner: options.runner ?? liveRunner,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    signal: options.signal ?? new AbortController().signal,
  };
  try {
    return await command.run(rest, ctx);
  } catch (e) {
    return reportError(withFlags(e), io, name);
  }
}

/** reportError prints an expected error plainly (no stack) and an unexpected one with its stack. */
export function reportError(e: unknown, io: CliIO, commandName: string): number {
  if (e instanceof KnownError) {
    io.stderr(`heapsight ${commandName}: ${e.message}\n`);
    if (e instanceof ToolchainError) {
      const d = e.details();
      if (d !== '') io.stderr(d.replace(/^/gm, '  ').replace(/ +$/gm, ''));
    }
    if (e.hint) io.stderr(`${e instanceof UsageError ? '' : 'hint: '}${e.hint}\n`);
    return ExitCode.Failure;
  }
  const stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
  io.stderr(`heapsight ${commandName}: internal error (please report it): ${stack}\n`);
  return ExitCode.Failure;
}
