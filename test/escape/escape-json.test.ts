// The JSON renderer streams its document in pieces; the bytes must equal one JSON.stringify.
import { describe, expect, it } from 'vitest';
import { parseCompilerJson } from '../../src/escape/compiler-json.js';
import { buildEvidence, JsonEvidence } from '../../src/escape/evidence-builder.js';
import { escapeJson, escapeJsonChunks, renderEscapeJson } from '../../src/render/escape-json.js';
import { readGolden } from './golden.js';

function causesEvidence() {
  const json = new JsonEvidence(() => true);
  json.add('causes.json', parseCompilerJson(readGolden('causes.json.go1.26.8.jsonl'), 'causes.json'));
  return buildEvidence({
    goVersion: 'go1.26.8',
    packages: [{ importPath: 'example.com/causes', dir: '/src/causes' }],
    targetFiles: new Map(),
    json,
    log: null,
    runtimeCalls: [{ file: '/src/causes/causes.go', line: 142, function: 'example.com/causes.LocalGrow', call: 'runtime.growslice', reason: 'append grows the slice' }],
    spansOf: () => null,
    qualifierOf: () => null,
    allFiles: true,
    warnings: ['a warning'],
  });
}

describe('escapeJsonChunks', () => {
  it('yields exactly JSON.stringify(escapeJson(...), null, 2), with --all and without', () => {
    const ev = causesEvidence();
    expect(ev.sites.length).toBeGreaterThan(10);
    for (const all of [true, false]) {
      const whole = JSON.stringify(escapeJson(ev, all), null, 2) + '\n';
      expect(renderEscapeJson(ev, all)).toBe(whole);
      expect([...escapeJsonChunks(ev, all)].length).toBeGreaterThan(ev.sites.length / 2);
    }
  });

  it('writes empty arrays as [] like JSON.stringify', () => {
    const ev = { ...causesEvidence(), sites: [], runtimeCalls: [], inlining: [], warnings: [] };
    expect(renderEscapeJson(ev, true)).toBe(JSON.stringify(escapeJson(ev, true), null, 2) + '\n');
  });
});
