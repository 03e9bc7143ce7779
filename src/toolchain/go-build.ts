// go-build.ts runs the builds that make the compiler explain itself:
// `go list` to resolve patterns, and `go build` / `go test -c` with
// -gcflags=-json=0,DIR (plus -m=2 and -S when asked). All process starts go
// through the Runner (process.ts).
import { InputError, InterruptedError, ToolchainError } from '../errors.js';
import type { GoToolchain } from './go-command.js';
import { runGo } from './go-command.js';
import { packageArgs } from './package-patterns.js';
import type { RunRecord, Runner } from './process.js';

/** GoPackage is the part of `go list -json` heapsight uses. */
export interface GoPackage {
  readonly importPath: string;
  readonly dir: string;
  readonly name: string;
  readonly goFiles: readonly string[];
  readonly cgoFiles: readonly string[];
  readonly testGoFiles: readonly string[];
  readonly xTestGoFiles: readonly string[];
  readonly ignoredGoFiles: readonly string[];
  readonly standard: boolean;
  /** go list's error for this package (not found, no Go files, syntax error); null when fine. */
  readonly error: string | null;
  /** The other files the build compiles or assembles with it (C, C++, headers, assembly, syso, …; cgo reads them). */
  readonly otherFiles: readonly string[];
  /** Import paths as the build resolves them (vendor/… for std's vendored packages; "C" for cgo). */
  readonly imports: readonly string[];
  readonly testImports: readonly string[];
  readonly xTestImports: readonly string[];
  /** The module that holds it; null for the standard library (and outside module mode). */
  readonly module: { readonly path: string; readonly goVersion: string; readonly goMod: string } | null;
}

interface RawListed {
  ImportPath?: string;
  Dir?: string;
  Name?: string;
  GoFiles?: string[];
  CgoFiles?: string[];
  TestGoFiles?: string[];
  XTestGoFiles?: string[];
  IgnoredGoFiles?: string[];
  Standard?: boolean;
  Error?: { Err?: string };
  CFiles?: string[];
  CXXFiles?: string[];
  MFiles?: string[];
  HFiles?: string[];
  FFiles?: string[];
  SFiles?: string[];
  SwigFiles?: string[];
  SwigCXXFiles?: string[];
  SysoFiles?: string[];
  Imports?: string[];
  TestImports?: string[];
  XTestImports?: string[];
  Module?: { Path?: string; GoVersion?: string; GoMod?: string };
}

/** OTHER_FILE_FIELDS are go list's lists of non-Go files a package's build reads. */
const OTHER_FILE_FIELDS = ['CFiles', 'CXXFiles', 'MFiles', 'HFiles', 'FFiles', 'SFiles', 'SwigFiles', 'SwigCXXFiles', 'SysoFiles'] as const;

/** splitJsonStream splits `go list -json` output (concatenated objects, each closed by "}" at column 0). */
export function splitJsonStream(text: string): string[] {
  return text
    .split(/^\}$/m)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s + '\n}');
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError('interrupted');
}

/**
 * listPackages resolves package patterns with `go list -e -json`. A pattern
 * that names no Go package is an InputError with a hint; go list failing as a
 * whole (no go.mod, bad pattern syntax) is a ToolchainError.
 */
