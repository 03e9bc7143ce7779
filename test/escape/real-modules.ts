// real-modules.ts joins the recorded compiler output of real modules
// (testdata/escape/realmods, see its record.sh) the way collect does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCompilerJson } from '../../src/escape/compiler-json.js';
import { parseEscapeLog } from '../../src/escape/escape-log.js';
import { buildEvidence, JsonEvidence } from '../../src/escape/evidence-builder.js';
import type { CompilerEvidence } from '../../src/escape/model.js';
import { parseRuntimeCalls } from '../../src/escape/runtime-calls.js';
import { testdata } from './golden.js';

/** REAL_MODULES are the recorded modules: name → import path (the module root package). */
export const REAL_MODULES = {
  jsoniter: 'github.com/json-iterator/go',
  zerolog: 'github.com/rs/zerolog',
  pflag: 'github.com/spf13/pflag',
} as const;

export type RealModule = keyof typeof REAL_MODULES;

/** RECORDED_ROOT is where record.sh built each module; the goldens hold its absolute paths. */
export const RECORDED_ROOT = '/tmp/heapsight-realmods';

function gunzip(name: string): string {
  return gunzipSync(readFileSync(join(testdata, 'realmods', name))).toString('utf8');
}

/**
 * realModuleEvidence joins a module's -json files (concatenated: each file
 * starts with its header line), its -m=2 text and its -S calls. Function
 * spans are not read (the sources are not recorded): names come from the
 * -m=2 explanation headers.
 */
export function realModuleEvidence(name: RealModule, opts: { text: boolean } = { text: true }): CompilerEvidence {
  const dir = `${RECORDED_ROOT}/${name}`;
  const importPath = REAL_MODULES[name];
  const json = new JsonEvidence((f) => f.startsWith(`${dir}/`));
  const files: string[] = [];
  const lines = gunzip(`${name}.json.go1.26.8.jsonl.gz`).split('\n');
  let start = 0;
  const flush = (end: number) => {
    if (end <= start) return;
    const text = lines.slice(start, end).join('\n');
    const file = (JSON.parse(lines[start]!) as { file: string }).file;
    if (file.startsWith(`${dir}/`)) files.push(file);
    json.add(file, parseCompilerJson(text, file));
  };
  for (let k = 1; k <= lines.length; k++) {
    if (k === lines.length || lines[k]!.startsWith('{"version"')) {
      flush(k);
      start = k;
    }
  }
  return buildEvidence({
    goVersion: 'go1.26.8',
    packages: [{ importPath, dir }],
    targetFiles: new Map(files.map((f) => [f, importPath])),
    json,
    log: opts.text ? parseEscapeLog(gunzip(`${name}.m2.go1.26.8.txt.gz`), { base: dir, origin: `${name}.m2` }) : null,
    runtimeCalls: opts.text ? parseRuntimeCalls(gunzip(`${name}.S-calls.go1.26.8.txt.gz`)).filter((c) => c.file.startsWith(`${dir}/`)) : [],
    spansOf: () => null,
    qualifierOf: () => null,
    allFiles: false,
    warnings: [],
  });
}
