// cli-io.ts is a fake CliIO for in-process CLI tests of the compare command.
import type { CliIO } from '../../src/cli/command.js';

/** FakeIO collects what a command writes. */
export interface FakeIO extends CliIO {
  readonly out: string[];
  readonly err: string[];
}

/** fakeIO returns a CliIO that records stdout and stderr. */
export function fakeIO(): FakeIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(typeof t === 'string' ? t : new TextDecoder().decode(t)),
    stderr: (t) => void err.push(t),
    stderrIsTTY: false,
    stdoutIsTTY: false,
    columns: 100,
  };
}
