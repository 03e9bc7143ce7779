// escape-log-fuzz.test.ts mutates real compiler logs (-m, -m=2, -S from
// go1.26.8 and the article's go1.19 log) with fast-check, line by line and
// character by character, and holds `escape --from-log`'s reader to its
// contract: evidence or warnings for any text, never an exception, never a
// hang, and a text and JSON rendering of whatever it read. 10k logs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { evidenceFromLog } from '../../src/escape/from-log.js';
import { escapeJsonChunks } from '../../src/render/escape-json.js';
import { renderEscapeText } from '../../src/render/escape-text.js';

const dir = join(import.meta.dirname, '../../testdata/escape/golden');
const seeds = ['causes.m2.go1.26.8.txt', 'causes.m1.go1.26.8.txt', 'inlined.m2.go1.26.8.txt', 'inlinedclosure.m2.go1.26.8.txt', 'namedsink.m2.go1.26.8.txt', 'storage.m2.go1.26.8.txt', 'article.m2.go1.19-constructed.txt', 'causes.S.go1.26.8.txt'].map(
  (f) => readFileSync(join(dir, f), 'utf8').split('\n'),
);

type Edit =
  | { kind: 'delete' | 'duplicate' | 'truncate' | 'crlf'; at: number; n: number }
  | { kind: 'insert' | 'splice'; at: number; n: number; text: string }
  | { kind: 'swap'; at: number; n: number };

const fragment = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    './x.go:1:1: ',
    './x.go:99999999999999999999:1: moved to heap: x',
    'x.go:-1:-1: leaking param: p',
    '\tflow: {heap} ← &x:',
    '\t  from &x (address-of) at ./x.go:3:9',
    'warning: truncated explanation due to assignment cycle',
    '# example.com/x',
    ':::: escapes to heap',
    'parameter p leaks to {storage for &T{...}} with derefs=-5:',
    'parameter p leaks to ~r0 with derefs=99999999999:',
    'can inline f with cost 9999999999999999 as: func() {}',
    '\t0x0000 00000 (/x.go:1)\tCALL\truntime.newobject(SB)',
    'main.f STEXT size=99 args=0x0 locals=0x0 funcid=0x0 align=0x0',
    '\u0000\u001b[31m\r',
    '(',
    ')'.repeat(50),
    '{'.repeat(40),
    'inlining call to ' + 'a.'.repeat(200) + 'f',
  ),
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'truncate' as const, 'crlf' as const, 'swap' as const), at: fc.nat(), n: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constantFrom('insert' as const, 'splice' as const), at: fc.nat(), n: fc.nat({ max: 200 }), text: fragment }),
);

/** window keeps the cases small (a few dozen lines of one seed), so 10k of them run in seconds. */
function apply(seed: readonly string[], start: number, len: number, edits: readonly Edit[]): string {
  const from = start % seed.length;
  let lines = seed.slice(from, from + len);
  for (const e of edits) {
    if (lines.length === 0) lines = [''];
    const i = e.at % lines.length;
    const l = lines[i]!;
    switch (e.kind) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, l);
        break;
      case 'truncate':
        lines[i] = l.slice(0, e.n % (l.length + 1));
        break;
      case 'crlf':
        lines[i] = `${l}\r`;
        break;
      case 'swap': {
        const j = e.n % lines.length;
        [lines[i], lines[j]] = [lines[j]!, l];
        break;
      }
      case 'insert':
        lines.splice(i, 0, e.text);
        break;
      case 'splice': {
        const at = e.n % (l.length + 1);
        lines[i] = l.slice(0, at) + e.text + l.slice(at);
        break;
      }
    }
  }
  return lines.join('\n');
}

const RUNS = 10_000;

describe('compiler logs under fast-check', () => {
  it(`evidenceFromLog and both renderings: no exception, no hang (${RUNS} logs)`, () => {
    let withSites = 0;
    const started = performance.now();
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 40 }), fc.array(edit, { maxLength: 6 }), (s, start, len, edits) => {
        const text = apply(seeds[s]!, start, len, edits);
        const ev = evidenceFromLog(text, { base: '/src' });
        if (ev.sites.length > 0) withSites++;
        expect(typeof renderEscapeText(ev, { base: '/src', all: true, width: 100, messages: en })).toBe('string');
        let json = '';
        for (const chunk of escapeJsonChunks(ev, true)) json += chunk;
        JSON.parse(json);
      }),
      { numRuns: RUNS },
    );
    // The mutations must leave real evidence in most logs, or this would test only garbage.
    expect(withSites).toBeGreaterThan(RUNS / 3);
    expect(performance.now() - started).toBeLessThan(90_000);
  });
});
