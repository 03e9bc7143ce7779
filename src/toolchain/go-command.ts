// go-command.ts finds the user's `go` and asks it about itself. All process
// starts go through the Runner from process.ts.
import { isAbsolute, join } from 'node:path';
import { ToolchainError } from '../errors.js';
import { SpawnError, withTempDir, type RunRecord, type Runner } from './process.js';

/** GoToolchain is the `go` heapsight drives, with the facts callers need. */
export interface GoToolchain {
  /** Absolute path or command name of the go binary. */
  readonly goBin: string;
  /** e.g. "go1.26.8" */
  readonly version: string;
  readonly goos: string;
  readonly goarch: string;
  /** GOROOT, for resolving standard-library source paths. */
  readonly goroot: string;
  readonly gocache: string;
  /**
   * The go env variables that change what a compile produces beyond the
   * sources (GOFLAGS, GOEXPERIMENT, the GOAMD64-style CPU levels, cgo's
   * compiler and flags, …), as `go env` resolves them from the environment
   * and the go env file. Keys of compiler-evidence caches.
   */
  readonly buildEnv: Readonly<Record<string, string>>;
  /** GOHOSTOS and GOHOSTARCH: what this machine runs (GOOS/GOARCH may name a cross-compilation target). */
  readonly hostOs?: string;
  readonly hostArch?: string;
}

/** BUILD_ENV_VARS are the go env variables GoToolchain.buildEnv holds (go env prints "" for one this go does not know). */
export const BUILD_ENV_VARS: readonly string[] = [
  'GOFLAGS',
  'GOEXPERIMENT',
  'GOAMD64',
  'GOARM',
  'GOARM64',
  'GO386',
  'GOMIPS',
  'GOMIPS64',
  'GOPPC64',
  'GORISCV64',
  'GOWASM',
  'CGO_ENABLED',
  'CC',
  'CXX',
  'CGO_CFLAGS',
  'CGO_CPPFLAGS',
  'CGO_CXXFLAGS',
  'CGO_FFLAGS',
  'CGO_LDFLAGS',
  'GOWORK',
  'GOVERSION',
];

/** goBinary names the go executable: $HEAPSIGHT_GO, else "go" on PATH. */
export function goBinary(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['HEAPSIGHT_GO'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : 'go';
}

/**
 * runGo runs `go ARGS` and turns "go is missing" into a ToolchainError with a
 * hint. The go command's work directories (GOTMPDIR) live in a heapsight
 * temp dir, so they go away even when Ctrl-C kills a build mid-way (go does
 * not remove its go-build* directory when it is killed).
 */
export async function runGo(
  runner: Runner,
  goBin: string,
  args: readonly string[],
  cwd: string,
  extra: Omit<Parameters<Runner['run']>[0], 'argv' | 'cwd'> = {},
): Promise<RunRecord> {
  try {
    if (process.env['GOTMPDIR'] !== undefined || extra.env?.['GOTMPDIR'] !== undefined) {
      return await runner.run({ ...extra, argv: [goBin, ...args], cwd });
    }
    return await withTempDir('gotmp', (gotmp) => runner.run({ ...extra, env: { ...extra.env, GOTMPDIR: gotmp }, argv: [goBin, ...args], cwd }));
  } catch (e) {
    if (e instanceof SpawnError && (e.code === 'ENOENT' || e.code === 'EACCES')) {
      throw new ToolchainError(
        `cannot run the Go toolchain: ${goBin} (${e.code === 'ENOENT' ? 'not found' : 'permission denied'})`,
        null,
        'install Go (https://go.dev/dl) and put `go` on PATH, or set HEAPSIGHT_GO to its path',
      );
    }
    throw e;
  }
}

/** parseGoVersion extracts "go1.26.8" from `go version` output; null when it does not look like one. */
export function parseGoVersion(text: string): string | null {
  const m = /\bgo version (go\d+(?:\.\d+)*(?:[a-z]+\d*)?|devel [^\s]+)/.exec(text);
  return m ? (m[1] ?? null) : null;
}

/** findGo locates go and reads `go version` and `go env`; a missing go is a ToolchainError (exit 2). */
export async function findGo(runner: Runner, cwd: string, goBin = goBinary()): Promise<GoToolchain> {
  const ver = await runGo(runner, goBin, ['version'], cwd);
  const version = ver.exitCode === 0 ? parseGoVersion(ver.stdout) : null;
  if (version === null) {
    throw new ToolchainError(`\`${goBin} version\` failed or printed something unexpected`, ver);
  }
  const env = await runGo(runner, goBin, ['env', '-json', 'GOOS', 'GOARCH', 'GOROOT', 'GOCACHE', 'GOHOSTOS', 'GOHOSTARCH', ...BUILD_ENV_VARS], cwd);
  if (env.exitCode !== 0) throw new ToolchainError('`go env` failed', env);
  const parsed = JSON.parse(env.stdout) as Record<string, string>;
  const gocache = parsed['GOCACHE'] ?? '';
  return {
    goBin,
    version,
    goos: parsed['GOOS'] ?? '',
    goarch: parsed['GOARCH'] ?? '',
    goroot: parsed['GOROOT'] ?? '',
    gocache: isAbsolute(gocache) ? gocache : join(cwd, gocache),
    buildEnv: Object.fromEntries(BUILD_ENV_VARS.map((k) => [k, parsed[k] ?? ''])),
    ...(parsed['GOHOSTOS'] ? { hostOs: parsed['GOHOSTOS'] } : {}),
    ...(parsed['GOHOSTARCH'] ? { hostArch: parsed['GOHOSTARCH'] } : {}),
  };
}
