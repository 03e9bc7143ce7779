// linters.ts builds the linters heapsight's rules are compared with, at
// pinned versions from the Go module proxy, into the suite's tool cache (as
// benchstat-build.ts does): `GOBIN=DIR go install pkg@version`, as any user
// installs them. Only the rules e2e test calls it, so other runs pay nothing.
import { join } from 'node:path';
import { liveRunner } from '../../src/toolchain/process.js';
import { cachedTool, tail } from './tool-cache.js';

/** Linter names one linter, its package and pinned version, and how it is run on a module's ./... */
export interface Linter {
  readonly name: 'staticcheck' | 'prealloc' | 'perfsprint' | 'gocritic';
  readonly pkg: string;
  readonly version: string;
  readonly binary: string;
  /** Arguments before the package pattern. */
  readonly args: readonly string[];
}

/**
 * LINTERS are the versions the README's comparison was made with.
 * staticcheck runs every check (SA6000, SA6002 among them); prealloc also
 * flags range and for loops over known lengths (its defaults); gocritic
 * enables every tag, and ptrToRefParam by name (it is in none by default).
 */
export const LINTERS: readonly Linter[] = [
  { name: 'staticcheck', pkg: 'honnef.co/go/tools/cmd/staticcheck', version: 'v0.8.2', binary: 'staticcheck', args: ['-checks', 'all'] },
  { name: 'prealloc', pkg: 'github.com/alexkohler/prealloc', version: 'v1.1.0', binary: 'prealloc', args: [] },
  { name: 'perfsprint', pkg: 'github.com/catenacyber/perfsprint', version: 'v0.10.1', binary: 'perfsprint', args: [] },
  {
    name: 'gocritic',
    pkg: 'github.com/go-critic/go-critic/cmd/gocritic',
    version: 'v0.15.0',
    binary: 'gocritic',
    args: ['check', '-enable=#performance,#experimental,#opinionated,#style,#diagnostic,ptrToRefParam'],
  },
];

/** buildLinter returns the cached linter's path, building it first if needed; it throws when go cannot. */
export async function buildLinter(l: Linter): Promise<string> {
  const { path } = await cachedTool(`${l.name}@${l.version}`, l.binary, async (staging) => {
    const argv = ['go', 'install', `${l.pkg}@${l.version}`];
    const rec = await liveRunner.run({ argv, cwd: staging, env: { GOBIN: staging }, timeoutMs: 15 * 60_000 });
    if (rec.exitCode !== 0) throw new Error(`${l.name} could not be built: \`GOBIN=${staging} ${argv.join(' ')}\`:\n${tail(rec.stderr)}`);
  });
  return path;
}

/** LinterReport is one line a linter printed: file (absolute), line, column and message. */
export interface LinterReport {
  readonly linter: Linter['name'];
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** runLinter runs a built linter on ./... in dir and parses its `file:line:col: message` lines. */
export async function runLinter(l: Linter, path: string, dir: string): Promise<LinterReport[]> {
  const rec = await liveRunner.run({ argv: [path, ...l.args, './...'], cwd: dir, timeoutMs: 5 * 60_000 });
  const out: LinterReport[] = [];
  for (const line of `${rec.stdout}\n${rec.stderr}`.split('\n')) {
    const m = /^(.+?\.go):(\d+):(\d+): (.*)$/.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.startsWith('/') ? m[1]! : join(dir, m[1]!);
    out.push({ linter: l.name, file, line: Number(m[2]), column: Number(m[3]), message: m[4]! });
  }
  return out;
}
