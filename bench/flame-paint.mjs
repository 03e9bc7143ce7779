// flame-paint.mjs measures the flame graph's first paint in headless
// Chromium for a big profile (bar: < 1.5 s from navigation start until the
// first frame with the graph drawn). It generates a deep allocs profile of
// about a million samples with testdata/flame/big (a Go program; reuse one
// with HEAPSIGHT_BIG_PROFILE=path), writes the HTML with the built CLI code
// (run `npm run build` first) and opens it with Debian's /usr/bin/chromium.
//
//   node bench/flame-paint.mjs [--runs 3]
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { readProfile } from '../dist/profile/decode.js';
import { buildFlameTree } from '../dist/profile/flame-tree.js';
import { resolveSampleIndex } from '../dist/profile/sample-index.js';
import { flameData, renderFlameHtml } from '../dist/render/flame-html.js';
import { liveRunner } from '../dist/toolchain/process.js';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 3) || 3;
const tmp = await mkdtemp(join(tmpdir(), 'heapsight-flame-bench-'));
try {
  let profilePath = process.env.HEAPSIGHT_BIG_PROFILE;
  if (!profilePath) {
    profilePath = join(tmp, 'big.pb.gz');
    process.stderr.write('generating the big profile (go run testdata/flame/big)…\n');
    const gen = await liveRunner.run({ argv: ['go', 'run', '.', '-o', profilePath], cwd: join(root, 'testdata/flame/big'), timeoutMs: 600_000 });
    if (gen.exitCode !== 0) throw new Error(`generator failed: ${gen.stderr}`);
  }
  let t = performance.now();
  const profile = await readProfile(profilePath);
  const decodeMs = performance.now() - t;
  t = performance.now();
  const tree = buildFlameTree([{ profile, sign: 1 }]);
  const treeMs = performance.now() - t;
  t = performance.now();
  const si = resolveSampleIndex(profile);
  const html = renderFlameHtml(flameData(tree, { title: 'big profile', notes: [], defaultIndex: si.index }));
  const htmlMs = performance.now() - t;
  const file = join(tmp, 'big.html');
  await writeFile(file, html);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const paints = [];
  try {
    for (let r = 0; r < runs; r++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`file://${file}`, { timeout: 60_000 });
      await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
      // performance.now() counts from navigation start; data-first-paint-ms from the viewer's start.
      const m = await page.evaluate(() => ({
        sinceNavigation: Number(document.body.dataset.readyAtMs),
        viewer: Number(document.body.dataset.firstPaintMs),
      }));
      paints.push(m);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result = {
    profile: { samples: profile.samples.count, gzipBytes: (await stat(profilePath)).size },
    tree: { nodes: tree.nodeFrame.length, frames: tree.frames.length, maxDepth: tree.maxDepth },
    node: { decodeMs: Math.round(decodeMs), treeMs: Math.round(treeMs), htmlMs: Math.round(htmlMs), htmlBytes: Buffer.byteLength(html) },
    chromium: {
      runs: paints,
      firstPaintSinceNavigationMs: median(paints.map((p) => p.sinceNavigation)),
      viewerMs: median(paints.map((p) => p.viewer)),
      barMs: 1500,
    },
  };
  result.chromium.pass = result.chromium.firstPaintSinceNavigationMs < 1500;
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  process.exitCode = result.chromium.pass ? 0 : 1;
} finally {
  await rm(tmp, { recursive: true, force: true });
}
