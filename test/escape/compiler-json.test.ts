import { describe, expect, it } from 'vitest';
import { parseCompilerJson, parseCompilerJsonBytes } from '../../src/escape/compiler-json.js';
import { readGolden } from './golden.js';

describe('parseCompilerJson on real go1.26.8 -json output', () => {
  const causes = parseCompilerJson(readGolden('causes.json.go1.26.8.jsonl'), 'causes.json');

  it('reads the header', () => {
    expect(causes.header?.gcVersion).toBe('go1.26.8');
    expect(causes.header?.package).toBe('example.com/causes');
    expect(causes.header?.file.endsWith('/testdata/escape/causes/causes.go')).toBe(true);
    expect(causes.warnings).toEqual([]);
  });

  it('keeps escape and leak records with 1-based byte positions and their flow', () => {
    const x = causes.records.find((r) => r.code === 'escape' && r.message === 'x escapes to heap')!;
    expect(x.pos.line).toBe(38);
    expect(x.pos.column).toBe(2);
    expect(x.flow.map((f) => f.text)).toEqual(['flow: ~r0 ← &x:', 'from &x (address-of)', 'from return &x (return)']);
    expect(x.flow[1]!.pos).toMatchObject({ line: 39, column: 9 });
    const leak = causes.records.find((r) => r.code === 'leak' && r.message.startsWith('parameter p leaks to {heap}'))!;
    expect(leak.pos).toMatchObject({ line: 82, column: 11 });
  });

  it('keeps the empty twin that marks a non-name escape', () => {
    const twins = causes.records.filter((r) => r.code === 'escape' && r.message === '' && r.pos.line === 119);
    expect(twins).toHaveLength(1);
  });

  it('attaches inlineLoc entries to the diagnostic or to the flow step they follow', () => {
    const boxed = causes.records.find((r) => r.message === 'n escapes to heap')!;
    const call = boxed.flow.find((f) => f.text.includes('fmt.Fprintln'))!;
    expect(call.inline.map((p) => p.file.endsWith('/fmt/print.go'))).toEqual([true]);
    const inl = parseCompilerJson(readGolden('inlined.json.go1.26.8.jsonl'), 'inlined.json');
    const store = inl.records.find((r) => r.code === 'escape' && r.pos.line === 23)!;
    // range = outermost (the call in Store); the inlineLoc = innermost (p's declaration in newPoint).
    expect(store.pos).toMatchObject({ line: 23, column: 17 });
    expect(store.inline).toHaveLength(1);
    expect(store.inline[0]).toMatchObject({ line: 11, column: 2 });
  });

  it('skips codes it does not model and counts codes it does not know', () => {
    const text = [
      '{"version":0,"package":"p","goos":"linux","goarch":"amd64","gc_version":"go1.26.8","file":"/p/a.go"}',
      '{"range":{"start":{"line":3,"character":2},"end":{"line":3,"character":2}},"severity":3,"code":"nilcheck","source":"go compiler","message":""}',
      '{"range":{"start":{"line":4,"character":2},"end":{"line":4,"character":2}},"severity":3,"code":"newThing","source":"go compiler","message":"x"}',
      '{"range":{"start":{"line":5,"character":2},"end":{"line":5,"character":2}},"severity":3,"code":"escape","source":"go compiler","message":"x escapes to heap","relatedInformation":[{"location":{"uri":"file:///p/a.go","range":{"start":{"line":6',
    ].join('\n');
    const r = parseCompilerJson(text, 'a.json');
    expect(r.records).toEqual([]);
    expect(r.warnings.join('\n')).toMatch(/a\.json:4: malformed JSON diagnostic \(truncated file\?\)/);
    expect(r.warnings.join('\n')).toMatch(/newThing \(1\)/);
  });

  it('says "not a -json file" rather than crashing on other text', () => {
    const r = parseCompilerJson('# example.com/p\n./a.go:1:1: moved to heap: x\n', 'x.json');
    expect(r.header).toBeNull();
    expect(r.warnings[0]).toMatch(/not a compiler -json header/);
  });

  it('reads bytes on the fast path exactly as JSON.parse does', () => {
    for (const name of ['causes.json.go1.26.8.jsonl', 'inlined.json.go1.26.8.jsonl']) {
      const text = readGolden(name);
      expect(parseCompilerJsonBytes(Buffer.from(text, 'utf8'), name)).toEqual(parseCompilerJson(text, name));
    }
    // Non-ASCII in paths and messages survives the latin1 round trip; an unexpected shape takes the slow path.
    const odd = [
      '{"version":0,"package":"p","goos":"linux","goarch":"amd64","gc_version":"go1.26.8","file":"/p/café.go"}',
      '{"range":{"start":{"line":8,"character":38},"end":{"line":8,"character":38}},"severity":3,"code":"escape","source":"go compiler","message":"n escapes to heap","relatedInformation":[{"location":{"uri":"file:///p/caf%C3%A9.go","range":{"start":{"line":8,"character":38},"end":{"line":8,"character":38}}},"message":"escflow:    flow: {heap} ← \u0026{storage for n}:"}]}',
      '{"severity":3,"range":{"start":{"line":9,"character":1},"end":{"line":9,"character":1}},"code":"leak","source":"go compiler","message":"parameter p leaks to {heap} with derefs=0"}',
      '{"range":{"start":{"line":10,"character":1},"end":{"line":10,"character":1}},"severity":3,"code":"escape","source":"go compiler","message":"x escapes',
    ].join('\n');
    const fast = parseCompilerJsonBytes(Buffer.from(odd, 'utf8'), 'odd.json');
    expect(fast).toEqual(parseCompilerJson(odd, 'odd.json'));
    expect(fast.records[0]!.flow[0]).toMatchObject({ text: 'flow: {heap} ← &{storage for n}:', pos: { file: '/p/café.go' } });
    expect(fast.records[1]!.message).toBe('parameter p leaks to {heap} with derefs=0');
    expect(fast.warnings).toEqual(['odd.json:4: malformed JSON diagnostic (truncated file?)']);
  });
});
