// The labelled-cause fixture: every line of testdata/escape/labelled marked
// "// want: KIND[, KIND]" gets exactly those causes from the real go1.26.8
// output (goldens; see testdata/escape/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSES, type CauseKind } from '../../src/escape/escape-cause.js';
import type { CompilerEvidence } from '../../src/escape/model.js';
import { causeViolations } from './cause-property.js';
import { fixtureEvidence, testdata } from './golden.js';
import { causeText, causeTitle } from '../support/cause-words.js';

const file = join(testdata, 'labelled', 'labelled.go');
const source = readFileSync(file, 'utf8').split('\n');

/** labels maps a 1-based line to the causes its "// want:" comment names, sorted. */
const labels = new Map<number, string[]>();
source.forEach((text, k) => {
  // Comment lines (the package doc) describe the marks; they are not marks.
  const m = text.trimStart().startsWith('//') ? null : /\/\/ want: (.+)$/.exec(text);
  if (m) labels.set(k + 1, m[1]!.split(',').map((s) => s.trim()).sort());
});

/** lineOf finds the one line holding snippet. */
function lineOf(snippet: string): number {
  const lines = source.flatMap((t, k) => (t.includes(snippet) ? [k + 1] : []));
  if (lines.length !== 1) throw new Error(`${snippet}: ${lines.length} lines`);
  return lines[0]!;
}

/** causesAt: the causes of the escape and leak decisions at each line, or stays-on-stack for a line with "does not escape" only. */
function causesAt(ev: CompilerEvidence): Map<number, string[]> {
  const byLine = new Map<number, { heap: string[]; stays: number }>();
  for (const s of ev.sites) {
    if (s.pos.file !== file) continue;
    const e = byLine.get(s.pos.line) ?? { heap: [], stays: 0 };
    if (s.kind === 'does-not-escape') e.stays++;
    else e.heap.push(s.cause.kind);
    byLine.set(s.pos.line, e);
  }
  const out = new Map<number, string[]>();
  for (const [line, e] of byLine) out.set(line, e.heap.length > 0 ? e.heap.sort() : ['stays-on-stack']);
  return out;
}

