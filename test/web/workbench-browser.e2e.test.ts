// workbench-browser.e2e.test.ts drives `heapsight serve`'s workbench in real
// headless Chromium (the global setup's; playwright-core). One live session
// runs a real check of examples/mapptr (real go: benchmarks, heap profile,
// gctrace); a second serves two recorded allocation profiles so a baseline can
// be picked in the page. It checks that every view renders with data, that
// the top allocation site opens its source line with its reason, that "only
// my code" changes the flame graph's frames, that a baseline diff colours
// growth and shrinkage, that re-run streams progress and updates the views,
// and the server's guards: token, Host header, source files only, CSP.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_MEMPROFILERATE } from '../../src/core/check.js';
import { readProfile } from '../../src/profile/decode.js';
import { renderCheckHtml } from '../../src/render/check-html.js';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { workbenchEn, workbenchZhCN } from '../../src/render/workbench/messages.js';
import type { CheckReport } from '../../src/verify/check-report.js';
import { liveRunner } from '../../src/toolchain/process.js';
import { startWorkbenchServer, type WorkbenchServer } from '../../src/web/server.js';
import { readSourceFile, WorkbenchSession } from '../../src/web/session.js';

const root = resolve(__dirname, '../..');
const flameDir = join(root, 'testdata/flame');