export async function listPackages(
  runner: Runner,
  go: GoToolchain,
  opts: { cwd: string; patterns: readonly string[]; tags?: readonly string[]; signal?: AbortSignal },
): Promise<GoPackage[]> {
  checkAborted(opts.signal);
  const args = [
    'list',
    '-e',
    `-json=ImportPath,Dir,Name,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,IgnoredGoFiles,Standard,Error,${OTHER_FILE_FIELDS.join(',')},Imports,TestImports,XTestImports,Module`,
    ...tagArgs(opts.tags),
    ...packageArgs(opts.patterns),
  ];
  const run = await runGo(runner, go.goBin, args, opts.cwd);
  if (run.exitCode !== 0) {
    const first = run.stderr.trim().split('\n')[0] ?? '';
    throw new ToolchainError(`cannot resolve packages ${opts.patterns.join(' ')}: ${first}`, run, hintFor(run.stderr));
  }
  const pkgs: GoPackage[] = [];
  for (const chunk of splitJsonStream(run.stdout)) {
    const raw = JSON.parse(chunk) as RawListed;
    pkgs.push({
      importPath: raw.ImportPath ?? '',
      dir: raw.Dir ?? '',
      name: raw.Name ?? '',
      goFiles: raw.GoFiles ?? [],
      cgoFiles: raw.CgoFiles ?? [],
      testGoFiles: raw.TestGoFiles ?? [],
      xTestGoFiles: raw.XTestGoFiles ?? [],
      ignoredGoFiles: raw.IgnoredGoFiles ?? [],
      standard: raw.Standard ?? false,
      error: raw.Error?.Err ?? null,
      otherFiles: OTHER_FILE_FIELDS.flatMap((f) => raw[f] ?? []),
      imports: raw.Imports ?? [],
      testImports: raw.TestImports ?? [],
      xTestImports: raw.XTestImports ?? [],
      module: raw.Module?.Path !== undefined ? { path: raw.Module.Path, goVersion: raw.Module.GoVersion ?? '', goMod: raw.Module.GoMod ?? '' } : null,
    });
  }
  if (pkgs.length === 0) {
    const warn = run.stderr.trim();
    throw new InputError(
      `${opts.patterns.join(' ')} matched no Go packages${warn !== '' ? ` (${warn.split('\n')[0]})` : ''}`,
      'name a directory that holds .go files, an import path, or a pattern such as ./...',
    );
  }
  const notFound = pkgs.filter((p) => p.error !== null && (p.dir === '' || /no Go files|build constraints exclude|directory not found|cannot find|is not in std|not in GOROOT|no required module/.test(p.error)));
  if (notFound.length > 0) {
    const p = notFound[0]!;
    const buildConstraints = /build constraints exclude all Go files/.test(p.error ?? '');
    throw new InputError(
      `${p.importPath} is not a Go package: ${p.error}`,
      buildConstraints
        ? 'its files are excluded by build constraints; pass the tags that select them with --tags'
        : 'name a directory that holds .go files (./path/to/pkg), an import path, or ./...',
    );
  }
  return pkgs;
}

/** PackageInfo is one package of a build's dependency graph (go list -deps). */
export interface PackageInfo {
  readonly importPath: string;
  readonly dir: string;
  /** The package name ("jsoniter" for github.com/json-iterator/go). */
  readonly name: string;
  readonly standard: boolean;
  /** The module that holds it; null for the standard library. */
  readonly module: string | null;
  /** True when the module is the main module (the user's own code, targets or not). */
  readonly mainModule: boolean;
  /** True for a package named by the patterns (not only a dependency). */
  readonly target: boolean;
}

/** PackageIndex finds the package of a source file by its directory. */
export interface PackageIndex {
  readonly packages: readonly PackageInfo[];
  readonly byDir: ReadonlyMap<string, PackageInfo>;
  readonly byPath: ReadonlyMap<string, PackageInfo>;
}

interface RawDep {
  ImportPath?: string;
  Dir?: string;
  Name?: string;
  Standard?: boolean;
  DepOnly?: boolean;
  ForTest?: string;
  Module?: { Path?: string; Main?: boolean };
}

/** packageIndex builds the index; the first package listed for a directory wins (test variants share it). */
export function packageIndex(packages: readonly PackageInfo[]): PackageIndex {
  const byDir = new Map<string, PackageInfo>();
  const byPath = new Map<string, PackageInfo>();
  for (const p of packages) {
    if (p.dir !== '' && !byDir.has(p.dir)) byDir.set(p.dir, p);
    if (!byPath.has(p.importPath)) byPath.set(p.importPath, p);
  }
  return { packages, byDir, byPath };
}

/**
 * parseDependencyList reads `go list -e -deps -test -json=…` output: every
 * package the targets' test binaries link, once each. Test variants
 * ("p [p.test]") and generated test mains ("p.test") are folded into p.
 */
export function parseDependencyList(stdout: string): PackageInfo[] {
  const raws = splitJsonStream(stdout).map((c) => JSON.parse(c) as RawDep);
  const listed = new Set(raws.filter((r) => r.DepOnly !== true && (r.ForTest ?? '') === '').map((r) => r.ImportPath ?? ''));
  const seen = new Set<string>();
  const out: PackageInfo[] = [];
  for (const r of raws) {
    const path = r.ImportPath ?? '';
    if ((r.ForTest ?? '') !== '') continue;
    if (path.endsWith('.test') && listed.has(path.slice(0, -'.test'.length))) continue;
    if (path === '' || seen.has(path)) continue;
    seen.add(path);
    out.push({
      importPath: path,
      dir: r.Dir ?? '',
      name: r.Name ?? '',
      standard: r.Standard ?? false,
      module: r.Module?.Path ?? null,
      mainModule: r.Module?.Main ?? false,
      target: r.DepOnly !== true,
    });
  }
  return out;
}

