// escape.ts is the `heapsight escape` pipeline as a library function: the
// compiler's escape decisions with their causes, inlining and runtime
// allocation calls, for package patterns or for a pasted -m log. No
// printing: progress arrives as lines for a front end to show.
//
//   go list -deps (which package each file is in; skipped for std alone)
//   → compiler evidence of the targets (-json, -m=2, -S)
//   → with an explained line in a dependency: that package's evidence too
//   → CompilerEvidence, and the decisions at the explained line
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join as joinPath } from 'node:path';
import { InputError, InterruptedError } from '../errors.js';
import { ExplainedFileMissing, type ExplainQuery } from './core-errors.js';
import { collectCompilerEvidence, evidenceAt, evidenceFromLog, mergeEvidence, type CompilerEvidence } from '../escape/index.js';
import { resolveUserFile } from '../escape/evidence-query.js';
import { scanFuncSpans } from '../go-func-spans.js';
import { findGo, goBinary, type GoToolchain } from '../toolchain/go-command.js';
import { listDependencies, listPackages, type PackageIndex } from '../toolchain/go-build.js';
import { mentionsDirective, packageDirectives } from '../source/directives.js';
import { loadPackageSource } from '../source/package-source.js';
import { startOnce } from './start-once.js';
import { checkAssertions, type AssertionReport } from '../verify/assertions.js';
import { isStandardPattern, resolvePatterns } from '../toolchain/package-patterns.js';
import type { Runner } from '../toolchain/process.js';

export type { ExplainQuery } from './core-errors.js';

/** EscapeOptions are escape's inputs for a build of package patterns. */
export interface EscapeOptions {
  readonly cwd: string;
  /** Package patterns as go takes them; empty means ".". */
  readonly patterns: readonly string[];
  readonly tags?: readonly string[];
  /** Compile every package of the build with diagnostics (all=), not only the targets. */
  readonly allPackages?: boolean;
  /** Keep every decision ("does not escape", inlining verdicts), not only heap decisions. */
  readonly all?: boolean;
  /**
   * Compile the packages' _test.go files too (go test -c, --tests). Default:
   * only when the explained line is in one, one holds a //heapsight:
   * directive, or a package has nothing but test files; otherwise `go build`
   * compiles the packages alone, without the test variant and the link.
   */
  readonly tests?: boolean;
  /** A line to explain; its decisions are read whatever `all` says. */
  readonly explain?: ExplainQuery | null;
  /** The evidence cache's directory; null: neither read nor write it. */
  readonly cacheDir: string | null;
  readonly signal: AbortSignal;
  /** A step's progress line (what the build compiles). */
  readonly onProgress?: (line: string) => void;
  /** The go to drive; found with goBin (default: $HEAPSIGHT_GO or go on PATH) when absent. */
  readonly go?: GoToolchain;
  readonly goBin?: string;
}

/** ExplainedLine is what the compiler said at one line. */
export interface ExplainedLine {
  readonly query: ExplainQuery;
  readonly found: Pick<CompilerEvidence, 'sites' | 'runtimeCalls' | 'inlining'>;
}

/** EscapeResult is the evidence and, when a line was asked about, what is at it. */
export interface EscapeResult {
  readonly evidence: CompilerEvidence;
  readonly explained: ExplainedLine | null;
  /** The packages' //heapsight: directives judged on this build; absent for a pasted log, an explained line or std. */
  readonly assertions?: AssertionReport;
  /** How many of the packages' _test.go files the build left out (0 when it compiled them, or there are none). */
  readonly testFilesLeftOut: number;
}

/**
 * runEscape is `heapsight escape [packages]`. Throws InputError for a path
 * that is not a Go package or an explained file that does not exist,
 * ToolchainError when the packages do not build.
 */
