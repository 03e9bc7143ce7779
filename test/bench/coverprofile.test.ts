// coverprofile.test.ts reads a real -test.coverprofile (testdata/rules/cover,
// see testdata/rules/README.md) and hostile variants of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockCovers, parseCoverProfile } from '../../src/bench/coverprofile.js';

describe('coverage profiles', () => {
  const real = readFileSync('testdata/rules/cover/BenchmarkKey.cover.out', 'utf8');

  it('reads every block of a real profile: the benchmark ran key once, its error path never', () => {
    const p = parseCoverProfile(real, 'BenchmarkKey.cover.out');
    expect(p.warnings).toEqual([]);
    expect(p.mode).toBe('count');
    expect(p.blocks.length).toBe(real.trim().split('\n').length - 1);
    const src = readFileSync('testdata/rules/rules.go', 'utf8').split('\n');
    const lineOf = (text: string): number => src.findIndex((l) => l.includes(text)) + 1;
    const at = (line: number): number[] => p.blocks.filter((b) => b.file === 'example.com/rules/rules.go' && b.startLine <= line && line <= b.endLine).map((b) => b.count);
    expect(at(lineOf('return fmt.Sprintf("%d", id), nil'))).toEqual([1]);
    expect(at(lineOf('fmt.Errorf("negative id %d", id)'))).toEqual([0]);
  });

  it('holds a position by start inclusive and end exclusive, columns included', () => {
    const b = { startLine: 10, startColumn: 5, endLine: 12, endColumn: 3 };
    expect([blockCovers(b, 10, 4), blockCovers(b, 10, 5), blockCovers(b, 11, 1), blockCovers(b, 12, 2), blockCovers(b, 12, 3)]).toEqual([false, true, true, true, false]);
  });

  it('warns about a malformed line with its position, and keeps the rest', () => {
    const p = parseCoverProfile('mode: atomic\nx.go:1.1,2.2 1 3\ngarbage\nx.go:3.1,4.2 1 0\n', 'bad.out');
    expect(p.mode).toBe('atomic');
    expect(p.blocks.map((b) => b.count)).toEqual([3, 0]);
    expect(p.warnings).toEqual(['bad.out:3: not a coverage block: "garbage"']);
    expect(parseCoverProfile('x.go:1.1,2.2 1 3\n', 'nomode.out').warnings).toEqual(['nomode.out:1: no "mode:" line']);
  });
});
