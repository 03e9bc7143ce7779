// patch.test.ts holds the edit and diff code to `git apply`, the tool users
// will feed the patch to: each diff below must apply to the original and give
// exactly the edited text, including edits at the first and last line, a file
// without a final newline, several edits and multi-byte characters.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEdits, spanBytes, unifiedDiff } from '../../src/source/patch.js';

const dir = mkdtempSync(join(tmpdir(), 'hs-patch-'));
execFileSync('git', ['init', '-q'], { cwd: dir });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function applies(name: string, before: string, after: string): void {
  writeFileSync(join(dir, name), before);
  const patch = unifiedDiff(name, before, after);
  writeFileSync(join(dir, `${name}.patch`), patch);
  execFileSync('git', ['apply', `${name}.patch`], { cwd: dir });
  expect(readFileSync(join(dir, name), 'utf8')).toBe(after);
}

const src = ['package p', '', 'func f(n int) map[int]int {', '\tm := make(map[int]int) // café', '\tfor i := 0; i < n; i++ {', '\t\tm[i] = i', '\t}', '\treturn m', '}', ''].join('\n');

describe('edits and patches', () => {
  it('a span by line and UTF-8 column becomes byte offsets, and the edit replaces exactly it', () => {
    const span = { line: 4, column: 7, endLine: 4, endColumn: 24 };
    const { startByte, endByte } = spanBytes(src, span);
    expect(Buffer.from(src).subarray(startByte, endByte).toString()).toBe('make(map[int]int)');
    const after = applyEdits(src, [{ startByte, endByte, text: 'make(map[int]int, n)' }]);
    expect(after).toContain('\tm := make(map[int]int, n) // café');
    applies('a.go', src, after);
  });

  it('diffs that git apply takes: first line, last line without newline, two edits far apart', () => {
    applies('b.go', src, src.replace('package p', 'package q'));
    const noEol = src.trimEnd();
    applies('c.go', noEol, noEol.replace(/}$/, '} // end'));
    const long = Array.from({ length: 40 }, (_, i) => `// line ${i}`).join('\n') + '\n';
    applies('d.go', long, long.replace('// line 2\n', '// two\n').replace('// line 37\n', '// thirty-seven\n'));
    expect(unifiedDiff('e.go', src, src)).toBe('');
  });

  it('refuses overlapping edits and spans outside the file', () => {
    expect(() => applyEdits('abcdef', [{ startByte: 1, endByte: 4, text: 'x' }, { startByte: 3, endByte: 5, text: 'y' }])).toThrow(RangeError);
    expect(() => spanBytes(src, { line: 99, column: 1, endLine: 99, endColumn: 2 })).toThrow(RangeError);
  });
});