export async function runEscape(runner: Runner, opts: EscapeOptions): Promise<EscapeResult> {
  const go = opts.go ?? (await findGo(runner, opts.cwd, opts.goBin ?? goBinary()));
  const explain = opts.explain ?? null;
  const tags = opts.tags;
  const where = resolvePatterns(opts.cwd, opts.patterns);
  const onProgress = (line: string): void => opts.onProgress?.(line);
  // Which package each file belongs to names inlined dependency code by its own package; std names
  // itself by path, so a std build (the 10%-overhead bar) skips the extra go list.
  const index =
    explain !== null || !where.patterns.every(isStandardPattern)
      ? await listDependencies(runner, go, { cwd: where.cwd, patterns: where.patterns, ...(tags ? { tags } : {}), signal: opts.signal }).catch((e: unknown) => {
          if (e instanceof InterruptedError) throw e;
          return undefined;
        })
      : undefined;
  const common = { cwd: where.cwd, ...(tags ? { tags } : {}), signal: opts.signal, ...(index ? { index } : {}), onProgress, cacheDir: opts.cacheDir };
  // The directives of the named packages are read while the compiler runs (they need nothing it says).
  const judged = explain === null && !where.patterns.every(isStandardPattern);
  const startReading = startOnce(async () => {
    const pkgs = await listPackages(runner, go, { cwd: where.cwd, patterns: where.patterns, ...(tags ? { tags } : {}), signal: opts.signal });
    return { pkgs, sources: await Promise.all(pkgs.map((p) => loadPackageSource(p, { rules: false }))) };
  });
  let testFilesLeftOut = 0;
  const explainsTestFile = explain !== null && explain.file.endsWith('_test.go');
  let ev = await collectCompilerEvidence(runner, go, {
    ...common,
    ...(judged ? { onCompiling: () => void startReading() } : {}),
    testsFor: (pkgs) => {
      const testFiles = pkgs.flatMap((p) => [...p.testGoFiles, ...p.xTestGoFiles].map((f) => joinPath(p.dir, f)));
      // A package of test files alone has nothing else to compile (go build: "no non-test Go files").
      const testsOnly = pkgs.some((p) => p.goFiles.length + p.cgoFiles.length === 0 && p.testGoFiles.length + p.xTestGoFiles.length > 0);
      const tests = opts.tests ?? (explainsTestFile || testsOnly || testFiles.some(mentionsDirective));
      if (!tests) testFilesLeftOut = testFiles.length;
      return tests;
    },
    packages: [...where.patterns],
    allPackages: opts.allPackages ?? false,
    // Without `all` the report shows heap decisions only; an explained line may ask about anything.
    detail: opts.all === true || explain !== null ? 'all' : 'heap',
  });
  const owner = explain !== null && opts.allPackages !== true ? outsideOwner(index, resolveUserFile(opts.cwd, explain.file)) : null;
  if (owner !== null && explain !== null) {
    // A line of a dependency or std (where check found the bytes): compile that package too.
    onProgress(`${explain.file} is in ${owner}, outside the named packages: compiling it too…`);
    const extra = await collectCompilerEvidence(runner, go, { ...common, packages: [owner], tests: false, detail: 'all' });
    ev = mergeEvidence(ev, extra);
  }
  if (explain !== null || where.patterns.every(isStandardPattern)) return { evidence: ev, explained: explain !== null ? explainLine(ev, opts.cwd, explain) : null, testFilesLeftOut };
  // The directives of the named packages, judged on this build's evidence (allocs budgets need check's runs).
  const { pkgs, sources } = await startReading();
  // Test files are compiled when one holds a directive (testsFor), and then all of them are.
  const compiledFiles = new Set(
    pkgs.flatMap((p) => [...p.goFiles, ...p.cgoFiles, ...(p.standard || testFilesLeftOut > 0 ? [] : [...p.testGoFiles, ...p.xTestGoFiles])].map((f) => joinPath(p.dir, f))),
  );
  const assertions = checkAssertions({ directives: sources.map(packageDirectives), evidence: ev, compiledFiles });
  return { evidence: ev, explained: null, assertions, testFilesLeftOut };
}

/** outsideOwner is the import path of the package holding file when it is not a target; null otherwise. */
function outsideOwner(index: PackageIndex | undefined, file: string): string | null {
  const owner = index?.byDir.get(dirname(file));
  return owner && !owner.target ? owner.importPath : null;
}

/** FromLogInput is a pasted compiler log and where it came from. */
export interface FromLogInput {
  readonly bytes: Uint8Array;
  /** What to call it in messages: a path, or "stdin". */
  readonly origin: string;
  /** Directory the log's relative paths are relative to. */
  readonly cwd: string;
  readonly explain?: ExplainQuery | null;
}

/** MAX_LOG_BYTES is V8's longest string (2^29 - 24 chars), below which a UTF-8 log always decodes. */
export const MAX_LOG_BYTES = (1 << 29) - 24;

/**
 * escapeFromLog is `heapsight escape --from-log`: the same evidence from a
 * pasted -m / -m=2 log (any Go since 1.19), sources read for function names
 * when they are at hand. A log too long for one string, or with nothing
 * recognisable in it, is an InputError.
 */
export function escapeFromLog(input: FromLogInput): EscapeResult {
  // Node holds at most ~512 Mi chars in one string; a larger log is refused plainly, not with a stack.
  if (input.bytes.length > MAX_LOG_BYTES) {
    throw new InputError(`${input.origin}: ${input.bytes.length} bytes is more than heapsight reads as one log (${MAX_LOG_BYTES})`, 'split it by package (the `# pkg` headers) and read each part');
  }
  const text = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength).toString('utf8');
  const ev = evidenceFromLog(text, {
    base: input.cwd,
    origin: input.origin,
    spansOf: (file) => {
      try {
        return scanFuncSpans(readFileSync(file));
      } catch {
        return null;
      }
    },
  });
  if (ev.sites.length === 0 && ev.inlining.length === 0 && ev.runtimeCalls.length === 0) {
    throw new InputError(
      `${input.origin} holds no compiler diagnostics heapsight recognises`,
      'paste the output of `go build -gcflags=-m=2 ./...` (or -m, -m -m); it goes to stderr, so use 2>&1',
    );
  }
  const explain = input.explain ?? null;
  return { evidence: ev, explained: explain !== null ? explainLine(ev, input.cwd, explain) : null, testFilesLeftOut: 0 };
}

/**
 * explainLine picks what the compiler said at a line: the file resolved
 * against cwd first, then as the user spelled it (a suffix of the
 * evidence's paths). Nothing said about a file that is not there is a wrong
 * argument, not a clean answer.
 */
export function explainLine(ev: CompilerEvidence, cwd: string, query: ExplainQuery): ExplainedLine {
  const abs = resolveUserFile(cwd, query.file);
  const count = (f: ExplainedLine['found']): number => f.sites.length + f.runtimeCalls.length + f.inlining.length;
  const at = evidenceAt(ev, abs, query.line);
  const found = count(at) > 0 ? at : evidenceAt(ev, query.file, query.line);
  if (count(found) === 0 && !existsSync(abs)) throw new ExplainedFileMissing(query);
  return { query, found };
}
