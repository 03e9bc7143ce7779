// package-source.ts parses every file go would compile for a package
// (including its _test.go files) and answers questions across them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GoPackage } from '../toolchain/go-build.js';
import { parseGoSource, type GoFileFacts, type GoFunction, type SourceReadOptions } from './go-file.js';
import type { RuleHit } from './rules.js';
import { withoutTestBodies } from './test-bodies.js';

/** PackageSource is the parsed source of one package. */
export interface PackageSource {
  readonly importPath: string;
  readonly name: string;
  readonly dir: string;
  readonly files: readonly GoFileFacts[];
  readonly warnings: readonly string[];
}

/** loadPackageSource reads and parses a package's Go, cgo and test files. */
export async function loadPackageSource(pkg: GoPackage, opts: SourceReadOptions = {}): Promise<PackageSource> {
  const names = [...pkg.goFiles, ...pkg.cgoFiles, ...pkg.testGoFiles, ...pkg.xTestGoFiles];
  // Go source is UTF-8 by spec; invalid bytes become U+FFFD here and in
  // tree-sitter alike, which only shifts columns on that one line.
  const texts = await Promise.all(names.map((n) => readFile(join(pkg.dir, n), 'utf8')));
  // Test functions' bodies are not read (test-bodies.ts), unless the package holds a directive: an inline
  // assertion names every call site, test files included.
  const whole = texts.some((t) => t.includes('heapsight:'));
  const files = await Promise.all(
    names.map(async (n, i) => {
      const path = join(pkg.dir, n);
      const text = texts[i]!;
      if (!n.endsWith('_test.go')) return parseGoSource(text, path, opts);
      // The rules judge a package's own code: their hits in _test.go files are never shown (rule-verdicts.ts packageHits).
      return parseGoSource(whole ? text : withoutTestBodies(text), path, { ...opts, rules: false });
    }),
  );
  return {
    importPath: pkg.importPath,
    name: pkg.name,
    dir: pkg.dir,
    files,
    warnings: files.flatMap((f) => f.warnings),
  };
}

/** allFunctions lists the package's function declarations across its files. */
export function allFunctions(src: PackageSource): GoFunction[] {
  return src.files.flatMap((f) => f.functions);
}

/** functionAt finds the declaration whose lines enclose file:line. */
export function functionAt(src: PackageSource, file: string, line: number): GoFunction | null {
  for (const f of src.files) {
    if (f.file !== file) continue;
    for (const fn of f.functions) if (fn.startLine <= line && line <= fn.endLine) return fn;
  }
  return null;
}

/** packageRuleHits are the rules' hits across the package's files, Put calls kept only on the package's sync.Pool variables. */
export function packageRuleHits(src: PackageSource): RuleHit[] {
  const pools = new Set(src.files.flatMap((f) => f.pools));
  return src.files.flatMap((f) => f.ruleHits.filter((h) => h.rule !== 'pool-non-pointer' || pools.has(h.variables[0] ?? '')));
}
