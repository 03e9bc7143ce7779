// golden.ts locates testdata/escape, reads its recorded compiler output and
// joins a fixture's evidence from it; goldens are compared with
// test/support/golden.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/golden.js';
import { parseCompilerJson } from '../../src/escape/compiler-json.js';
import { parseEscapeLog } from '../../src/escape/escape-log.js';
import { buildEvidence, JsonEvidence } from '../../src/escape/evidence-builder.js';
import { scanFuncSpans } from '../../src/go-func-spans.js';
import type { CompilerEvidence } from '../../src/escape/model.js';
import { parseRuntimeCalls } from '../../src/escape/runtime-calls.js';

export { repoRoot };
export const testdata = join(repoRoot, 'testdata', 'escape');

/** readGolden reads a file under testdata/escape/golden. */
export function readGolden(name: string): string {
  return readFileSync(join(testdata, 'golden', name), 'utf8');
}

/**
 * fixtureEvidence joins a fixture's real -json golden (and, with log, its
 * -m=2 golden; with asm, its -S golden) the way collect does:
 * testdata/escape/NAME/NAME.go, package example.com/NAME.
 */
export function fixtureEvidence(name: string, opts: { readonly log: boolean; readonly asm?: boolean }): CompilerEvidence {
  const dir = join(testdata, name);
  const file = join(dir, `${name}.go`);
  // The goldens hold the absolute paths of the checkout that made them.
  const here = (text: string) => text.replace(/(file:\/\/|"file":"|\()[^"()]*\/testdata\/escape\//g, `$1${testdata}/`);
  const json = new JsonEvidence(() => true);
  json.add(`${name}.json`, parseCompilerJson(here(readGolden(`${name}.json.go1.26.8.jsonl`)), `${name}.json`));
  return buildEvidence({
    goVersion: 'go1.26.8',
    packages: [{ importPath: `example.com/${name}`, dir }],
    targetFiles: new Map([[file, `example.com/${name}`]]),
    json,
    log: opts.log ? parseEscapeLog(readGolden(`${name}.m2.go1.26.8.txt`), { base: dir, origin: `${name}.m2` }) : null,
    runtimeCalls: opts.asm === true ? parseRuntimeCalls(here(readGolden(`${name}.S.go1.26.8.txt`))).filter((c) => c.file === file) : [],
    spansOf: (f) => (f === file ? scanFuncSpans(readFileSync(f)) : null),
    qualifierOf: () => null,
    allFiles: false,
    warnings: [],
  });
}
