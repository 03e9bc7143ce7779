// go-list.ts resolves package patterns (".", "./...", import paths) to
// directories and file lists with `go list -json`, so every later step works
// on what the go command itself would build.
import { InputError } from '../errors.js';
import type { GoToolchain } from './go-command.js';
import { runGo } from './go-command.js';
import type { Runner } from './process.js';

/** GoPackage is the part of `go list -json` heapsight uses. */
export interface GoPackage {
  readonly importPath: string;
  readonly name: string;
  readonly dir: string;
  readonly goFiles: readonly string[];
  readonly cgoFiles: readonly string[];
  readonly testGoFiles: readonly string[];
  readonly xTestGoFiles: readonly string[];
  /** Set when go list could load the pattern but found a problem (no Go files, syntax error). */
  readonly error: string | null;
}

interface ListedPackage {
  ImportPath?: string;
  Name?: string;
  Dir?: string;
  GoFiles?: string[];
  CgoFiles?: string[];
  TestGoFiles?: string[];
  XTestGoFiles?: string[];
  Error?: { Err?: string };
}

/** splitJsonStream splits go list's concatenated JSON objects. */
export function splitJsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push(JSON.parse(text.slice(start, i + 1)));
        start = -1;
      }
    }
  }
  return out;
}

/**
 * listPackages runs `go list -e -json` on patterns. A pattern that names no Go
 * package (missing directory, no go.mod, no .go files) is an InputError with
 * go's own words and a hint.
 */
export async function listPackages(
  runner: Runner,
  go: GoToolchain,
  cwd: string,
  patterns: readonly string[],
  tags: readonly string[] = [],
): Promise<GoPackage[]> {
  const args = ['list', '-e', '-json'];
  if (tags.length > 0) args.push(`-tags=${tags.join(',')}`);
  args.push('--', ...(patterns.length > 0 ? patterns : ['.']));
  const run = await runGo(runner, go.goBin, args, cwd);
  const listed = run.stdout.trim() === '' ? [] : (splitJsonStream(run.stdout) as ListedPackage[]);
  if (run.exitCode !== 0 && listed.length === 0) {
    throw new InputError(
      `${patterns.join(' ') || '.'} is not a Go package: ${run.stderr.trim().split('\n')[0] ?? 'go list failed'}`,
      'name a directory that holds a Go package inside a module (one with go.mod), e.g. `heapsight check ./examples/mapptr`',
    );
  }
  const pkgs = listed.map(
    (p): GoPackage => ({
      importPath: p.ImportPath ?? '',
      name: p.Name ?? '',
      dir: p.Dir ?? '',
      goFiles: p.GoFiles ?? [],
      cgoFiles: p.CgoFiles ?? [],
      testGoFiles: p.TestGoFiles ?? [],
      xTestGoFiles: p.XTestGoFiles ?? [],
      error: p.Error?.Err ?? null,
    }),
  );
  if (pkgs.length === 0) {
    throw new InputError(`no Go packages match ${patterns.join(' ')}`, 'check the pattern; `go list ./...` shows what exists');
  }
  const unusable = pkgs.filter((p) => p.goFiles.length + p.cgoFiles.length + p.testGoFiles.length + p.xTestGoFiles.length === 0);
  if (unusable.length === pkgs.length) {
    const first = unusable[0]!;
    throw new InputError(
      `${first.importPath || patterns.join(' ')} is not a Go package: ${first.error ?? 'no Go files'}`,
      'name a directory that holds .go files inside a module, e.g. `heapsight check ./examples/mapptr`',
    );
  }
  return pkgs;
}