let browser: Browser | undefined;
let launchError: Error | undefined;
let live: { session: WorkbenchSession; server: WorkbenchServer };
let files: { session: WorkbenchSession; server: WorkbenchServer };
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'heapsight-workbench-e2e-'));
  const session = new WorkbenchSession(
    {
      kind: 'check',
      options: {
        cwd: root,
        patterns: ['./examples/mapptr'],
        bench: '.',
        count: 2,
        benchtime: '20ms',
        tags: [],
        profileCount: 1,
        memProfileRate: DEFAULT_MEMPROFILERATE,
        readSource: readSourceFile,
        noCache: true,
      },
    },
    liveRunner,
    root,
  );
  await session.load(new AbortController().signal);
  live = { session, server: await startWorkbenchServer(session) };
  const fs = new WorkbenchSession({ kind: 'files', reports: [], profiles: [join(flameDir, 'allocs-new.pb.gz'), join(flameDir, 'allocs-base.pb.gz')] }, liveRunner, root);
  await fs.load(new AbortController().signal);
  files = { session: fs, server: await startWorkbenchServer(fs) };
  const launch = inject('chromium');
  try {
    browser = await chromium.launch({ executablePath: launch.executablePath, args: [...launch.args] });
  } catch (e) {
    launchError = new Error(`headless ${launch.version} (${launch.executablePath}) did not start: ${e instanceof Error ? e.message : String(e)}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await live?.server.close();
  await files?.server.close();
  await rm(tmp, { recursive: true, force: true });
});

async function open(url: string, errors: string[] = []): Promise<Page> {
  if (!browser) throw launchError ?? new Error('headless Chromium was not started');
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
  return page;
}

/** drawn counts a canvas's non-white pixels and its distinct colours. */
async function drawn(page: Page, id: string): Promise<{ ink: number; colours: number; orange: number; blue: number }> {
  return page.evaluate((cid) => {
    const c = document.getElementById(cid) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    let orange = 0;
    let blue = 0;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
      if (r === 255 && g === 255 && b === 255) continue;
      ink++;
      colours.add((r << 16) | (g << 8) | b);
      // The diff palette's ends: orange (230,97,1) = more than the base, blue (33,102,172) = less.
      if (r > 200 && g > 80 && g < 190 && b < 120) orange++;
      if (b > 150 && r < 140 && g < 170) blue++;
    }
    return { ink, colours: colours.size, orange, blue };
  }, id);
}

/** get sends a raw request (so Host and paths go out exactly as written). */
function get(origin: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const u = new URL(origin);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the workbench in headless Chromium', () => {
  it('each view renders with data: overview tables, source gutter, flame and GC canvases drawn', async () => {
    const errors: string[] = [];
    const page = await open(live.server.url, errors);
    const report = live.session.boot().report!;
    expect(await page.locator('#bench-table tbody tr').count()).toBe(report.benchmarks.length);
    // Each benchmark row has its CI bar and one dot per run.
    expect(await page.locator('#bench-table tbody tr').first().locator('.dot').count()).toBe(3 * 2);
    expect(await page.locator('#top-sites tbody tr').count()).toBeGreaterThan(2);
    expect(await page.locator('#maps tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.verdicts > li').count()).toBe(report.verdicts.length);

    await page.click('#tab-source');
    await page.waitForSelector('#source-code table.srctable');
    expect(await page.locator('#source-code td.bar span').count()).toBeGreaterThan(0);
    expect(await page.locator('#source-code tr.inline-notes').count()).toBeGreaterThan(0);

    await page.click('#tab-flame');
    await page.waitForSelector('#flame-top tbody tr');
    const flame = await drawn(page, 'flame-canvas');
    expect(flame.ink).toBeGreaterThan(5000);
    expect(flame.colours).toBeGreaterThan(8);
    expect(await page.locator('#flame-top tbody tr').count()).toBeGreaterThan(5);

    await page.click('#tab-gc');
    const gc = await drawn(page, 'gc-canvas');
    expect(gc.ink).toBeGreaterThan(500);
    expect(await page.textContent('#gc-summary-line')).toMatch(/^\d+ cycles · STW total/);
    // A screenshot of the page is not blank either (what the README's images are made of).
    const shot = await page.screenshot();
    expect(shot.length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('clicking the top allocation site opens its source line with its reason', async () => {
    const page = await open(live.server.url);
    const boot = live.session.boot();
    const r = boot.report!;
    const top = r.findings.map((f, i) => ({ f, i })).filter((x) => x.f.kind === 'allocation-site').sort((a, b) => b.f.allocBytes - a.f.allocBytes)[0]!;
    await page.locator('#top-sites button.site').first().click();
    await page.waitForSelector(`#source-code tr.selected#L${top.f.line}`);
    expect(await page.isVisible('#view-source')).toBe(true);
    expect(await page.textContent('#source-code h3')).toBe(top.f.file.slice(root.length + 1));
    const detail = (await page.textContent('#line-detail'))!;
    expect(detail).toContain(`Line ${top.f.line}`);
    expect(detail).toContain(boot.words!.findingReason[top.i]!);
    expect(new URL(page.url()).hash).toBe(`#source/${encodeURIComponent(top.f.file)}:${top.f.line}`);
    await page.close();
  });

  it('"only my code" collapses frames outside the target packages: fewer frames, none from testing or runtime', async () => {
    const page = await open(`${live.server.url}#flame`);
    await page.waitForSelector('#flame-top tbody tr');
    const before = await page.$$eval('#flame-top tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''));
    const statusBefore = (await page.textContent('#flame-status'))!;
    const pixelsBefore = await drawn(page, 'flame-canvas');
    expect(before.some((n) => n.startsWith('testing.'))).toBe(true);
    await page.check('#flame-mine');
    const after = await page.$$eval('#flame-top tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''));
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((n) => n.startsWith('mapptr.'))).toBe(true);
    const frames = (s: string): number => Number(/^([\d,]+) frames/.exec(s)![1]!.replace(/,/g, ''));
    expect(frames((await page.textContent('#flame-status'))!)).toBeLessThan(frames(statusBefore));
    // The total stays: library frames' bytes are charged to the nearest user frame (or the root), not dropped.
    expect(/total (\S+)/.exec((await page.textContent('#flame-status'))!)![1]).toBe(/total (\S+)/.exec(statusBefore)![1]);
    expect((await drawn(page, 'flame-canvas')).ink).not.toBe(pixelsBefore.ink);
    // A user function in the table jumps to its source.
    await page.locator('#flame-top button.jump').first().click();
    await page.waitForSelector('#source-code tr.selected');
    expect(await page.isVisible('#view-source')).toBe(true);
    await page.close();
  });

  it('the sandwich shows callers and callees of a function picked in the top table', async () => {
    const page = await open(`${files.server.url}#flame`);
    await page.locator('#flame-top tbody tr', { hasText: 'main.growMap' }).first().click();
    expect(await page.textContent('#callers-head')).toContain('main.growMap');
    expect((await drawn(page, 'flame-callers')).ink).toBeGreaterThan(500);
    expect((await drawn(page, 'flame-callees')).ink).toBeGreaterThan(500);
    await page.close();
  });

  it('a baseline picked in the page colours growth orange and shrinkage blue', async () => {
    const page = await open(`${files.server.url}#flame`);
    const plain = await drawn(page, 'flame-canvas');
    expect(plain.blue).toBe(0);
    await page.selectOption('#flame-base', '1');
    await page.waitForFunction(() => /less than the baseline/.test(document.getElementById('flame-legend')!.textContent ?? ''));
    const diff = await drawn(page, 'flame-canvas');
    expect(diff.orange).toBeGreaterThan(200);
    expect(diff.blue).toBeGreaterThan(200);
    await page.close();
  });

  it('a bytes tag range is applied on the server and shrinks the total', async () => {
    const page = await open(`${files.server.url}#flame`);
    const total = (): Promise<string> => page.textContent('#flame-status').then((s) => /total (\S+)/.exec(s!)![1]!);
    const before = await total();
    await page.fill('#flame-tag', '1kb:');
    await page.click('#flame-apply');
    await page.waitForFunction((b) => !(document.getElementById('flame-status')!.textContent ?? '').includes(`total ${b}`), before);
    expect(await total()).not.toBe(before);
    await page.close();
  });

  it('switching the sample index lays the other type out on the server, on the same nodes', async () => {
    const page = await open(`${files.server.url}#flame`);
    const objects = (await page.$$eval('#flame-index option', (os) => os.map((o) => o.textContent ?? ''))).findIndex((t) => t.startsWith('alloc_objects'));
    expect(objects).toBeGreaterThanOrEqual(0);
    const nodes = (s: string): string => /^([\d,]+) frames/.exec(s)![1]!;
    const before = (await page.textContent('#flame-status'))!;
    await page.selectOption('#flame-index', String(objects));
    await page.waitForFunction((b) => document.getElementById('flame-status')!.textContent !== b, before);
    const after = (await page.textContent('#flame-status'))!;
    expect(nodes(after)).toBe(nodes(before));
    // A count, not bytes: the total is a plain number now.
    expect(after).toMatch(/total [\d.]+[kM]?$/);
    expect((await drawn(page, 'flame-canvas')).ink).toBeGreaterThan(5000);
    await page.close();
  });

  it('re-run streams progress to the page and the views update', async () => {
    const page = await open(live.server.url);
    const progress: string[] = [];
    await page.exposeFunction('noteStatus', (s: string) => progress.push(s));
    await page.evaluate(() => {
      const el = document.getElementById('wb-status')!;
      new MutationObserver(() => (window as unknown as { noteStatus(s: string): void }).noteStatus(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    const version = live.session.version;
    await page.click('#wb-rerun');
    // The finished run reloads the page onto the new data.
    await page.waitForSelector(`body[data-version="${version + 1}"][data-ready="1"]`, { timeout: 120_000 });
    expect(live.session.version).toBe(version + 1);
    expect(progress.some((p) => /running benchmarks|profiling/.test(p))).toBe(true);
    expect(await page.textContent('#wb-status')).toBe('done: views updated');
    expect(await page.locator('#bench-table tbody tr').count()).toBe(live.session.boot().report!.benchmarks.length);
    await page.close();
  });
});

describe('the workbench server guards every request', () => {
  it('refuses a request without the token, or with a wrong one; the URL token sets a cookie that then suffices', async () => {
    const { origin, token } = live.server;
    const host = new URL(origin).host;
    expect((await get(origin, '/', { Host: host })).status).toBe(401);
    expect((await get(origin, '/api/boot', { Host: host })).status).toBe(401);
    const wrong = token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x');
    expect((await get(origin, `/?token=${wrong}`, { Host: host })).status).toBe(401);
    expect((await get(origin, '/api/boot', { Host: host, 'X-Heapsight-Token': wrong })).status).toBe(401);
    const ok = await get(origin, `/?token=${token}`, { Host: host });
    expect(ok.status).toBe(200);
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await get(origin, '/api/boot', { Host: host, Cookie: cookie })).status).toBe(200);
  });

  it('refuses a Host header that is not the address it listens on (DNS rebinding)', async () => {
    const { origin, token } = live.server;
    const port = new URL(origin).port;
    expect((await get(origin, `/?token=${token}`, { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await get(origin, `/?token=${token}`, { Host: `127.0.0.1:${Number(port) + 1}` })).status).toBe(403);
    expect((await get(origin, `/?token=${token}`, { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('serves the target packages\' sources only: ../ paths and other files are 404', async () => {
    const { origin, token } = live.server;
    const host = new URL(origin).host;
    const target = live.session.boot().sourceFiles[0]!;
    const src = await get(origin, `/api/source?file=${encodeURIComponent(target)}&token=${token}`, { Host: host });
    expect(src.status).toBe(200);
    expect(JSON.parse(src.body)).toEqual(readFileSync(target, 'utf8').split('\n'));
    for (const bad of [`${target}/../../../../../../etc/passwd`, `${resolve(target, '..')}/../../package.json`, '/etc/passwd', `${target}/..`, join(root, 'package.json')]) {
      expect((await get(origin, `/api/source?file=${encodeURIComponent(bad)}&token=${token}`, { Host: host })).status, bad).toBe(404);
    }
    expect((await get(origin, `/../../etc/passwd?token=${token}`, { Host: host })).status).toBe(404);
    expect((await get(origin, `/%2e%2e/%2e%2e/etc/passwd?token=${token}`, { Host: host })).status).toBe(404);
  });

  it('sends a CSP that allows only its own script and no remote resource, and the page loads nothing remote', async () => {
    const { origin, token } = live.server;
    const res = await get(origin, `/?token=${token}`, { Host: new URL(origin).host });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'unsafe-inline'; connect-src 'self'/);
    expect(res.body).not.toMatch(/<[^>]*\b(src|href)=|url\(|@import|<link|<iframe/i);
    if (!browser) throw launchError!;
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(live.server.url);
    await page.waitForSelector('body[data-ready="1"]');
    expect(requested.every((u) => u.startsWith(origin))).toBe(true);
    await page.close();
  });
});

describe('the static export (check --format html)', () => {
  it('?lang= picks the catalogue the page speaks, and the selector lists every catalogue', async () => {
    const report = JSON.parse(readFileSync(join(root, 'testdata/check/mapptr-report.json'), 'utf8')) as CheckReport;
    const html = renderCheckHtml(report, { cwd: '/work/main', nodeCount: 15, readSource: () => null, messages: en });
    // A made-up language whose every string is marked, spliced into the page's data block.
    const block = /(<script type="application\/json" id="wb-data">)([^<]*)(<\/script>)/.exec(html)!;
    const data = JSON.parse(block[2]!) as { catalogues: Record<string, Record<string, string>>; langNames: Record<string, string> };
    data.catalogues['xx'] = Object.fromEntries(Object.entries(data.catalogues['en']!).map(([k, v]) => [k, `XX ${v}`]));
    data.langNames['xx'] = 'Marked';
    const file = join(tmp, 'lang.html');
    await writeFile(file, html.replace(block[0], `${block[1]}${JSON.stringify(data).replace(/</g, '\\u003c')}${block[3]}`));
    const page = await open(`file://${file}?lang=xx`);
    expect(await page.textContent('#tab-overview')).toBe('XX Overview');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('xx');
    expect(await page.$$eval('#wb-lang option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['en', 'zh-CN', 'xx']);
    await page.goto(`file://${file}?lang=nope`);
    await page.waitForSelector('body[data-ready="1"]');
    expect(await page.textContent('#tab-overview')).toBe('Overview');
    await page.close();
    // An export rendered with --lang zh-CN opens in zh-CN when the address names no language.
    const zhFile = join(tmp, 'lang-zh.html');
    await writeFile(zhFile, renderCheckHtml(report, { cwd: '/work/main', nodeCount: 15, readSource: () => null, messages: zhCN }));
    const zh = await open(`file://${zhFile}`);
    expect(await zh.textContent('#tab-overview')).toBe('概览');
    expect(await zh.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await zh.close();
  });

  it('zh-CN: every view of an export rendered with --lang zh-CN shows no English UI string and no English evidence sentence', async () => {
    const report = JSON.parse(readFileSync(join(root, 'testdata/check/mapptr-report.json'), 'utf8')) as CheckReport;
    const file = join(tmp, 'views-zh.html');
    await writeFile(
      file,
      renderCheckHtml(report, {
        cwd: '/work/main',
        nodeCount: 15,
        messages: zhCN,
        readSource: (f) => {
          try {
            return readFileSync(join(root, 'testdata/check/mapptr-source', `${f.slice(f.lastIndexOf('/') + 1)}.txt`), 'utf8').split('\n');
          } catch {
            return null;
          }
        },
        profile: await readProfile(join(root, 'testdata/check/mapptr-merged.pb.gz')),
      }),
    );
    const page = await open(`file://${file}`);
    // The English UI strings that zh-CN words differently, long enough to be words rather than a unit or a symbol.
    const english = Object.entries(workbenchEn)
      .filter(([k, v]) => workbenchZhCN[k as keyof typeof workbenchZhCN] !== v && /[a-z]{4}/i.test(v))
      .map(([, v]) => v.replace(/\{[^}]*\}/g, '').split(/[:·(]/)[0]!.trim())
      // Phrases, not single words: a source line or a benchmark name may hold a word such as "benchmark".
      .filter((v) => v.length >= 8 && v.includes(' '));
    expect(english.length).toBeGreaterThan(20);
    for (const view of ['overview', 'source', 'flame', 'gc']) {
      await page.click(`#tab-${view}`);
      const text = await page.$eval(`#view-${view}`, (el) => (el as HTMLElement).innerText);
      expect(text.length, view).toBeGreaterThan(20);
      expect(/[\u4e00-\u9fff]/.test(text), `${view} has Chinese`).toBe(true);
      for (const e of english) expect(text, `${view} shows the English UI string ${JSON.stringify(e)}`).not.toContain(e);
      // Evidence sentences come from the zh-CN catalogue too: none of check's English verdict or reason openings is left.
      for (const e of ['is moved to the heap because', 'escapes to the heap because', 'confirmed:', 'refuted:', 'heap decision with no measured allocation']) {
        expect(text, `${view}: ${e}`).not.toContain(e);
      }
    }
    await page.close();
  });

  it('opens from a file with the same views read-only; names and source stay text', async () => {
    const report = JSON.parse(readFileSync(join(root, 'testdata/check/mapptr-report.json'), 'utf8')) as CheckReport;
    const evil = '</td><script>window.pwned = 1</script>';
    const hostile: CheckReport = { ...report, findings: report.findings.map((f, i) => (i === 0 ? { ...f, function: `main.${evil}` } : f)) };
    const html = renderCheckHtml(hostile, {
      cwd: '/work/main',
      nodeCount: 15,
      readSource: (f) => {
        try {
          const lines = readFileSync(join(root, 'testdata/check/mapptr-source', `${f.slice(f.lastIndexOf('/') + 1)}.txt`), 'utf8').split('\n');
          return f.endsWith('/maps.go') ? [`// ${evil}`, ...lines.slice(1)] : lines;
        } catch {
          return null;
        }
      },
      profile: await readProfile(join(root, 'testdata/check/mapptr-merged.pb.gz')),
      messages: en,
    });
    const file = join(tmp, 'export.html');
    await writeFile(file, html);
    const errors: string[] = [];
    const page = await open(`file://${file}`, errors);
    expect(await page.locator('#top-sites tbody tr').count()).toBeGreaterThan(2);
    expect(await page.isHidden('#wb-rerun')).toBe(true);
    await page.click('#tab-source');
    await page.locator('#source-files button.file', { hasText: 'maps.go' }).first().click();
    await page.waitForSelector('#source-code #L1');
    expect(await page.textContent('#source-code #L1 td.src')).toBe(`// ${evil}`);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.click('#tab-flame');
    expect((await drawn(page, 'flame-canvas')).ink).toBeGreaterThan(5000);
    expect(await page.isDisabled('#flame-tag')).toBe(true);
    expect(await page.isDisabled('#flame-base')).toBe(true);
    await page.check('#flame-mine');
    expect(await page.$$eval('#flame-top tbody tr td:first-child', (tds) => tds.every((td) => (td.textContent ?? '').startsWith('mapptr.')))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
