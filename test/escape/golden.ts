// golden.ts locates testdata/escape and compares snapshots (UPDATE=1 rewrites them).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const testdata = join(repoRoot, 'testdata', 'escape');

/** readGolden reads a file under testdata/escape/golden. */
export function readGolden(name: string): string {
  return readFileSync(join(testdata, 'golden', name), 'utf8');
}

/** matchSnapshot compares text with a golden file; UPDATE=1 rewrites it. Absolute paths are replaced by <repo>. */
export function matchSnapshot(name: string, text: string, goroot?: string): void {
  const path = join(testdata, 'golden', name);
  let normalized = text.split(repoRoot).join('<repo>');
  if (goroot !== undefined && goroot !== '') normalized = normalized.split(goroot).join('<goroot>');
  if (process.env['UPDATE'] === '1' || !existsSync(path)) {
    writeFileSync(path, normalized);
    if (process.env['UPDATE'] !== '1') throw new Error(`golden ${name} was missing and has been written; rerun`);
    return;
  }
  expect(normalized).toBe(readFileSync(path, 'utf8'));
}
