// workbench-paint.mjs measures `heapsight serve` on a million-sample profile
// in headless Chromium. Bars: first paint of the flame graph under 1.5 s
// from navigation start; zoom and pan frames under 16 ms at the 95th
// percentile (the paint inside each requestAnimationFrame callback, driven by
// real wheel events); the server's peak RSS (VmHWM) under 400 MB.
// The profile is testdata/flame/big's (1,000,013 samples, 2.1M flame nodes;
// reuse one with HEAPSIGHT_BIG_PROFILE=path). Run `npm run build` first.
//
//   node bench/workbench-paint.mjs [--runs 3]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { resolveBenchChromium } from './support/chromium.mjs';
import { liveRunner } from '../dist/toolchain/process.js';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 3) || 3;
const tmp = await mkdtemp(join(tmpdir(), 'heapsight-workbench-bench-'));
let server;
try {
  let profilePath = process.env.HEAPSIGHT_BIG_PROFILE;
  if (!profilePath) {
    profilePath = join(tmp, 'big.pb.gz');
    process.stderr.write('generating the big profile (go run testdata/flame/big)…\n');
    const gen = await liveRunner.run({ argv: ['go', 'run', '.', '-o', profilePath], cwd: join(root, 'testdata/flame/big'), timeoutMs: 600_000 });
    if (gen.exitCode !== 0) throw new Error(`generator failed: ${gen.stderr}`);
  }
  const started = performance.now();
  server = spawn(process.execPath, [join(root, 'bin/heapsight'), 'serve', profilePath, '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    let out = '';
    server.stdout.on('data', (c) => {
      out += c;
      const m = /^(http:\/\/\S+)\n/m.exec(out);
      if (m) ok(m[1]);
    });
    server.on('exit', (code) => fail(new Error(`serve exited ${code} before printing its URL`)));
  });
  const readyMs = performance.now() - started;
  const launch = await resolveBenchChromium(root);
  const browser = await chromium.launch({ executablePath: launch.executablePath, args: launch.args });
  const paints = [];
  let frames = null;
  try {
    for (let r = 0; r < runs; r++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
      await page.goto(`${url}#flame`, { timeout: 60_000 });
      await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
      paints.push({ sinceNavigation: Number(await page.evaluate(() => document.body.dataset.readyAtMs)), client: Number(await page.evaluate(() => document.body.dataset.firstPaintMs)) });
      if (r === runs - 1) {
        // 60 wheel zooms in (to 0.8% of the width, still thousands of frames), 60 horizontal pans, 60 zooms out: one event per frame.
        frames = await page.evaluate(
          () =>
            new Promise((done) => {
              const c = document.getElementById('flame-canvas');
              const box = c.getBoundingClientRect();
              const log = window.heapsightPaintMs;
              log.length = 0;
              const intervals = [];
              let last = 0;
              let i = 0;
              const step = (ts) => {
                if (last) intervals.push(ts - last);
                last = ts;
                const zoomIn = i < 60;
                const pan = i >= 60 && i < 120;
                const init = { clientX: box.left + box.width * 0.37, clientY: box.top + 40, deltaX: pan ? 40 : 0, deltaY: zoomIn ? -40 : pan ? 0 : 40, bubbles: true, cancelable: true };
                c.dispatchEvent(new WheelEvent('wheel', init));
                if (++i < 180) requestAnimationFrame(step);
                else requestAnimationFrame(() => done({ paint: [...log], intervals }));
              };
              requestAnimationFrame(step);
            }),
        );
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
  const result = {
    profile: { path: profilePath },
    server: { urlAfterMs: Math.round(readyMs), peakRssMB: Math.round(hwm), barMB: 400, pass: hwm < 400 },
    firstPaint: { runs: paints, sinceNavigationMs: median(paints.map((p) => p.sinceNavigation)), barMs: 1500 },
    zoomPan: {
      frames: frames.paint.length,
      paintP50Ms: Number(median(frames.paint).toFixed(2)),
      paintP95Ms: Number(p95(frames.paint).toFixed(2)),
      paintMaxMs: Number(Math.max(...frames.paint).toFixed(2)),
      rafIntervalP50Ms: Number(median(frames.intervals).toFixed(2)),
      rafIntervalP95Ms: Number(p95(frames.intervals).toFixed(2)),
      barMs: 16,
    },
    chromium: launch.version,
  };
  result.firstPaint.pass = result.firstPaint.sinceNavigationMs < 1500;
  result.zoomPan.pass = result.zoomPan.paintP95Ms < 16;
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  process.exitCode = result.server.pass && result.firstPaint.pass && result.zoomPan.pass ? 0 : 1;
} finally {
  server?.kill('SIGINT');
  await rm(tmp, { recursive: true, force: true });
}
