// benchstat-build.ts builds the benchstat the comparison tests hold heapsight
// against, at the version the goldens were made with, into the suite's cache,
// as any user can: `GOBIN=DIR go install pkg@version` from the Go module proxy.
import { cachedTool, tail } from './tool-cache.js';
import { liveRunner } from '../../src/toolchain/process.js';

export const BENCHSTAT_PACKAGE = 'golang.org/x/perf/cmd/benchstat';
export const BENCHSTAT_VERSION = 'v0.0.0-20260908200009-22c9c6c9d4da';

/** buildBenchstat returns the cached benchstat's path, building it first if needed; it throws when go cannot. */
export async function buildBenchstat(): Promise<{ path: string; built: boolean }> {
  return cachedTool(`benchstat@${BENCHSTAT_VERSION}`, 'benchstat', async (staging) => {
    const argv = ['go', 'install', `${BENCHSTAT_PACKAGE}@${BENCHSTAT_VERSION}`];
    // GOBIN puts the binary in the staging dir; cwd outside any module, as
    // `go install pkg@version` ignores the current module anyway.
    const rec = await liveRunner.run({ argv, cwd: staging, env: { GOBIN: staging }, timeoutMs: 15 * 60_000 });
    if (rec.exitCode !== 0) {
      throw new Error(
        `the benchstat oracle could not be built: \`GOBIN=${staging} ${argv.join(' ')}\` ` +
          `${rec.timedOut ? 'timed out' : `exited ${rec.exitCode ?? rec.signal}`} ` +
          `(it needs go on PATH and, on the first run, the Go module proxy):\n${tail(rec.stderr)}`,
      );
    }
  });
}