/**
 * listDependencies runs `go list -e -deps -test` on the targets: which
 * package every linked source file belongs to, its name and module. A failure
 * is a ToolchainError (the caller decides whether it can go on without).
 */
export async function listDependencies(
  runner: Runner,
  go: GoToolchain,
  opts: { cwd: string; patterns: readonly string[]; tags?: readonly string[]; signal?: AbortSignal },
): Promise<PackageIndex> {
  checkAborted(opts.signal);
  const args = ['list', '-e', '-deps', '-test', '-json=ImportPath,Dir,Name,Standard,DepOnly,ForTest,Module', ...tagArgs(opts.tags), ...packageArgs(opts.patterns)];
  const run = await runGo(runner, go.goBin, args, opts.cwd);
  if (run.exitCode !== 0) throw new ToolchainError(`cannot list the dependencies of ${opts.patterns.join(' ')}`, run);
  return packageIndex(parseDependencyList(run.stdout));
}

/** BuildId is one package's build ID as `go list -export` reports it (actionID/contentID); '' for unsafe, which compiles to nothing. */
export interface BuildId {
  readonly importPath: string;
  readonly buildId: string;
  /** go list's error (a compile error included); null when the package built. */
  readonly error: string | null;
}

/**
 * listBuildIds runs `go list -e -deps -export` on import paths: the build ID
 * of every package they need. The action ID half covers what the go command
 * knows goes into a compile: the sources, the compiler, the flags and
 * environment, and every dependency's export data; so two equal lists mean
 * the same dependency builds. -export builds what the build cache lacks, with
 * the plain flags a diagnostic build gives dependencies, so the diagnostic
 * build that follows reuses those compiles. A package that does not compile
 * comes back with its error, not as a failure.
 */
export async function listBuildIds(
  runner: Runner,
  go: GoToolchain,
  opts: { cwd: string; importPaths: readonly string[]; tags?: readonly string[]; signal?: AbortSignal },
): Promise<BuildId[]> {
  checkAborted(opts.signal);
  const args = ['list', '-e', '-deps', '-export', '-json=ImportPath,BuildID,Error', ...tagArgs(opts.tags), ...packageArgs(opts.importPaths)];
  const run = await runGo(runner, go.goBin, args, opts.cwd);
  if (run.exitCode !== 0) throw new ToolchainError(`cannot list the build IDs of ${opts.importPaths.length} packages`, run);
  return splitJsonStream(run.stdout).map((c) => {
    const raw = JSON.parse(c) as { ImportPath?: string; BuildID?: string; Error?: { Err?: string } };
    return { importPath: raw.ImportPath ?? '', buildId: raw.BuildID ?? '', error: raw.Error?.Err ?? null };
  });
}

function tagArgs(tags: readonly string[] | undefined): string[] {
  return tags && tags.length > 0 ? [`-tags=${tags.join(',')}`] : [];
}

function hintFor(stderr: string): string | undefined {
  if (/go\.mod file not found/.test(stderr)) return 'run heapsight inside a Go module (a directory with go.mod), or pass the module directory';
  return undefined;
}

