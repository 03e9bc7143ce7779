// process.test.ts holds the live runner to its hygiene: lines split in linear
// time with long ones capped, UTF-8 kept whole across reads, the process
// group reaped when the process exits (grandchildren included), and the run
// ended by the process's exit, not by whoever still holds its pipes.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINE_CHARS, ELISION, LineSplitter } from '../../src/line-splitter.js';
import { liveRunner } from '../../src/toolchain/process.js';
import { pidsOf } from '../support/procs.js';

/** A sleep duration no other test uses, so /proc tells our orphans apart. */
const tag = (): string => String(700_000 + Math.floor(Math.random() * 99_999));

describe('LineSplitter', () => {
  it('splits across chunks, drops a trailing CR, emits an unterminated last line at end()', () => {
    const got: string[] = [];
    const s = new LineSplitter((l) => got.push(l));
    for (const c of ['ab', 'c\r\nde', 'f\n\n', 'g']) s.push(c);
    s.end();
    expect(got).toEqual(['abc', 'def', '', 'g']);
  });

  it('100 MB without a newline: linear time, head and tail kept, the middle counted', () => {
    const got: { line: string; elided: number }[] = [];
    const s = new LineSplitter((line, elided) => got.push({ line, elided }));
    const chunk = 'y'.repeat(64 * 1024);
    const started = performance.now();
    s.push('BenchmarkX-2 \t');
    for (let i = 0; i < 1600; i++) s.push(chunk);
    s.push('     100\t  5 ns/op\nnext\n');
    const ms = performance.now() - started;
    expect(got.map((g) => g.line.slice(0, 14))).toEqual(['BenchmarkX-2 \t', 'next']);
    const long = got[0]!;
    expect(long.line.endsWith('yy     100\t  5 ns/op')).toBe(true);
    expect(long.line).toContain(ELISION);
    expect(long.line.length).toBe(DEFAULT_MAX_LINE_CHARS + ELISION.length);
    expect(long.elided + DEFAULT_MAX_LINE_CHARS).toBe('BenchmarkX-2 \t'.length + 1600 * chunk.length + '     100\t  5 ns/op'.length);
    // The old splitter re-split its growing remainder on every chunk: 108 s for this.
    expect(ms).toBeLessThan(3000);
  });
});

describe('liveRunner', () => {
  it('keeps a UTF-8 character whole when it is split across two reads', async () => {
    const lines: string[] = [];
    const r = await liveRunner.run({ argv: ['sh', '-c', "printf '\\303'; sleep 0.2; printf '\\251t\\n'"], cwd: '/', onStdoutLine: (l) => lines.push(l) });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('ét\n');
    expect(lines).toEqual(['ét']);
  });

  it('reaps the process group when the process exits: no orphan survives it', async () => {
    const t = tag();
    const r = await liveRunner.run({ argv: ['sh', '-c', `sleep ${t} >/dev/null 2>&1 & echo started`], cwd: '/' });
    expect(r.stdout).toBe('started\n');
    await new Promise((res) => setTimeout(res, 100));
    expect(pidsOf(['sleep', t])).toEqual([]);
  });

  it('ends the run at exit when a grandchild holds the pipes (same group: killed at once)', async () => {
    const t = tag();
    const started = performance.now();
    const r = await liveRunner.run({ argv: ['sh', '-c', `sleep ${t} & echo done`], cwd: '/', timeoutMs: 60_000 });
    expect(r.stdout).toBe('done\n');
    expect(r.timedOut).toBe(false);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(pidsOf(['sleep', t])).toEqual([]);
  });

  it('ends the run after a short grace when a holder escaped the group (setsid)', async () => {
    const t = tag();
    const started = performance.now();
    try {
      // The pause lets setsid leave the group before sh exits and the group is reaped.
      const r = await liveRunner.run({ argv: ['sh', '-c', `setsid sleep ${t} & sleep 0.3; echo done`], cwd: '/', timeoutMs: 60_000 });
      expect(r.stdout).toBe('done\n');
      expect(r.exitCode).toBe(0);
      expect(pidsOf(['sleep', t]).length).toBe(1);
      // Not reaped, still holding the pipes: the run ends after the grace, not when it lets go.
      const ms = performance.now() - started;
      expect(ms).toBeGreaterThan(1000);
      expect(ms).toBeLessThan(5000);
    } finally {
      for (const pid of pidsOf(['sleep', t])) process.kill(pid, 'SIGKILL');
    }
  });
});
