import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { isStandardPattern, packageArgs, resolvePatterns } from '../../src/toolchain/package-patterns.js';
import { diagnosticBuildArgs } from '../../src/toolchain/go-build.js';

describe('resolvePatterns', () => {
  it('runs go in the module that holds a path pattern, from outside it', () => {
    const r = resolvePatterns(resolve('.'), ['./examples/mapptr']);
    expect(r).toEqual({ cwd: resolve('examples/mapptr'), patterns: ['.'] });
    // Without "./", an existing directory is still a directory, not an import path.
    expect(resolvePatterns(resolve('.'), ['examples/mapptr'])).toEqual(r);
  });

  it('keeps /... and sub-directories relative to the module root', () => {
    const d = mkdtempSync(join(tmpdir(), 'hs-pat-'));
    writeFileSync(join(d, 'go.mod'), 'module m\n');
    mkdirSync(join(d, 'a', 'b'), { recursive: true });
    expect(resolvePatterns(join(d, 'a'), ['./b/...', 'fmt'])).toEqual({ cwd: d, patterns: ['./a/b/...', 'fmt'] });
    expect(resolvePatterns(d, [])).toEqual({ cwd: d, patterns: ['.'] });
  });

  it('leaves import paths to go and rejects paths that are not packages or span modules', () => {
    expect(resolvePatterns('/tmp', ['std'])).toEqual({ cwd: '/tmp', patterns: ['std'] });
    expect(() => resolvePatterns('/tmp', ['./definitely-missing-dir'])).toThrow(InputError);
    const d = mkdtempSync(join(tmpdir(), 'hs-pat-'));
    expect(() => resolvePatterns(d, ['.'])).toThrow(/not inside a Go module/);
    expect(() => resolvePatterns(resolve('.'), ['./examples/mapptr', d])).toThrow(InputError);
    writeFileSync(join(d, 'go.mod'), 'module other\n');
    expect(() => resolvePatterns(resolve('.'), ['./examples/mapptr', d])).toThrow(InputError);
  });
});

describe('packageArgs and isStandardPattern', () => {
  it('puts patterns last with no "--" before them, and refuses one that would read as a flag', () => {
    expect(packageArgs(['./sub', 'encoding/json'])).toEqual(['./sub', 'encoding/json']);
    expect(() => packageArgs(['-exec=x'])).toThrow(InputError);
    // The argv the toolchain builds for a test binary ends with the package, never "-- PKG".
    const args = diagnosticBuildArgs({ cwd: '.', packages: ['./sub'], tests: true, jsonDir: '/j', outDir: '/o', text: false });
    expect(args[args.length - 1]).toBe('./sub');
    expect(args).not.toContain('--');
  });

  it('tells patterns that can only name std from module paths and directories', () => {
    expect(['std', 'net/http', 'encoding/json/...'].map(isStandardPattern)).toEqual([true, true, true]);
    expect(['github.com/rs/zerolog', './...', '.', 'example.com/x'].map(isStandardPattern)).toEqual([false, false, false, false]);
  });
});
