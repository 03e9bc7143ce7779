// dependency-list.test.ts reads a real `go list -e -deps -test` (see
// testdata/toolchain/README.md): test variants and generated test mains fold
// into their package, targets are told from dependencies, modules and names kept.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageIndex, parseDependencyList } from '../../src/toolchain/go-build.js';

const listed = parseDependencyList(readFileSync('testdata/toolchain/deps-samenames.json', 'utf8'));

describe('parseDependencyList on go list -deps -test of three packages', () => {
  it('keeps each package once, without "p [p.test]" variants or "p.test" mains', () => {
    const paths = listed.map((p) => p.importPath);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.filter((p) => p.includes(' [') || p.endsWith('.test'))).toEqual([]);
    expect(paths).toContain('testing');
  });

  it('tells the named packages from their dependencies, with module and name', () => {
    const targets = listed.filter((p) => p.target).map((p) => p.importPath).sort();
    expect(targets).toEqual(['example.com/samenames', 'example.com/samenames/other', 'example.com/samenames/sub']);
    const sub = listed.find((p) => p.importPath === 'example.com/samenames/sub')!;
    expect(sub).toMatchObject({ name: 'sub', standard: false, module: 'example.com/samenames', mainModule: true, dir: '<samenames>/sub' });
    const testing = listed.find((p) => p.importPath === 'testing')!;
    expect(testing).toMatchObject({ standard: true, module: null, mainModule: false, target: false, dir: '<goroot>/src/testing' });
  });

  it('finds a file\'s package by its directory', () => {
    const index = packageIndex(listed);
    expect(index.byDir.get('<samenames>/other')?.importPath).toBe('example.com/samenames/other');
    expect(index.byDir.get('<goroot>/src/internal/runtime/maps')?.name).toBe('maps');
  });
});
