// collect.ts drives one diagnostic build and joins its outputs:
// go list → go test -c / go build with -gcflags=-json=0,<fresh dir> [-m=2 -S]
// (testText false: the test build with -json alone, beside go build
// -gcflags='-m=2 -S' of the packages) → parse JSON files, -m=2 text and -S
// listings → buildEvidence.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep, dirname } from 'node:path';
import { InputError, InterruptedError } from '../errors.js';
import { guessPackageName } from '../go-symbol.js';
import type { GoToolchain } from '../toolchain/go-command.js';
import { buildWithDiagnostics, diagnosticGcflags, listBuildIds, listPackages, withOverlay, type GoPackage, type PackageIndex, type SourceOverlay } from '../toolchain/go-build.js';
import { withTempDir, type Runner } from '../toolchain/process.js';
import { parseEscapeLog } from './escape-log.js';
import { digestFile, digestFiles, EvidenceCache, evidenceCacheDir, heapsightCodeId, keyDigest, type EvidenceKey, type FileDigest } from './evidence-cache.js';
import { buildEvidence, evidenceFileFilter, isGenerated, JsonEvidence, type EvidenceDetail } from './evidence-builder.js';
import { scanFuncSpans, type FuncSpan } from '../go-func-spans.js';
import type { CompilerEvidence } from './model.js';
import { RuntimeCallCollector } from './runtime-calls.js';

/** CollectOptions are the inputs of collectCompilerEvidence. */
export interface CollectOptions {
  readonly cwd: string;
  /** Package patterns as go takes them; default ["."]. */
  readonly packages: readonly string[];
  readonly tags?: readonly string[];
  /** Apply the flags to dependencies and std too (`all=`), and keep their evidence. */
  readonly allPackages?: boolean;
  /**
   * Keep what the named packages' compiles say about other packages' files:
   * generic functions of a dependency instantiated here (compiled in the
   * instantiating package, at the dependency's lines). Inlined code is kept
   * either way (its outermost position is the named package's). For check's
   * join; `escape` shows the named packages' own files only.
   */
  readonly keepForeign?: boolean;
  /** What go list said about the packages, when the caller has listed them with the same tags (not listed again). */
  readonly listed?: readonly GoPackage[];
  /** Compile _test.go files (go test -c). Default: testsFor's answer, else true except for standard-library targets. */
  readonly tests?: boolean;
  /** Decides `tests` from the listed packages when it is not given (escape: only when a test file is asked about). */
  readonly testsFor?: (pkgs: readonly GoPackage[]) => boolean;
  /**
   * Also build with -m=2 and -S for "does not escape", function names from the
   * compiler and runtime allocation calls. Default: when at most
   * TEXT_EVIDENCE_MAX_PACKAGES packages are named; on std the text is ~500 MB
   * and adds 35–45% to the build (measured on go1.26.8).
   */
  readonly text?: boolean;
  /**
   * 'heap' reads only what a report of heap allocations shows, on builds
   * without the -m=2/-S text (more than TEXT_EVIDENCE_MAX_PACKAGES packages):
   * leaks keep their decision but not their flow (three quarters of a
   * whole-std build's -json), and can/cannot-inline verdicts are skipped.
   * Default 'all'.
   */
  readonly detail?: EvidenceDetail;
  readonly signal?: AbortSignal;
  /**
   * The build's packages by directory (go list -deps): names the functions of
   * dependency code inlined into the targets by their own package, not the
   * package compiling them. Without it only GOROOT files are named that way.
   */
  readonly index?: PackageIndex;
  /** Progress lines for stderr ("building 3 packages …"). */
  readonly onProgress?: (line: string) => void;
  /**
   * The evidence cache's directory (see evidence-cache.ts); null: no cache.
   * Default: evidenceCacheDir(process.env), i.e. $HEAPSIGHT_CACHE or the
   * user's cache directory.
   */
  readonly cacheDir?: string | null;
  /**
   * Keep the test binaries the diagnostic build links here (with tests): the
   * diagnostic flags change no code (go1.26.8: the same instructions as a
   * plain `go test -c`, only the recorded -gcflags differ; with testOverlay,
   * the same for every function the binary holds), so check runs its
   * benchmarks with them instead of compiling the package again. Find one with
   * keptTestBinary. Nothing is kept when the evidence came from the cache.
   */
  readonly binariesDir?: string;
  /** Neither read nor write the evidence cache (--no-cache). */
  readonly noCache?: boolean;
  /**
   * Called when the first diagnostic build has started (never on a cache
   * hit): work that needs no evidence can run beside the compiler without
   * delaying its start.
   */
  readonly onCompiling?: () => void;
  /**
   * With tests and text: read the -m=2 and -S text of the _test.go files too
   * (default true). false (check without --tests): the test build asks for
   * -json only, and a companion `go build -gcflags='-m=2 -S'` of the
   * packages alone prints the text of their own files beside it. -m turns
   * the compiler's concurrent backend off (cmd/compile
   * base.concurrentFlagOk), so a -m=2 test build compiles the package and
   * its tests on one core; without -m it uses both. The test files'
   * decisions then come from -json alone (heap decisions and leaks with
   * their flows; no "does not escape", no inlined calls, no runtime calls),
   * and the evidence's textLeftOut names them. On validator (go1.26.8, 2
   * cores, side by side): 2.3–2.6 s instead of 4.4–5.5 s, against 3.4–3.7 s
   * for `go test -c -gcflags=-m=2`. Not with allPackages; a main package
   * with tests (compiled alone it is "main", in its test binary its import
   * path) is a batch of its own, built whole with -m=2 -S.
   */
  readonly testText?: boolean;
  /**
   * With testText false: the -overlay the test build compiles the test files
   * from (check's: Test, Example and Fuzz bodies left out). Their decisions
   * are then not collected; the key hashes what it replaces them with. A
   * build that fails with it is mended or built again without (withOverlay).
   */
  readonly testOverlay?: SourceOverlay;
  /**
   * Given, collect does not write the evidence cache entry before it
   * returns: it hands the write here, for the caller to run when nothing is
   * being timed (validator's entry: 0.1 s of CPU alone, 0.25 s in check). The write
   * resolves to a warning, or null when it was stored.
   */
  readonly deferCacheWrite?: (write: () => Promise<string | null>) => void;
}

