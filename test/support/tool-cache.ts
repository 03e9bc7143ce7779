// tool-cache.ts is where the test suite keeps the tools it builds for itself
// (the benchstat oracle, an unpacked Chromium): under node_modules/.cache, so
// `npm ci` starts it afresh and nothing outside the checkout is written.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** repoRoot is the checkout holding this file (test/support/ → ../..). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** toolCacheDir is the suite's own cache. */
export const toolCacheDir = join(repoRoot, 'node_modules', '.cache', 'heapsight-test-tools');

/**
 * cachedTool returns `toolCacheDir/<name>/<file>`, filling the directory with
 * `fill(stagingDir)` first when it is not there yet. Two test runs at once may
 * both fill; each fills its own temp directory and renames it into place, so
 * neither ever sees a half-written tool (a rename onto a non-empty directory
 * fails, and the loser removes its copy). `fill` throws to fail the run.
 */
export async function cachedTool(name: string, file: string, fill: (stagingDir: string) => Promise<void>): Promise<{ path: string; built: boolean }> {
  const finalDir = join(toolCacheDir, name);
  const path = join(finalDir, file);
  if (existsSync(path)) return { path, built: false };
  await mkdir(toolCacheDir, { recursive: true });
  const staging = await mkdtemp(join(toolCacheDir, `.${name}.tmp-`));
  try {
    await fill(staging);
    if (!existsSync(join(staging, file))) throw new Error(`${name}: the build finished but left no ${file} in ${staging}`);
    try {
      await rename(staging, finalDir);
    } catch (e) {
      // Another run renamed its copy first: use that one.
      if (!existsSync(path)) throw e;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { path, built: true };
}

/** tail keeps the last n lines of a tool's output for an error message. */
export function tail(text: string, n = 20): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}
