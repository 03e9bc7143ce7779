// cli-io.ts is the one fake terminal for in-process CLI tests: a CliIO that
// keeps everything a command writes, readable as text or as the exact bytes
// (binary outputs such as `export --format pprof -o -` must not be decoded).
import type { CliIO } from '../../src/cli/command.js';
import { main, type MainOptions } from '../../src/cli/main.js';

/** FakeIOOptions sets what the fake terminal claims to be; defaults: no TTYs, 100 columns. */
export interface FakeIOOptions {
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  readonly columns?: number;
}

/** FakeIO is a CliIO that records stdout and stderr across every call made with it. */
export interface FakeIO extends CliIO {
  /** out is everything written to stdout so far, decoded as UTF-8. */
  out(): string;
  /** err is everything written to stderr so far. */
  err(): string;
  /** bytes is everything written to stdout so far, undecoded. */
  bytes(): Buffer;
}

/** fakeIO returns a fresh FakeIO. It is a plain object of closures, so `{ ...io }` is still a working CliIO. */
export function fakeIO(opts: FakeIOOptions = {}): FakeIO {
  const stdout: Buffer[] = [];
  let stderr = '';
  // Chunks are joined before decoding, so a UTF-8 sequence split across two writes still reads back whole.
  const bytes = (): Buffer => Buffer.concat(stdout);
  return {
    stdout: (t) => void stdout.push(typeof t === 'string' ? Buffer.from(t, 'utf8') : Buffer.from(t)),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
    stderrIsTTY: opts.stderrIsTTY ?? false,
    columns: opts.columns ?? 100,
    out: () => bytes().toString('utf8'),
    err: () => stderr,
    bytes,
  };
}

/** CliRun is one in-process heapsight invocation: exit code and what it wrote. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly bytes: Buffer;
}

/** runCli calls main(argv) with a fresh FakeIO; opts carry both the terminal's shape and main's options. */
export async function runCli(argv: readonly string[], opts: FakeIOOptions & MainOptions = {}): Promise<CliRun> {
  const { stdoutIsTTY, stderrIsTTY, columns, ...mainOptions } = opts;
  const io = fakeIO({ stdoutIsTTY, stderrIsTTY, columns });
  const code = await main(argv, io, mainOptions);
  return { code, out: io.out(), err: io.err(), bytes: io.bytes() };
}