/** TEXT_EVIDENCE_MAX_PACKAGES bounds the automatic -m=2/-S build. */
export const TEXT_EVIDENCE_MAX_PACKAGES = 64;

// An -S listing line: instructions are tab-indented; symbol headers read "NAME STYPE [attrs] size=N".
const asmHeaderRe = / S[A-Z][A-Z0-9]*(?: [a-zA-Z]+)* size=\d+/;

/**
 * qualifierFor is what pprof (and -S) prefix a package's functions with: a
 * main package is "main", except when it is compiled for its own tests, where
 * the test binary imports it by its import path.
 */
function qualifierFor(p: GoPackage, tests: boolean): string {
  const testedMain = tests && p.testGoFiles.length + p.xTestGoFiles.length > 0;
  return p.name === 'main' && !testedMain ? 'main' : p.importPath;
}

/**
 * collectCompilerEvidence builds the packages with the compiler's
 * diagnostics on and returns everything it said about their own files.
 * Throws InputError for a path that is not a Go package and ToolchainError
 * (carrying the compiler's errors) for a package that does not compile.
 */
export async function collectCompilerEvidence(runner: Runner, go: GoToolchain, opts: CollectOptions): Promise<CompilerEvidence> {
  const patterns = opts.packages.length > 0 ? opts.packages : ['.'];
  const pkgs =
    opts.listed ?? (await listPackages(runner, go, { cwd: opts.cwd, patterns, ...(opts.tags ? { tags: opts.tags } : {}), ...(opts.signal ? { signal: opts.signal } : {}) }));
  const allStandard = pkgs.every((p) => p.standard);
  const tests = opts.tests ?? (allStandard ? false : (opts.testsFor?.(pkgs) ?? true));
  const text = opts.text ?? pkgs.length <= TEXT_EVIDENCE_MAX_PACKAGES;
  // The test files' text left out: the test build's -json, the packages' own text from a companion build.
  // A main package with tests is its import path in its test binary and "main" compiled alone: the two would not
  // join, so its batch (it has one of its own) is one -m=2 -S test build. One without tests is "main" in both
  // (go test -c compiles it as go build does).
  const textApart = text && tests && opts.testText === false && opts.allPackages !== true;
  const testedMain = (p: GoPackage): boolean => p.name === 'main' && p.testGoFiles.length + p.xTestGoFiles.length > 0;
  const splits = (batch: readonly GoPackage[]): boolean => textApart && !batch.some(testedMain);
  // With the text, the build is small: read everything.
  const detail: EvidenceDetail = text ? 'all' : (opts.detail ?? 'all');
  const warnings: string[] = [];
  if (!text) {
    warnings.push(
      `${pkgs.length} packages: built with -json only (no -m=2/-S), so "does not escape" decisions, inlined calls and runtime allocation calls are not collected; name at most ${TEXT_EVIDENCE_MAX_PACKAGES} packages to get them` +
        (detail === 'heap' ? '. Only heap decisions were read in full: leaks without their explanations, no inlining verdicts' : ''),
    );
  }

  const cacheDir = opts.noCache === true ? null : opts.cacheDir !== undefined ? opts.cacheDir : evidenceCacheDir(process.env);
  const cache = cacheDir !== null ? new EvidenceCache(cacheDir) : null;
  const cacheWarnings: string[] = [];
  let digest: string | null = null;
  if (cache) {
    const key = await evidenceKey(runner, go, opts, pkgs, { patterns, tests, text, detail, textApart, testOverlay: textApart ? opts.testOverlay : undefined });
    if (typeof key === 'string') {
      opts.onProgress?.(`not using the evidence cache: ${key}`);
    } else {
      digest = keyDigest(key);
      const found = cache.read(digest);
      if (found.kind === 'hit') {
        opts.onProgress?.(`compiler evidence of ${pkgs.length} package${pkgs.length === 1 ? '' : 's'} from the cache (unchanged since it was built; --no-cache compiles afresh)`);
        return found.evidence;
      }
      if (found.kind === 'refused') cacheWarnings.push(found.warning);
    }
  }
  const withCacheWarnings = (ev: CompilerEvidence): CompilerEvidence => (cacheWarnings.length > 0 ? { ...ev, warnings: [...ev.warnings, ...cacheWarnings] } : ev);

  const targetFiles = new Map<string, string>();
  for (const p of pkgs) {
    const q = qualifierFor(p, tests);
    for (const f of [...p.goFiles, ...p.cgoFiles]) targetFiles.set(join(p.dir, f), q);
    if (tests) {
      for (const f of p.testGoFiles) targetFiles.set(join(p.dir, f), q);
      for (const f of p.xTestGoFiles) targetFiles.set(join(p.dir, f), `${p.importPath}_test`);
    }
  }

  // Every main package compiles as "main", and -json names its directory after
  // the package: two main packages in one build would overwrite each other's
  // files. Build each extra main package on its own.
  const mains = pkgs.filter((p) => p.name === 'main');
  const others = pkgs.filter((p) => p.name !== 'main');
  // `go test -c -o DIR/` names each binary after its package's path
  // (testBinaryName) and refuses two packages of one name ("cannot write test
  // binary util.test for multiple packages"): a/util and b/util go to
  // different batches.
  // A main package with tests never joins the others when their build splits (see textApart).
  const first = textApart ? mains.find((m) => !testedMain(m)) : mains[0];
  const batches: GoPackage[][] = [];
  for (const p of [...others, ...(first ? [first] : [])]) {
    const free = tests ? batches.find((b) => !b.some((q) => testBinaryName(q.importPath) === testBinaryName(p.importPath))) : batches[0];
    if (free) free.push(p);
    else batches.push([p]);
  }
  batches.push(...mains.filter((m) => m !== first).map((m) => [m]));

  const spanCache = new Map<string, FuncSpan[] | null>();
  const spansOf = (file: string): FuncSpan[] | null => {
    let s = spanCache.get(file);
    if (s === undefined) {
      try {
        s = scanFuncSpans(readFileSync(file));
      } catch {
        s = null;
      }
      spanCache.set(file, s);
    }
    return s;
  };

  const gorootSrc = join(go.goroot, 'src') + sep;
  const qualifierOf = (file: string): string | null => {
    const listed = opts.index?.byDir.get(dirname(file));
    if (listed) return listed.importPath;
    if (!file.startsWith(gorootSrc)) return null;
    return relative(gorootSrc.slice(0, -1), dirname(file)).split(sep).join('/');
  };

  // With the context, each file's sites are named and classified as it arrives, while the compiler runs.
  const keepAll = (opts.allPackages ?? false) || (opts.keepForeign ?? false);
  const json = new JsonEvidence(evidenceFileFilter(targetFiles, keepAll), { targetFiles, spansOf, qualifierOf, detail });
  let jsonFiles = 0;
  let compiledTargets = false;
  const logLines: string[] = [];
  const qualifiers = new Set(targetFiles.values());
  const keepFunction = (name: string): boolean => {
    for (const q of qualifiers) if (name.startsWith(`${q}.`)) return true;
    return keepAll;
  };
  // cgo's generated wrappers (_cgo_gotypes.go, x.cgo1.go in the build's work dir) are not the user's code.
  const keepCallFile = (file: string): boolean => !isGenerated(file) && !/(^|\/)_cgo_/.test(file);
  const calls = new RuntimeCallCollector(keepFunction, keepCallFile);
  // One collector per companion build: each reads one stream of whole listings.
  const apartCalls: RuntimeCallCollector[] = [];
  // A text build's stderr: -S listings to a collector, the -m=2 text to the log.
  const textSink =
    (collector: RuntimeCallCollector) =>
    (line: string): void => {
      if (line.startsWith('\t') || asmHeaderRe.test(line)) collector.push(line);
      else logLines.push(line);
    };
  const jsonOnlyFiles = new Set<string>();
  for (const b of batches) if (splits(b)) for (const p of b) for (const f of [...p.testGoFiles, ...p.xTestGoFiles]) jsonOnlyFiles.add(join(p.dir, f));

  await withTempDir('escape', async (tmp) => {
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i]!;
      const jsonDir = join(tmp, `json-${i}`);
      const apart = splits(batch);
      // The test build's own text, unless the packages' text comes from a build beside it.
      const testBuildText = text && !apart;
      const testOverlay = apart ? opts.testOverlay : undefined;
      opts.onProgress?.(`compiling ${batch.length} package${batch.length === 1 ? '' : 's'} with escape diagnostics${apart ? ' (test files with -json only; the packages alone with -m=2 -S beside)' : tests ? ' (test files included)' : ''}…`);
      // Parse -json files while the build still runs: each package's files
      // are complete when its compile ends, and whole-std builds write ~290 MB.
      const reader = new JsonDirReader(jsonDir, (origin, bytes) => {
        jsonFiles++;
        const header = json.addBytes(origin, bytes);
        if (header !== null && targetFiles.has(header.file)) compiledTargets = true;
      });
      let building = true;
      // The wait between passes ends early when the build does: the final pass should not wait for a timer.
      let wake = (): void => {};
      const polling = (async () => {
        while (building) {
          await new Promise<void>((r) => {
            const t = setTimeout(r, JSON_POLL_MS);
            wake = () => {
              clearTimeout(t);
              r();
            };
          });
          if (building) reader.pass(JSON_SETTLE_MS);
        }
      })();
      const testBuild = (overlay: string | undefined) =>
        buildWithDiagnostics(runner, go, {
          cwd: opts.cwd,
          // One batch: pass the user's patterns as they are, so the build is the very command they would run.
          packages: batches.length === 1 ? patterns : batch.map((p) => p.importPath),
          ...(opts.tags ? { tags: opts.tags } : {}),
          allPackages: opts.allPackages ?? false,
          tests,
          jsonDir,
          outDir: opts.binariesDir !== undefined ? join(opts.binariesDir, `batch-${i}`) : join(tmp, `out-${i}`),
          text: testBuildText,
          ...(overlay !== undefined ? { overlay } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(testBuildText ? { onStderrLine: textSink(calls) } : {}),
        });
      // The lean test files failing to build (an import kept that only a Test body used) is no error of the user's:
      // mended, or built as they are, into the same -json dir (what compiled before is a build-cache hit whose files
      // are there).
      const build = withOverlay(testOverlay, testBuild);
      const own = apart ? batch.filter((p) => p.goFiles.length + p.cgoFiles.length > 0).map((p) => p.importPath) : [];
      const asm = own.length > 0 ? new RuntimeCallCollector(keepFunction, keepCallFile) : null;
      if (asm) apartCalls.push(asm);
      // The packages alone (go build -o /dev/null), -m=2 -S and no -json: -m keeps that compile on one core, the test build has the other.
      const companion = asm
        ? buildWithDiagnostics(runner, go, {
            cwd: opts.cwd,
            packages: own,
            ...(opts.tags ? { tags: opts.tags } : {}),
            tests: false,
            jsonDir: null,
            outDir: join(tmp, `text-${i}`),
            text: true,
            ...(opts.signal ? { signal: opts.signal } : {}),
            onStderrLine: textSink(asm),
          })
        : null;
      // Handled from the start: it may fail before the test build ends (that build's errors are read first).
      const companionSettled = companion?.catch(() => {});
      if (i === 0) opts.onCompiling?.();
      try {
        await build.finally(() => companionSettled);
        await companion;
        // Which binary is whose: names repeat across batches (a/util, b/util).
        if (opts.binariesDir !== undefined && tests) {
          mkdirSync(join(opts.binariesDir, `batch-${i}`), { recursive: true });
          writeFileSync(join(opts.binariesDir, `batch-${i}`, BATCH_MANIFEST), JSON.stringify(batch.map((p) => p.importPath)));
        }
      } finally {
        building = false;
        wake();
        await polling;
      }
      // The final pass re-reads anything new or changed since it was read, so
      // what is kept is each file's final content.
      reader.pass(0);
    }
  });

  if (!compiledTargets && jsonFiles === 0 && logLines.length === 0) {
    throw new InputError(
      `nothing compiled: the build of ${patterns.join(' ')} produced no compiler diagnostics`,
      'the packages may have no Go files for this platform or these build tags (see --tags)',
    );
  }
  const log = text ? parseEscapeLog(logLines.join('\n'), { base: opts.cwd, origin: 'go build -m=2' }) : null;
  if (log) warnings.push(...log.warnings.filter((w) => !/kept raw/.test(w)));

  const ev = buildEvidence({
    goVersion: go.version,
    packages: pkgs.map((p) => ({ importPath: p.importPath, dir: p.dir })),
    targetFiles,
    json,
    log,
    runtimeCalls: [...calls.result(), ...apartCalls.flatMap((c) => c.result())],
    jsonOnlyFiles,
    spansOf,
    qualifierOf,
    allFiles: keepAll,
    warnings,
  });
  const withLeftOut: CompilerEvidence = jsonOnlyFiles.size > 0 ? { ...ev, textLeftOut: [...jsonOnlyFiles] } : ev;
  const result =
    ev.sites.length === 0 && ev.inlining.length === 0 && ev.runtimeCalls.length === 0
      ? { ...withLeftOut, warnings: [...ev.warnings, `the compiler reported nothing about ${patterns.join(' ')} (no escapes, no inlining decisions)`] }
      : withLeftOut;
  if (cache && digest !== null) {
    const write = async (): Promise<string | null> => (await cache.write(digest, result)).warning;
    if (opts.deferCacheWrite) opts.deferCacheWrite(write);
    else {
      const warning = await write();
      if (warning !== null) cacheWarnings.push(warning);
    }
  }
  return withCacheWarnings(result);
}

