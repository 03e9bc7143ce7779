// golden.ts is the suite's one golden-file helper (STYLE.md principle 9):
// text is compared byte for byte with a file under testdata/, and UPDATE=1
// rewrites the file instead. A missing golden fails, in CI and locally
// alike: a test that writes its own expectation cannot fail.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** repoRoot is the checkout the tests run in. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** GoldenOptions: replacements made in the text before it is compared (machine paths → stable markers), in order. */
export interface GoldenOptions {
  readonly replace?: readonly (readonly [from: string, to: string])[];
}

/** machinePaths replaces this checkout's path with <repo> and GOROOT (when known) with <goroot>. */
export function machinePaths(goroot?: string): GoldenOptions['replace'] {
  return [[repoRoot, '<repo>'], ...(goroot !== undefined && goroot !== '' ? [[goroot, '<goroot>'] as const] : [])];
}

/** isUpdating says whether this run rewrites goldens (UPDATE=1). */
export function isUpdating(): boolean {
  return process.env['UPDATE'] === '1';
}

/**
 * matchGolden compares text with the golden file at path (absolute, or
 * relative to the repository), after opts.replace; under UPDATE=1 it writes
 * the file (and its directory) first.
 */
export function matchGolden(path: string, text: string, opts: GoldenOptions = {}): void {
  const file = path.startsWith('/') ? path : join(repoRoot, path);
  let actual = text;
  for (const [from, to] of opts.replace ?? []) if (from !== '') actual = actual.split(from).join(to);
  const name = relative(repoRoot, file);
  if (isUpdating()) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(existsSync(file), `golden ${name} is missing: run the test with UPDATE=1 and review the new file`).toBe(true);
  expect(actual, `golden ${name} (UPDATE=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
}
