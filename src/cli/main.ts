// main.ts turns argv into a command run and an exit code. It never calls
// process.exit itself; bin.ts does, so tests can call main() in-process.
import { KnownError, ToolchainError, UsageError } from '../errors.js';
import { liveRunner, tracingRunner, type Runner, type RunRecord } from '../toolchain/process.js';
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
    'Run `heapsight <command> --help` for a command\'s flags; -x on any command prints the commands it runs (as go test -x).',
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
  // -x (as go test -x): every command heapsight runs, when it started and how long it took, on stderr.
  const dashdash = rest.indexOf('--');
  const xAt = rest.findIndex((a, i) => a === '-x' && (dashdash < 0 || i < dashdash));
  const args = xAt < 0 ? rest : [...rest.slice(0, xAt), ...rest.slice(xAt + 1)];
  const baseRunner = options.runner ?? liveRunner;
  const ctx: CommandContext = {
    io,
    runner: xAt < 0 ? baseRunner : tracingRunner(baseRunner, (r, at) => io.stderr(`${traceLine(r, at)}\n`)),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    signal: options.signal ?? new AbortController().signal,
  };
  try {
    return await command.run(args, ctx);
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

/** traceLine is one -x line: start offset, duration, exit status, then the argv as a shell would take it. */
export function traceLine(r: RunRecord, startedAtMs: number): string {
  const status = r.timedOut ? ' timed out' : r.signal !== null ? ` ${r.signal}` : r.exitCode !== 0 ? ` exit ${r.exitCode}` : '';
  return `+ ${(startedAtMs / 1000).toFixed(2)}s ${(r.durationMs / 1000).toFixed(2)}s${status}  ${r.argv.map(shellWord).join(' ')}`;
}

/** shellWord quotes an argument for sh when it needs it. */
function shellWord(a: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`;
}