/** DiagnosticBuildOptions says what to build and which compiler output to ask for. */
export interface DiagnosticBuildOptions {
  readonly cwd: string;
  /** Import paths or directories, passed to go as they are. */
  readonly packages: readonly string[];
  readonly tags?: readonly string[];
  /** Apply the flags to every package in the build, the standard library included (`all=`). */
  readonly allPackages?: boolean;
  /** Build test binaries (`go test -c`) so _test.go files are compiled too. */
  readonly tests: boolean;
  /**
   * Absolute directory for -json=0,DIR. Must be fresh: a build-cache hit
   * writes no JSON. null: no -json, the text only (check's go build of the
   * packages alone, beside a -json test build).
   */
  readonly jsonDir: string | null;
  /** Where `go test -c -o` puts test binaries (a directory). */
  readonly outDir: string;
  /** Also ask for -m=2 explanations and -S listings (printed on stderr). */
  readonly text: boolean;
  /** A go build -overlay file (check's test files without their Test bodies). */
  readonly overlay?: string;
  readonly onStderrLine?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * SourceOverlay is a go build -overlay file of replaced sources that may
 * fail to build where the originals do (check's test files without their
 * Test bodies), and how to mend it from the compiler's errors.
 */
export interface SourceOverlay {
  readonly file: string;
  /** Rewrites the replacements the errors name; false when it can mend nothing. */
  readonly repair: (errors: string) => boolean;
}

/** OVERLAY_REPAIRS bounds the mended builds (the compiler stops at 10 errors a package). */
const OVERLAY_REPAIRS = 3;

/**
 * withOverlay runs build with the overlay; a build that fails is mended and
 * built again (at most OVERLAY_REPAIRS times), else built without it. Only a
 * ToolchainError (the build's own failure) falls back; Ctrl-C does not.
 */
export async function withOverlay<T>(overlay: SourceOverlay | undefined, build: (file: string | undefined) => Promise<T>): Promise<T> {
  if (overlay === undefined) return build(undefined);
  for (let i = 0; ; i++) {
    try {
      return await build(overlay.file);
    } catch (e) {
      if (!(e instanceof ToolchainError)) throw e;
      if (i < OVERLAY_REPAIRS && e.run !== null && overlay.repair(e.run.stderr)) continue;
      return build(undefined);
    }
  }
}

/** diagnosticGcflags is the -gcflags value heapsight passes (exported so the benchmark drives the same flags). */
export function diagnosticGcflags(jsonDir: string | null, text: boolean, allPackages: boolean): string {
  const flags = [...(jsonDir !== null ? [`-json=0,${jsonDir}`] : []), ...(text ? ['-m=2', '-S'] : [])].join(' ');
  return `${allPackages ? 'all=' : ''}${flags}`;
}

/** diagnosticBuildArgs is the go argv (without the go binary) for one build. */
export function diagnosticBuildArgs(opts: DiagnosticBuildOptions): string[] {
  const gcflags = `-gcflags=${diagnosticGcflags(opts.jsonDir, opts.text, opts.allPackages ?? false)}`;
  const common = [gcflags, ...tagArgs(opts.tags), ...(opts.overlay !== undefined ? [`-overlay=${opts.overlay}`] : [])];
  // go test -c with several packages needs -o to name a directory (go1.21+).
  return opts.tests
    ? ['test', '-c', '-vet=off', `-o=${opts.outDir}/`, ...common, ...packageArgs(opts.packages)]
    : // -o /dev/null: go build compiles and discards, and a main package's binary is not written into the user's
      // directory (with -o DIR it fails on std: "no main packages to build").
      ['build', `-o=${process.platform === 'win32' ? 'NUL' : '/dev/null'}`, ...common, ...packageArgs(opts.packages)];
}

/**
 * buildWithDiagnostics runs one diagnostic build. A failing build is a
 * ToolchainError whose run carries the compiler's errors.
 */
export async function buildWithDiagnostics(runner: Runner, go: GoToolchain, opts: DiagnosticBuildOptions): Promise<RunRecord> {
  checkAborted(opts.signal);
  const args = diagnosticBuildArgs(opts);
  const run = await runGo(runner, go.goBin, args, opts.cwd, {
    ...(opts.onStderrLine ? { onStderrLine: opts.onStderrLine } : {}),
    // The -m=2/-S text can be large; the caller parses it line by line, so keep little of it.
    maxCaptureBytes: opts.onStderrLine ? 256 * 1024 : 64 * 1024 * 1024,
  });
  checkAborted(opts.signal);
  if (run.exitCode !== 0) {
    // The -m=2/-S chatter would bury the errors: the error's run keeps only the error lines.
    const what = opts.packages.length <= 5 ? opts.packages.join(' ') : `${opts.packages.length} packages`;
    throw new ToolchainError(`the build failed (${what}); the compiler said:`, { ...run, stderr: compilerErrors(run.stderr) });
  }
  return run;
}

/**
 * compilerErrors keeps the lines of a failed build's stderr that are errors,
 * not -m/-S chatter: "# pkg" headers, "file:line:col: msg" lines that are not
 * optimisation notes, and go command errors.
 */
export function compilerErrors(stderr: string, max = 30): string {
  const keep: string[] = [];
  for (const l of stderr.split('\n')) {
    if (l.startsWith('\t') || l.trim() === '') continue;
    if (/^\S+ S[A-Z]+ /.test(l)) continue;
    if (/: (can inline|cannot inline|inlining call to|leaking param|moved to heap|parameter .* leaks|.* escapes to heap|.* does not escape|  )/.test(l)) continue;
    if (/^\S+:\d+:\d+: {2}/.test(l)) continue;
    keep.push(l);
  }
  const lines = keep.length > max ? [...keep.slice(0, max), `… ${keep.length - max} more`] : keep;
  return lines.join('\n');
}