/**
 * evidenceKey gathers what the evidence of this collect depends on (see
 * EvidenceKey for why it is enough), or says why it cannot be cached.
 * Costs one `go list -export` of the targets' imports (about 0.1 s on a
 * warm build cache; what it has to compile, the diagnostic build then finds
 * in the build cache) and a hash of the targets' files.
 */
async function evidenceKey(
  runner: Runner,
  go: GoToolchain,
  opts: CollectOptions,
  pkgs: readonly GoPackage[],
  resolved: {
    readonly patterns: readonly string[];
    readonly tests: boolean;
    readonly text: boolean;
    readonly detail: EvidenceDetail;
    readonly textApart: boolean;
    readonly testOverlay: SourceOverlay | undefined;
  },
): Promise<EvidenceKey | string> {
  // -overlay replaces file contents the key would hash from disk.
  if (/(^|\s)--?overlay\b/.test(go.buildEnv['GOFLAGS'] ?? '')) return 'GOFLAGS sets -overlay';
  const { tests } = resolved;
  const targetPaths = new Set(pkgs.map((p) => p.importPath));
  // runtime: its build ID names the compiler and the environment even for a target that imports nothing; testdeps: the test main's.
  const imports = new Set<string>(['runtime', ...(tests ? ['testing/internal/testdeps'] : [])]);
  for (const p of pkgs) for (const i of [...p.imports, ...(tests ? [...p.testImports, ...p.xTestImports] : [])]) imports.add(i);
  const wanted = [...imports].filter((i) => i !== 'C' && !targetPaths.has(i)).sort();
  const ids =
    wanted.length > 0
      ? listBuildIds(runner, go, { cwd: opts.cwd, importPaths: wanted, ...(opts.tags ? { tags: opts.tags } : {}), ...(opts.signal ? { signal: opts.signal } : {}) })
      : Promise.resolve([]);
  // Hash while go list runs.
  const targets = pkgs.map((p) => ({
    importPath: p.importPath,
    name: p.name,
    dir: p.dir,
    standard: p.standard,
    module: p.module ? { path: p.module.path, goVersion: p.module.goVersion, goMod: p.module.goMod !== '' ? digestFile(p.module.goMod) : null } : null,
    files: digestFiles(p.dir, [...p.goFiles, ...p.cgoFiles, ...p.otherFiles, ...(tests ? [...p.testGoFiles, ...p.xTestGoFiles] : [])]),
    pgo: digestFile(join(p.dir, 'default.pgo')),
  }));
  let deps;
  try {
    deps = await ids;
  } catch (e) {
    if (e instanceof InterruptedError) throw e;
    return `go list -export failed (${e instanceof Error ? e.message : String(e)})`;
  }
  const broken = deps.find((d) => d.error !== null);
  if (broken) return `${broken.importPath} does not build`;
  // The files the test build compiled instead of the test files: [the file, what replaced it].
  let testOverlay: (readonly [string, FileDigest | null])[] | null = null;
  if (resolved.testOverlay !== undefined) {
    try {
      const replace = (JSON.parse(readFileSync(resolved.testOverlay.file, 'utf8')) as { Replace?: Record<string, string> }).Replace ?? {};
      testOverlay = Object.entries(replace)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([file, by]) => [file, digestFile(by)] as const);
    } catch (e) {
      return `cannot read the test files' overlay (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  const tags = [...new Set(opts.tags ?? [])].sort();
  return {
    heapsight: heapsightCodeId(),
    go: { version: go.version, goroot: go.goroot, goos: go.goos, goarch: go.goarch, env: go.buildEnv },
    options: {
      cwd: opts.cwd,
      patterns: resolved.patterns,
      tags,
      tests,
      text: resolved.text,
      detail: resolved.detail,
      allPackages: opts.allPackages ?? false,
      keepForeign: opts.keepForeign ?? false,
      gcflags: diagnosticGcflags('DIR', resolved.text, opts.allPackages ?? false),
      textApart: resolved.textApart,
      testOverlay,
    },
    targets,
    dependencies: deps.map((d) => [d.importPath, d.buildId] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    index: opts.index ? opts.index.packages.map((p) => [p.importPath, p.dir] as const) : null,
  };
}

/**
 * testBinaryName is the file `go test -c -o DIR/` writes for a package: its
 * path's last element, or the one before a major-version element ("v10"),
 * as cmd/go's DefaultExecName, plus ".test".
 */
export function testBinaryName(importPath: string): string {
  return `${guessPackageName(importPath)}.test`;
}

const BATCH_MANIFEST = 'packages.json';

/** keptTestBinary finds the test binary of importPath a diagnostic build left in binariesDir; null when it left none. */
export function keptTestBinary(binariesDir: string, importPath: string): string | null {
  let batches: string[];
  try {
    batches = readdirSync(binariesDir).filter((d) => d.startsWith('batch-'));
  } catch {
    return null;
  }
  for (const b of batches) {
    try {
      const listed = JSON.parse(readFileSync(join(binariesDir, b, BATCH_MANIFEST), 'utf8')) as unknown;
      if (!Array.isArray(listed) || !listed.includes(importPath)) continue;
    } catch {
      continue;
    }
    const path = join(binariesDir, b, testBinaryName(importPath));
    // A package without test files gets no binary.
    return existsSync(path) ? path : null;
  }
  return null;
}

/**
 * JSON_SETTLE_MS: during the build, a file untouched this long is taken as
 * complete (the final pass re-checks). The compiler writes a package's files
 * in one go when its compile ends, so a short settle rarely reads a file
 * twice, and leaves less to read after the build, when nothing else runs:
 * at 100 ms the test variant's files are read while the test binary links
 * (validator: 0.29-0.34 s from the build's end to the first timing run,
 * against 0.31-0.59 s at 250 ms).
 */
const JSON_SETTLE_MS = 100;
/** JSON_POLL_MS is how often the directory is scanned during the build (a pass over std's ~350 package directories takes ~2 ms). */
const JSON_POLL_MS = 100;

/**
 * JsonDirReader reads the -json files under dir (one subdirectory per
 * package), each file once per (size, mtime): a file that changes after it
 * was read is read again, and the sink replaces its earlier contribution.
 *
 * Reads are synchronous, into one buffer reused for every file: a whole-std
 * build writes 289 MB in ~2200 files, and a fresh Buffer per file (what
 * fs.promises.readFile gives) made that much external memory for the GC to
 * chase while the compiler needs both cores. The sink must therefore not keep
 * the bytes past its call (JsonEvidence.addBytes copies what it keeps).
 */
class JsonDirReader {
  private readonly seen = new Map<string, string>();
  /** Package directories whose every file was read, by the directory's mtime then: unchanged, nothing new was added. */
  private readonly doneDirs = new Map<string, number>();
  private buf = Buffer.allocUnsafe(1 << 20);
  constructor(
    private readonly dir: string,
    private readonly sink: (origin: string, bytes: Buffer) => void,
  ) {}

  /**
   * pass reads every new or changed file last written more than settleMs ago.
   * During the build (settleMs > 0) it skips directories that gained no file
   * since they were read (a whole-std build has ~350, polled twice a second);
   * the final pass (settleMs 0) stats every file, since a test variant of a
   * package rewrites its files in place.
   */
  pass(settleMs: number): void {
    let pkgDirs: string[];
    try {
      pkgDirs = readdirSync(this.dir);
    } catch {
      return; // nothing has written diagnostics (yet)
    }
    const now = Date.now();
    for (const p of pkgDirs) {
      const pkgDir = join(this.dir, p);
      let dirMtime: number;
      let files: string[];
      try {
        dirMtime = statSync(pkgDir).mtimeMs;
        if (settleMs > 0 && this.doneDirs.get(p) === dirMtime) continue;
        files = readdirSync(pkgDir);
      } catch {
        continue;
      }
      let complete = true;
      for (const f of files) {
        if (!f.endsWith('.json')) continue;
        const path = join(pkgDir, f);
        if (settleMs > 0 && this.seen.has(path)) continue;
        const bytes = this.read(path, settleMs, now);
        if (bytes === 'settling') complete = false;
        else if (bytes !== null) this.sink(`${decodeURIComponent(p)}/${f}`, bytes);
      }
      if (complete && now - dirMtime >= settleMs) this.doneDirs.set(p, dirMtime);
    }
  }

  /** read returns the file's bytes (a view of the shared buffer), null when unchanged or gone, 'settling' when written too recently. */
  private read(path: string, settleMs: number, now: number): Buffer | null | 'settling' {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    try {
      const st = fstatSync(fd);
      const version = `${st.size}:${st.mtimeMs}`;
      if (this.seen.get(path) === version) return null;
      if (now - st.mtimeMs < settleMs) return 'settling';
      if (st.size > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(st.size, 2 * this.buf.length));
      let n = 0;
      for (;;) {
        // Read to end of file, not to the size stat gave: the compiler may still be appending (the final pass re-reads).
        if (n === this.buf.length) {
          const bigger = Buffer.allocUnsafe(2 * this.buf.length);
          this.buf.copy(bigger, 0, 0, n);
          this.buf = bigger;
        }
        const got = readSync(fd, this.buf, n, this.buf.length - n, null);
        if (got === 0) break;
        n += got;
      }
      this.seen.set(path, version);
      return this.buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  }
}
