// workbench-screenshots.mjs regenerates the README's pictures of the
// workbench from a real run, so they stay true: it starts
// `heapsight serve ./examples/mapptr` (real go: benchmarks, heap profile,
// gctrace), opens each view in headless Chromium and writes
// docs/img/workbench-<view>.png. Run `npm run build` first; `npm run screenshots`.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { resolveBenchChromium } from '../bench/support/chromium.mjs';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'docs/img');
const server = spawn(process.execPath, [join(root, 'bin/heapsight'), 'serve', './examples/mapptr', '--count', '6', '--benchtime', '100ms', '--quiet'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const url = await new Promise((ok, fail) => {
    let text = '';
    server.stdout.on('data', (c) => {
      text += c;
      const m = /^(http:\/\/\S+)\n/m.exec(text);
      if (m) ok(m[1]);
    });
    server.on('exit', (code) => fail(new Error(`serve exited ${code} before printing its URL`)));
  });
  const launch = await resolveBenchChromium(root);
  const browser = await chromium.launch({ executablePath: launch.executablePath, args: launch.args });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]');
    const shot = async (name) => {
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(out, `workbench-${name}.png`) });
      process.stderr.write(`wrote docs/img/workbench-${name}.png\n`);
    };
    await shot('overview');
    // Source: the top allocation site, opened from the Overview, with its reason beside it.
    await page.locator('#top-sites button.site').first().click();
    await page.waitForSelector('#source-code tr.selected');
    await shot('source');
    await page.click('#tab-flame');
    await shot('flame');
    await page.click('#tab-gc');
    await shot('gc');
  } finally {
    await browser.close();
  }
} finally {
  server.kill('SIGINT');
}
