// trace.e2e.test.ts: -x (as go test -x) prints every command heapsight runs,
// when it started and how long it took, on stderr; the report is unchanged.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceLine } from '../../src/cli/main.js';
import { runCli } from '../support/cli-io.js';

const fixture = resolve('testdata/escape/causes');

describe('-x', () => {
  it('lists the go commands with their start and duration, quoted as sh takes them, and leaves stdout alone', async () => {
    const plain = await runCli(['escape', '--no-cache', '.'], { cwd: fixture });
    const traced = await runCli(['escape', '-x', '--no-cache', '.'], { cwd: fixture });
    expect(traced.code, traced.err).toBe(0);
    expect(traced.out.replace(/\/tmp\/\S+/g, 'TMP')).toBe(plain.out.replace(/\/tmp\/\S+/g, 'TMP'));
    const lines = traced.err.split('\n').filter((l) => l.startsWith('+ '));
    expect(lines.some((l) => /^\+ \d+\.\d\ds \d+\.\d\ds  go version$/.test(l)), traced.err).toBe(true);
    // The diagnostic build (escape leaves test files out: go build), its -gcflags value quoted because it holds spaces.
    expect(lines.some((l) => /^\+ \d+\.\d\ds \d+\.\d\ds  go build -o=\/dev\/null '-gcflags=-json=0,\S+ -m=2 -S' \.$/.test(l)), traced.err).toBe(true);
    expect(plain.err).not.toMatch(/^\+ /m);
  }, 60_000);

  it('words a failed, signalled or timed-out process after its duration', () => {
    const base = { argv: ['go', 'test', "it's"], cwd: '/', env: {}, stdout: '', stderr: '', durationMs: 1500, timedOut: false, signal: null };
    expect(traceLine({ ...base, exitCode: 0 }, 250)).toBe("+ 0.25s 1.50s  go test 'it'\\''s'");
    expect(traceLine({ ...base, exitCode: 1 }, 0)).toBe("+ 0.00s 1.50s exit 1  go test 'it'\\''s'");
    expect(traceLine({ ...base, exitCode: null, signal: 'SIGKILL' }, 0)).toMatch(/ SIGKILL  go/);
    expect(traceLine({ ...base, exitCode: null, signal: 'SIGKILL', timedOut: true }, 0)).toMatch(/ timed out  go/);
  });
});
