import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { noteText } from '../../src/render/cause-words.js';
import { parseEscapeLog, type LogDecision, type LogExplanation } from '../../src/escape/escape-log.js';
import { evidenceFromLog } from '../../src/escape/from-log.js';
import { readGolden } from './golden.js';
import { causeText, causeTitle } from '../support/cause-words.js';

const decisions = (text: string, base = '/src') =>
  parseEscapeLog(text, { base }).records.filter((r): r is LogDecision => r.type === 'decision');

describe('parseEscapeLog on real go1.26.8 -m=2 output', () => {
  const log = parseEscapeLog(readGolden('causes.m2.go1.26.8.txt'), { base: '/src/causes', origin: 'causes.m2' });

  it('recognises every line', () => {
    expect(log.unknown).toEqual([]);
    expect(log.warnings).toEqual([]);
    expect(log.packages).toEqual(['example.com/causes']);
  });

  it('reads each decision family with its position resolved against the base', () => {
    const byKind = new Map<string, string[]>();
    for (const d of log.records) if (d.type === 'decision') byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d.subject]);
    expect(byKind.get('moved-to-heap')).toEqual(expect.arrayContaining(['count', 'm', 'x', 'y', 'big', 'v', 'z', 'w', 'q']));
    expect(byKind.get('leaking-param')).toEqual(['p']);
    expect(byKind.get('leaking-param-content')).toEqual(expect.arrayContaining(['list', 'pp']));
    expect(byKind.get('leaks-to-result')).toEqual(expect.arrayContaining(['list', 'p', 's']));
    expect(byKind.get('does-not-escape')).toEqual(expect.arrayContaining(['m', 'ch', 'xs', 'make([]int, n)']));
    const x = log.records.find((r) => r.type === 'decision' && r.subject === 'x')!;
    expect((x as LogDecision).pos).toEqual({ file: '/src/causes/causes.go', line: 38, column: 2 });
  });

  it('reads go1.26 explanation headers ("in F", "for F") and Unicode-arrow flows', () => {
    const e = log.records.find((r): r is LogExplanation => r.type === 'explanation' && r.subject === 'm' && r.family === 'escape')!;
    expect(e.func).toBe('NewRegistry');
    expect(e.flow.map((f) => f.reason)).toEqual([null, 'address-of', 'struct literal element']);
    expect(e.flow[0]!.text).toBe('flow: {storage for &Registry{...}} ← &m:');
    expect(e.flow[1]!.pos).toEqual({ file: '/src/causes/causes.go', line: 32, column: 20 });
    const leak = log.records.find((r): r is LogExplanation => r.type === 'explanation' && r.family === 'leak' && r.subject === 'pp')!;
    expect(leak).toMatchObject({ func: 'Content', sink: '{heap}', derefs: 1 });
  });

  it('reads inlining decisions with costs and reasons', () => {
    const inl = log.records.filter((r) => r.type === 'inline').map((r) => (r.type === 'inline' ? r.decision : null)!);
    expect(inl.find((d) => d.function === 'Boxed')).toMatchObject({ kind: 'can-inline', cost: 78 });
    expect(inl.find((d) => d.function === 'keep')).toMatchObject({ kind: 'cannot-inline', reason: 'marked go:noinline' });
    expect(inl.find((d) => d.kind === 'inlined-call')).toMatchObject({ function: 'fmt.Println' });
  });

  it("keeps each site's flow from the text (a pasted log has no -json)", () => {
    const ev = evidenceFromLog(readGolden('causes.m2.go1.26.8.txt'), { base: '/src/causes' });
    const m = ev.sites.find((s) => s.subject === 'm' && s.kind === 'moved-to-heap')!;
    expect(m.flow.map((f) => f.reason)).toEqual([null, 'address-of', 'struct literal element']);
    const heap = ev.sites.filter((s) => s.kind === 'moved-to-heap' || s.kind === 'escapes-to-heap');
    expect(heap.filter((s) => s.flow.length === 0).map((s) => s.message)).toEqual([]);
  });
});

describe('parseEscapeLog on plain -m output (go1.26.8)', () => {
  it('reads decisions without explanations', () => {
    const ds = decisions(readGolden('causes.m1.go1.26.8.txt'));
    expect(ds.find((d) => d.subject === 'x')?.kind).toBe('moved-to-heap');
    const ev = evidenceFromLog(readGolden('causes.m1.go1.26.8.txt'), { base: '/src' });
    const x = ev.sites.find((s) => s.subject === 'x')!;
    expect(x.cause.kind).toBe('unexplained');
    expect(x.function).toBe('');
  });
});

