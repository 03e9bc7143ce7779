// command.ts defines what a heapsight sub-command is and how its flags are read.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import type { Runner } from '../toolchain/process.js';

/** CliIO is the only path to the user's terminal. Stdout carries report data; stderr progress and warnings. */
export interface CliIO {
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  readonly stderrIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  /** Terminal width for tables; 100 when unknown. */
  readonly columns: number;
}

/** CommandContext is what every command receives. */
export interface CommandContext {
  readonly io: CliIO;
  readonly runner: Runner;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C; long loops should check it. */
  readonly signal: AbortSignal;
}

/** Command is one `heapsight NAME` sub-command. run returns the exit code (0, 1 or 2). */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], ctx: CommandContext): Promise<number>;
}

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * parseFlags reads argv with node's parseArgs, accepting Go's spellings too:
 * `-bench=X` and `-sample_index=alloc_space` mean `--bench=X` and
 * `--sample-index=alloc_space`, so flags copied from `go test` or
 * `go tool pprof` work as they are. Errors become UsageError (exit 2).
 */
export function parseFlags<T extends FlagSpec>(
  args: readonly string[],
  options: T,
  usage: string,
): { values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>['values']; positionals: string[] } {
  const longNames = new Set(Object.keys(options));
  const normalized: string[] = [];
  let afterDashDash = false;
  for (const a of args) {
    if (afterDashDash || a === '-' || !a.startsWith('-')) {
      normalized.push(a);
      if (a === '--') afterDashDash = true;
      continue;
    }
    const dashes = a.startsWith('--') ? 2 : 1;
    const body = a.slice(dashes);
    const eq = body.indexOf('=');
    const rawName = eq >= 0 ? body.slice(0, eq) : body;
    const name = rawName.replace(/_/g, '-');
    const rest = eq >= 0 ? body.slice(eq) : '';
    if (dashes === 1 && rawName.length === 1) {
      normalized.push(a);
    } else if (longNames.has(name)) {
      normalized.push(`--${name}${rest}`);
    } else {
      normalized.push(a);
    }
  }
  try {
    const parsed = parseArgs({ args: normalized, options, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/\. To specify a positional.*$/s, '') : String(e);
    throw new UsageError(msg, `usage: ${usage}`);
  }
}

/** oneOf checks an enum-valued flag. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

/** intFlag reads an integer flag ≥ min (default 1); an absent flag gives fallback. */
export function intFlag(flag: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer ≥ ${min} (got ${JSON.stringify(value)})`);
  return n;
}