describe('labelled causes (testdata/escape/labelled: one line per cause kind, and the traps)', () => {
  const full = fixtureEvidence('labelled', { log: true, asm: true });
  const got = causesAt(full);

  it('labels every line that has an escape or leak decision', () => {
    const unlabelled = [...got].filter(([line, kinds]) => !labels.has(line) && kinds[0] !== 'stays-on-stack');
    expect(unlabelled).toEqual([]);
    expect(labels.size).toBeGreaterThan(30);
  });

  it('gives every labelled line exactly its causes (-json, -m=2 and -S)', () => {
    const wrong = [...labels].filter(([line, want]) => JSON.stringify(got.get(line) ?? []) !== JSON.stringify(want));
    expect(wrong.map(([line, want]) => `${line}: want ${want.join(', ')}, got ${(got.get(line) ?? ['nothing']).join(', ')}: ${source[line - 1]!.trim()}`)).toEqual([]);
  });

  it('covers every cause kind go1.26 gives with a full build', () => {
    const labelled = new Set([...labels.values()].flat());
    // non-constant-size: gone since go1.25 (a stack buffer with a makeslice fallback); unexplained: only when no flow was collected.
    const missing = (Object.keys(CAUSES) as CauseKind[]).filter((k) => !labelled.has(k));
    expect(missing.sort()).toEqual(['non-constant-size', 'unexplained']);
  });

  it('cites only steps the flow holds, and boxing only with evidence of a boxing conversion', () => {
    expect(causeViolations(full)).toEqual([]);
    const boxes = full.sites.filter((s) => s.cause.kind === 'interface-conversion');
    expect(boxes.map((s) => `${s.pos.line} ${s.cause.box?.source}`)).toEqual([
      `${lineOf('sink = n //')} runtime-call`,
      `${lineOf('sink = pair{a, b}')} runtime-call`,
      `${lineOf('fmt.Println(n)')} runtime-call`,
      // The parameter's leak flows into {storage for s} through "interface-converted".
      `${lineOf('panic(s)')} flow`,
      `${lineOf('fmt.Println([]byte(s))')} flow`,
    ]);
  });

  const at = (snippet: string, subject?: string) => {
    const line = lineOf(snippet);
    const s = full.sites.filter((x) => x.pos.line === line && x.kind !== 'does-not-escape' && (subject === undefined || x.subject === subject));
    if (s.length !== 1) throw new Error(`${snippet}: ${s.length} sites`);
    return s[0]!;
  };

  it('tells a conversion stored in a returned struct by the struct, with no interface in the story', () => {
    const conv = at('buf: []byte(input)');
    expect(causeText(conv.cause)).toBe(
      `([]byte)(input) escapes to the heap because it is stored in &Iterator{...} (line ${lineOf('buf: []byte(input)') - 1}), which itself escapes: &Iterator{...} escapes to the heap because it is returned (line ${lineOf('return &Iterator{')}).`,
    );
    expect(conv.cause.via).toEqual({ subject: '&Iterator{...}', kind: 'returned' });
    expect(conv.flow.some((f) => f.reason === 'interface-converted')).toBe(false);
  });

  it('gives a pointer converted to an interface no box and no "own memory" text', () => {
    for (const snippet of ['reader = &benchReadBuf{}', 'fmt.Println(&benchReadBuf{})']) {
      const s = at(snippet);
      expect(s.cause.kind).not.toBe('interface-conversion');
      expect(causeText(s.cause)).toMatch(/converted to an interface on the way \(line \d+\), which allocates nothing for it/);
      expect(causeText(s.cause)).not.toMatch(/own memory/);
      expect(s.cause.steps.map((c) => c.reason)).toContain('interface-converted');
    }
    expect(causeText(at('reader = &benchReadBuf{}').cause)).toMatch(/^&benchReadBuf\{\} escapes to the heap because it is assigned to a global or heap object: reader = &benchReadBuf\{\} \(line \d+\); /);
  });

  it('names the runtime call that boxes, and where the box goes', () => {
    expect(causeText(at('fmt.Println(n)').cause)).toMatch(
      new RegExp(`^n escapes to the heap because it is converted to an interface \\(line ${lineOf('fmt.Println(n)')}, runtime\\.convT64\\) and passed to fmt\\.Fprintln \\(print\\.go:\\d+\\), which keeps it\\.$`),
    );
    expect(causeText(at('panic(s)').cause)).toMatch(/^s escapes to the heap because it is converted to an interface \(line \d+\) and passed to panic \(line \d+\), which keeps it\.$/);
    expect(causeText(at('func Panics(s string)').cause)).toMatch(/^parameter s leaks because it is stored in the interface it is converted to \(line \d+\), which itself escapes: s escapes to the heap because it is converted/);
  });

  it('tells a capture by value from one by reference', () => {
    expect(causeText(at('c := 0').cause)).toMatch(/a closure captures it by reference/);
    expect(causeText(at('func CapturedValue(').cause)).toMatch(/a closure captures its value/);
  });

  it('-json only: boxing shown by -S alone falls back to the cause the flow gives; boxing shown by another flow stays', () => {
    const jsonOnly = causesAt(fixtureEvidence('labelled', { log: false }));
    const want = new Map(labels);
    want.set(lineOf('sink = n //'), ['global-or-heap-assign']);
    want.set(lineOf('sink = pair{a, b}'), ['global-or-heap-assign']);
    want.set(lineOf('fmt.Println(n)'), ['leaky-callee']);
    // "does not escape" is text-only.
    for (const [line, kinds] of want) if (kinds[0] === 'stays-on-stack') want.delete(line);
    expect([...jsonOnly].filter(([line]) => labels.has(line)).sort((a, b) => a[0] - b[0])).toEqual([...want].sort((a, b) => a[0] - b[0]));
    expect(causeViolations(fixtureEvidence('labelled', { log: false }))).toEqual([]);
  });
});
