import { describe, expect, it } from 'vitest';
import { parseCompilerJson } from '../../src/escape/compiler-json.js';
import { buildEvidence, JsonEvidence } from '../../src/escape/evidence-builder.js';
import { readGolden } from './golden.js';

function evidence(json: JsonEvidence) {
  return buildEvidence({
    goVersion: 'go1.26.8',
    packages: [],
    targetFiles: new Map(),
    json,
    log: null,
    runtimeCalls: [],
    spansOf: () => null,
    qualifierOf: () => null,
    allFiles: true,
    warnings: [],
  });
}

describe('JsonEvidence', () => {
  const text = readGolden('causes.json.go1.26.8.jsonl');
  const full = parseCompilerJson(text, 'causes.json');

  it('tells moved-to-heap from escapes-to-heap by the empty twin, and reads "escapes" records', () => {
    const j = new JsonEvidence(() => true);
    j.add('causes.json', full);
    const ev = evidence(j);
    const kind = (subject: string) => ev.sites.find((s) => s.subject === subject)?.kind;
    expect(kind('x')).toBe('moved-to-heap');
    expect(kind('y')).toBe('moved-to-heap'); // code "escapes"
    expect(kind('a + b + c')).toBe('escapes-to-heap');
    expect(kind('&Registry{...}')).toBe('escapes-to-heap');
  });

  it('replaces a file read while it was still being written', () => {
    const lines = text.split('\n');
    const partial = parseCompilerJson(lines.slice(0, Math.floor(lines.length / 2)).join('\n'), 'causes.json');
    const j = new JsonEvidence(() => true);
    j.add('causes.json', partial);
    j.add('causes.json', full);
    const once = new JsonEvidence(() => true);
    once.add('causes.json', full);
    expect(evidence(j)).toEqual(evidence(once));
  });
});
