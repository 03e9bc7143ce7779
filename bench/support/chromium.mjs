// chromium.mjs finds the headless Chromium the benchmarks and the README
// screenshot script drive, as test/support/headless-chromium.ts does for the
// tests: `chromium` on PATH, else the suite's unpacked @sparticuz/chromium,
// else that package unpacked now (into os.tmpdir()). Nothing is downloaded.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

function version(exe) {
  try {
    return /^(?:Chromium|Google Chrome) \d+[\d.]*/m.exec(execFileSync(exe, ['--version'], { encoding: 'utf8' }))?.[0] ?? null;
  } catch {
    return null;
  }
}

/** resolveBenchChromium returns { executablePath, args, version }. */
export async function resolveBenchChromium(root) {
  const candidates = (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'chromium'));
  candidates.push(join(root, 'node_modules/.cache/heapsight-test-tools/chromium@153.0.0/chromium'));
  for (const exe of candidates) {
    if (!existsSync(exe)) continue;
    const v = version(exe);
    if (v) return { executablePath: exe, args: ARGS, version: v };
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  const exe = await packaged.executablePath();
  return { executablePath: exe, args: ARGS, version: version(exe) ?? 'unknown' };
}
