import { describe, expect, it } from 'vitest';
import { parseRuntimeCalls, pprofFuncName, RuntimeCallCollector } from '../../src/escape/runtime-calls.js';
import { readGolden } from './golden.js';

describe('runtime allocation calls from real go1.26.8 -S output', () => {
  const calls = parseRuntimeCalls(readGolden('causes.S.go1.26.8.txt'));
  const at = (fn: string) => calls.filter((c) => c.function === `example.com/causes.${fn}`).map((c) => `${c.line} ${c.call}`);

  it('finds the allocations that have no escape diagnostic', () => {
    expect(at('Grow')).toContain('112 runtime.growslice');
    expect(at('LocalGrow')).toEqual(['142 runtime.growslice']);
    expect(at('LocalConcat')).toEqual(['150 runtime.concatstring2']);
    expect(at('LocalMap')).toEqual(expect.arrayContaining(['159 runtime.mapassign_fast64']));
    expect(at('Concat')).toEqual(['119 runtime.concatstring3']);
    expect(at('MakeMap')).toEqual(['124 runtime.makemap_small']);
  });

  it('skips calls that do not allocate', () => {
    expect(at('Boxed')).toEqual(['17 runtime.convT64']);
    expect(calls.some((c) => c.call === 'runtime.morestack_noctxt' || c.call === 'fmt.Fprintln')).toBe(false);
    expect(calls.every((c) => c.reason !== '')).toBe(true);
  });

  it('names generic instantiations as pprof does', () => {
    expect(pprofFuncName('example.com/gen.Map[go.shape.int,go.shape.int]')).toBe('example.com/gen.Map[...]');
    expect(pprofFuncName('p.(*T[go.shape.struct { F int }]).M')).toBe('p.(*T[...]).M');
  });

  it('filters by function and file', () => {
    const c = new RuntimeCallCollector((fn) => fn.endsWith('.Concat'), (file) => file.endsWith('causes.go'));
    for (const l of readGolden('causes.S.go1.26.8.txt').split('\n')) c.push(l);
    expect(c.result().map((x) => x.call)).toEqual(['runtime.concatstring3']);
  });
});