describe('parseEscapeLog on the go1.19 format (constructed from FACTS.md, see testdata/escape/README.md)', () => {
  const text = readGolden('article.m2.go1.19-constructed.txt');
  const log = parseEscapeLog(text, { base: '/w' });

  it('reads "=" flows, headers without "in F" and bodies after "inlining call to"', () => {
    expect(log.unknown).toEqual([]);
    const p = log.records.find((r): r is LogExplanation => r.type === 'explanation' && r.subject === 'p')!;
    expect(p).toMatchObject({ family: 'leak', func: null, sink: '{heap}', derefs: 0 });
    expect(p.flow.map((f) => f.text)).toEqual(['flow: {heap} = p:', 'from sink = p (assign)']);
    const inl = log.records.find((r) => r.type === 'inline' && r.decision.kind === 'inlined-call');
    expect(inl?.type === 'inline' && inl.decision.function).toBe('processWithMapPtr');
  });

  it('marks explanations the compiler truncated', () => {
    const a = log.records.find((r): r is LogExplanation => r.type === 'explanation' && r.subject === 'a')!;
    expect(a.truncated).toBe(true);
  });

  it('classifies the causes of the go1.19 sites', () => {
    const ev = evidenceFromLog(text, { base: '/w' });
    const cause = (subject: string, kind: string) => ev.sites.find((s) => s.subject === subject && s.kind === kind)?.cause.kind;
    expect(cause('m', 'moved-to-heap')).toBe('leaky-callee');
    expect(causeText(ev.sites.find((s) => s.subject === 'm' && s.kind === 'moved-to-heap')!.cause)).toMatch(/passed to bySyncMap \(line 39\)/);
    // Without -S nothing shows that v is boxed: the flow says where its storage goes (m.Store).
    expect(cause('v', 'escapes-to-heap')).toBe('leaky-callee');
    // With the -S listing pasted along, runtime.convT64 on v's line (the only allocation there) shows the box.
    const withAsm = evidenceFromLog(`${text}\n"".bySyncMap STEXT size=120 args=0x10 locals=0x38 funcid=0x0\n\t0x0012 00018 (/w/maps.go:45)\tCALL\truntime.convT64(SB)\n`, { base: '/w' });
    const v = withAsm.sites.find((s) => s.subject === 'v' && s.kind === 'escapes-to-heap')!;
    expect(v.cause).toMatchObject({ kind: 'interface-conversion', box: { source: 'runtime-call', call: 'runtime.convT64', file: '/w/maps.go', line: 45 } });
    expect(causeText(v.cause)).toBe('v escapes to the heap because it is converted to an interface (line 45, runtime.convT64) and passed to m.Store (line 45), which keeps it.');
    expect(cause('x', 'moved-to-heap')).toBe('address-returned');
    expect(cause('p', 'leaking-param')).toBe('global-or-heap-assign');
    expect(cause('m', 'does-not-escape')).toBe('stays-on-stack');
    // go1.19 still reported non-constant make sizes; go1.25+ uses a stack buffer with a makeslice fallback.
    expect(cause('make([]int, n)', 'escapes-to-heap')).toBe('non-constant-size');
    expect(ev.sites.find((s) => s.subject === 'a')!.notes.map((n) => noteText(en, n)).join(' ')).toMatch(/truncated/);
  });
});

describe('bad logs', () => {
  it('warns about flow lines cut from their header (truncated log) instead of crashing', () => {
    const lines = readGolden('causes.m2.go1.26.8.txt').split('\n');
    const cut = lines.findIndex((l) => l.includes('x escapes to heap in Returned:'));
    const truncated = lines.slice(cut + 1).join('\n');
    const log = parseEscapeLog(truncated, { base: '/src' });
    expect(log.warnings.join('\n')).toMatch(/3 explanation line\(s\) did not follow their header/);
    expect(log.records.some((r) => r.type === 'decision' && r.subject === 'x' && r.kind === 'moved-to-heap')).toBe(true);
  });

  it('keeps interleaved packages apart by position', () => {
    const a = ['# a', './a.go:3:2: x escapes to heap in F:', './a.go:3:2:   flow: {heap} ← &x:'];
    const b = ['./b.go:7:2: y escapes to heap in G:', './b.go:7:2:   flow: ~r0 ← &y:'];
    const mixed = [a[0], a[1], b[0], a[2], b[1], './a.go:3:2:     from &x (address-of) at ./a.go:4:9'].join('\n');
    const log = parseEscapeLog(mixed, { base: '/w' });
    const y = log.records.find((r): r is LogExplanation => r.type === 'explanation' && r.subject === 'y')!;
    expect(y.flow.map((f) => f.text)).toEqual(['flow: ~r0 ← &y:']);
    expect(log.warnings.join('\n')).toMatch(/2 explanation line\(s\) did not follow/);
  });

  it('keeps unknown message families raw and counts them', () => {
    const text = ['# p', './p.go:1:1: moved to heap: x', './p.go:2:2: some future diagnostic: 42', 'random noise', './p.go:3:3: y capturing by ref: y (addr=false assign=true width=8)'].join('\n');
    const log = parseEscapeLog(text, { origin: 'paste' });
    expect(log.unknown).toEqual(['./p.go:2:2: some future diagnostic: 42', 'random noise']);
    expect(log.warnings).toEqual([expect.stringMatching(/^paste: 2 line\(s\) of a form heapsight does not know were kept raw/)]);
  });

  it('accepts CRLF logs and paths with no base', () => {
    const r = parseEscapeLog('./p.go:4:2: moved to heap: x\r\n').records[0]!;
    expect(r.type === 'decision' && r.pos).toEqual({ file: './p.go', line: 4, column: 2 });
  });
});

describe('parseEscapeLog on leaks into allocation storage (go1.26.8, testdata/escape/storage)', () => {
  it('reads the braced sink with its spaces and inner braces, and the function after it', () => {
    const log = parseEscapeLog(readGolden('storage.m2.go1.26.8.txt'), { base: '/x', origin: 'storage.m2' });
    const leaks = log.records.filter((r): r is LogExplanation => r.type === 'explanation' && r.family === 'leak');
    expect(leaks.map((r) => [r.pos.line, r.subject, r.sink, r.func, r.derefs])).toEqual([
      [13, 'scratch', '{storage for &lineReader{...}}', 'newLineReader', 0],
      [20, 'b', '{storage for &lineReader{...}}', 'Register', 0],
      [26, 'b', '{storage for &lineReader{...}}', 'Use', 0],
      [31, 'b', '{heap}', 'Two', 0],
      [31, 'b', '{storage for &lineReader{...}}', 'Two', 0],
      [39, 'p', '{heap}', 'Mixed', 1],
      [39, 'p', '{storage for &lineReader{...}}', 'Mixed', 0],
    ]);
    expect(log.warnings.filter((w) => /kept raw/.test(w))).toEqual([]);
  });
});
