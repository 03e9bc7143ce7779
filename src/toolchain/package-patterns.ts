// package-patterns.ts lets users name packages by path from anywhere:
// `heapsight check ~/src/app/internal/cache` should work even when the
// current directory is not inside that module (the go command would say
// "cannot find main module"). Path patterns are rewritten relative to the
// root of the module that holds them, and go runs there.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';

/** ResolvedPatterns says where to run go and with which patterns. */
export interface ResolvedPatterns {
  /** Directory to run go in (a module root when any pattern was a path). */
  readonly cwd: string;
  readonly patterns: readonly string[];
}

/** isPathPattern is true for ".", "./x", "../x", "/abs/x" (optionally ending in "/..."), as go treats them. */
export function isPathPattern(p: string): boolean {
  return p === '.' || p === '..' || p.startsWith('./') || p.startsWith('../') || isAbsolute(p);
}

/**
 * packageArgs is how package patterns end a go argv, for every go command
 * heapsight runs (list, build, test -c): last, and with no "--" before them.
 * `go test -c -- PKG` hands PKG to the test binary and builds "." (the
 * module root, or "no Go files"); from a directory outside any module
 * `go test -c -- encoding/json` fails with "go.mod file not found" where
 * `go test -c encoding/json` works (go-facts.md). A pattern that looks like
 * a flag would be read as one, so it is refused here.
 */
export function packageArgs(patterns: readonly string[]): string[] {
  for (const p of patterns) {
    if (p.startsWith('-')) throw new InputError(`${JSON.stringify(p)} is not a package pattern (it starts with "-")`, 'package patterns are import paths, directories (./pkg) or ./...');
  }
  return [...patterns];
}

/**
 * isStandardPattern is true for patterns that can only name standard-library
 * packages: "std", "cmd", and import paths whose first element has no dot
 * (module paths start with a domain; go reserves dotless paths for std).
 */
export function isStandardPattern(p: string): boolean {
  if (isPathPattern(p)) return false;
  const first = p.split('/')[0] ?? '';
  return first !== '' && !first.includes('.');
}

/** moduleRoot walks up from dir to the nearest directory holding go.mod; null if none. */
export function moduleRoot(dir: string): string | null {
  let d = resolve(dir);
  for (;;) {
    if (existsSync(join(d, 'go.mod'))) return d;
    const up = dirname(d);
    if (up === d) return null;
    d = up;
  }
}

/**
 * resolvePatterns maps path patterns to one module root. Import-path patterns
 * ("std", "net/http", "example.com/x/...") are left for go to resolve from cwd.
 */
export function resolvePatterns(cwd: string, patterns: readonly string[]): ResolvedPatterns {
  // go reads "testdata/x" as an import path; a user typing a directory that
  // exists here means the directory, so read it as "./testdata/x".
  const given = (patterns.length > 0 ? patterns : ['.']).map((p) => {
    if (isPathPattern(p)) return p;
    const base = p.endsWith('/...') ? p.slice(0, -'/...'.length) : p;
    return existsSync(resolve(cwd, base)) && statSync(resolve(cwd, base)).isDirectory() ? `./${p}` : p;
  });
  const paths = given.filter(isPathPattern);
  if (paths.length === 0) return { cwd, patterns: given };
  let root: string | null = null;
  const rewritten: string[] = [];
  for (const p of given) {
    if (!isPathPattern(p)) {
      rewritten.push(p);
      continue;
    }
    const dots = p === '...' || p.endsWith('/...');
    const base = dots ? p.slice(0, -'/...'.length) || '.' : p;
    const dir = resolve(cwd, base);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new InputError(`${p} is not a Go package: ${dir} is not a directory`, 'name a directory that holds .go files, e.g. ./examples/mapptr');
    }
    const r = moduleRoot(dir);
    if (r === null) {
      throw new InputError(`${p} is not inside a Go module (no go.mod in ${dir} or above)`, 'run `go mod init` in the project, or name a directory inside a module');
    }
    if (root !== null && root !== r) {
      throw new InputError(`the packages lie in different modules (${root} and ${r})`, 'run heapsight once per module');
    }
    root = r;
    const rel = relative(r, dir).split(sep).join('/');
    rewritten.push((rel === '' ? '.' : `./${rel}`) + (dots ? '/...' : ''));
  }
  return { cwd: root ?? cwd, patterns: rewritten };
}
