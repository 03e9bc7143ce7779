// lean-tests.ts writes the -overlay heapsight compiles test binaries with
// when it runs benchmarks only (-test.run=^$): the packages' test files
// without the bodies of their Test, Example and Fuzz functions
// (source/test-bodies.ts decides what goes), and mends what the compiler
// refuses. No Test body runs in such a binary, and every function it holds
// compiles as in the full one (test/check/lean-tests.e2e.test.ts), so the
// runs measure the code go test -bench measures at half the build (validator:
// 2.9 -> 1.35 s).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join as joinPath } from 'node:path';
import { blankImportsAt, exportedNames, leanTestFiles } from '../source/test-bodies.js';
import type { GoToolchain } from '../toolchain/go-command.js';
import type { GoPackage, PackageIndex, SourceOverlay } from '../toolchain/go-build.js';

/** leanTestFilesOverlay is leanTestOverlay's file with repairLeanOverlay to mend it; undefined when there is none. */
export function leanTestFilesOverlay(go: GoToolchain, pkgs: readonly GoPackage[], dir: string, index: PackageIndex | null = null): SourceOverlay | undefined {
  const file = leanTestOverlay(go, pkgs, dir, index);
  return file === undefined ? undefined : { file, repair: (errors) => repairLeanOverlay(file, errors) };
}

/**
 * leanTestOverlay writes the packages' test files without their Test,
 * Example and Fuzz bodies (leanTestFiles) under dir and returns the -overlay
 * file naming them; undefined when no file changes or GOFLAGS sets an
 * overlay. check, change and bench compile their test binaries from them:
 * they run benchmarks with -test.run=^$, so no Test body runs, and the benchmarks' instructions
 * are the same (validator, go1.26.8: all 101 benchmark functions' -S
 * listings identical); the build is half as long (validator: 2.9 -> 1.35 s).
 * index names the imported packages (else their names are guessed from
 * their paths, and a dot import keeps its file whole).
 */
export function leanTestOverlay(go: GoToolchain, pkgs: readonly GoPackage[], dir: string, index: PackageIndex | null = null): string | undefined {
  if (/(^|\s)--?overlay\b/.test(go.buildEnv['GOFLAGS'] ?? '')) return undefined;
  const replace: Record<string, string> = {};
  const exports = new Map<string, ReadonlySet<string> | undefined>();
  const exportsOf = (p: string): ReadonlySet<string> | undefined => {
    if (exports.has(p)) return exports.get(p);
    const d = index?.byPath.get(p)?.dir;
    let names: ReadonlySet<string> | undefined;
    try {
      if (d !== undefined && d !== '') names = exportedNames(readdirSync(d).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).map((f) => readFileSync(joinPath(d, f), 'utf8')));
    } catch {
      names = undefined;
    }
    exports.set(p, names);
    return names;
  };
  for (const [k, pkg] of pkgs.entries()) {
    const files: { path: string; text: string }[] = [];
    for (const f of [...pkg.testGoFiles, ...pkg.xTestGoFiles]) {
      const path = joinPath(pkg.dir, f);
      try {
        files.push({ path, text: readFileSync(path, 'utf8') });
      } catch {
        // Unreadable: the build reads it as it is, and says what is wrong with it.
      }
    }
    const lean = leanTestFiles(
      files.map((f) => f.text),
      (p) => index?.byPath.get(p)?.name || undefined,
      exportsOf,
    );
    for (const [i, text] of lean.entries()) {
      if (text === null) continue;
      const out = joinPath(dir, String(k), `${i}_${basename(files[i]!.path)}`);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
      replace[files[i]!.path] = out;
    }
  }
  if (Object.keys(replace).length === 0) return undefined;
  const file = joinPath(dir, 'overlay.json');
  writeFileSync(file, JSON.stringify({ Replace: replace }));
  return file;
}

/**
 * repairLeanOverlay makes blank the imports a build of leanTestOverlay's
 * files says are "imported and not used" (a name kept for what is a local
 * variable of that name: html/template's exec_test.go), rewriting those
 * files in place. false when the errors name none of its files: then
 * nothing is left to repair, and the caller builds the files as they are.
 */
export function repairLeanOverlay(overlay: string, errors: string): boolean {
  let replaced: string[];
  try {
    replaced = Object.values((JSON.parse(readFileSync(overlay, 'utf8')) as { Replace: Record<string, string> }).Replace);
  } catch {
    return false;
  }
  const unused = new Map<string, Set<number>>();
  for (const m of errors.matchAll(/^(.+\.go):(\d+):\d+: "[^"]+" imported (?:as \S+ )?and not used$/gm)) {
    const file = m[1]!.replace(/^\.\//, '');
    const own = replaced.find((r) => r === file || r.endsWith(`/${file}`));
    if (own === undefined) continue;
    unused.set(own, (unused.get(own) ?? new Set()).add(Number(m[2])));
  }
  for (const [file, lines] of unused) writeFileSync(file, blankImportsAt(readFileSync(file, 'utf8'), lines));
  return unused.size > 0;
}
