// flame-browser.e2e.test.ts opens heapsight's flame-graph HTML in real
// headless Chromium (the global setup's: Debian's `chromium` when on PATH, else
// the one @sparticuz/chromium ships; driven by playwright-core) and
// checks, from the canvas pixels, that frames are drawn, that a click zooms
// (the clicked frame then spans the full width), that search highlights, that
// the sample-index switcher and diff colours work, and that hostile names
// stay text.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readProfile } from '../../src/profile/decode.js';
import { buildFlameTree } from '../../src/profile/flame-tree.js';
import type { Profile, ProfileFunction } from '../../src/profile/model.js';
import type { FlameData } from '../../src/render/flame-client/flame-data.js';
import { layoutFlame, subtreeEnds } from '../../src/render/flame-client/layout.js';
import { flameData, renderFlameHtml } from '../../src/render/flame-html.js';

const dir = resolve(__dirname, '../../testdata/flame');
const HOSTILE = `<script>alert(1)</script>"'`;
const ROW = 18;
const MAGENTA = [0xc0, 0x00, 0xc0] as const;

/** withFunctionRenamed returns p with one function renamed (Go names cannot hold '<', so the test makes one). */
function withFunctionRenamed(p: Profile, from: string, to: string): Profile {
  const renamed = new Map<ProfileFunction, ProfileFunction>();
  const functions = p.functions.map((f) => {
    const g = f.name === from ? { ...f, name: to, systemName: to } : f;
    renamed.set(f, g);
    return g;
  });
  const locations = p.locations.map((l) => ({ ...l, lines: l.lines.map((ln) => ({ ...ln, function: renamed.get(ln.function)! })) }));
  return { ...p, functions, locations };
}

let browser: Browser | undefined;
/** launchError says why Chromium did not start; each test then fails with it (a failed beforeAll would only skip them). */
let launchError: Error | undefined;
let tmp: string;
let plain: FlameData;
let diff: FlameData;
const dialogs: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'heapsight-flame-e2e-'));
  const p = withFunctionRenamed(await readProfile(join(dir, 'allocs-new.pb.gz')), 'main.hostile', HOSTILE);
  const base = await readProfile(join(dir, 'allocs-base.pb.gz'));
  const k = p.sampleTypes.findIndex((t) => t.type === 'alloc_space');
  plain = flameData(buildFlameTree([{ profile: p, sign: 1 }]), { title: `${HOSTILE} allocs-new.pb.gz`, notes: ['note </script><b>x</b>'], defaultIndex: k });
  diff = flameData(buildFlameTree([{ profile: p, sign: 1 }, { profile: base, sign: -1 }]), { title: 'diff', notes: [], defaultIndex: k });
  await writeFile(join(tmp, 'plain.html'), renderFlameHtml(plain));
  await writeFile(join(tmp, 'diff.html'), renderFlameHtml(diff));
  const launch = inject('chromium');
  try {
    browser = await chromium.launch({ executablePath: launch.executablePath, args: [...launch.args] });
  } catch (e) {
    launchError = new Error(`headless ${launch.version} (${launch.executablePath}, ${launch.source}) did not start: ${e instanceof Error ? e.message : String(e)}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function open(file: string): Promise<Page> {
  if (!browser) throw launchError ?? new Error('headless Chromium was not started');
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, deviceScaleFactor: 1 });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${join(tmp, file)}`);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 10_000 });
  expect(errors).toEqual([]);
  return page;
}

/** canvasPixels reads the canvas backing store (dpr 1) as RGB triples, rows y0..y0+h. */
async function canvasPixels(page: Page, y0?: number, h?: number): Promise<{ width: number; px: number[][] }> {
  const { width, b64 } = await page.evaluate(
    ([top, height]) => {
      const c = document.getElementById('flame-canvas') as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, top ?? 0, c.width, height ?? c.height).data;
      // Base64 keeps the transfer small; an array of arrays over CDP is slow.
      let bin = '';
      for (let i = 0; i < data.length; i += 0x8000) bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return { width: c.width, b64: btoa(bin) };
    },
    [y0 ?? null, h ?? null] as const,
  );
  const raw = Buffer.from(b64, 'base64');
  const px: number[][] = [];
  for (let i = 0; i < raw.length; i += 4) px.push([raw[i]!, raw[i + 1]!, raw[i + 2]!]);
  return { width, px };
}

/** rowPixels reads one frame row's top scanline (above the label text). */
async function rowPixels(page: Page, depth: number): Promise<number[][]> {
  return (await canvasPixels(page, depth * ROW + 1, 1)).px;
}

async function allPixels(page: Page): Promise<number[][]> {
  return (await canvasPixels(page)).px;
}

const key = (p: number[]): string => p.join(',');
const isWhite = (p: number[]): boolean => p[0] === 255 && p[1] === 255 && p[2] === 255;

/** geometryOf computes where a frame is drawn at zoom 0, with the page's own layout function. */
async function frameBox(page: Page, data: FlameData, name: string): Promise<{ node: number; x: number; y: number; depth: number }> {
  const f = data.names.indexOf(name);
  const nodes = data.frame.map((fr, i) => (fr === f ? i : -1)).filter((i) => i >= 0);
  const k = data.defaultIndex;
  const weight = data.pos[k]!.map((v, i) => v - (data.neg[k]?.[i] ?? 0));
  const g = layoutFlame(data.parent, weight, subtreeEnds(data.depth), 0);
  const node = nodes.sort((a, b) => g.w[b]! - g.w[a]!)[0]!;
  const box = (await page.locator('#flame-canvas').boundingBox())!;
  const width = box.width;
  return { node, x: box.x + (g.x[node]! + g.w[node]! / 2) * width, y: box.y + data.depth[node]! * ROW + ROW / 2, depth: data.depth[node]! };
}

describe('flame graph in headless Chromium', () => {
  it('draws frames: the root spans the width and many distinct colours appear', async () => {
    const page = await open('plain.html');
    const root = await rowPixels(page, 0);
    // The last column is the 1px gap every frame leaves on its right.
    expect(root.slice(0, -1).filter(isWhite).length).toBe(0);
    const colours = new Set((await allPixels(page)).filter((p) => !isWhite(p)).map(key));
    expect(colours.size).toBeGreaterThan(8);
    await page.close();
  });

  it('a click zooms: the clicked frame then spans the full width', async () => {
    const page = await open('plain.html');
    const box = await frameBox(page, plain, 'main.growMap');
    const before = await rowPixels(page, box.depth);
    expect(new Set(before.slice(0, -2).map(key)).size).toBeGreaterThan(1);
    await page.mouse.click(box.x, box.y);
    const after = await rowPixels(page, box.depth);
    const body = after.slice(0, -1); // the frame ends 1px before the edge (its gap)
    expect([...new Set(body.map(key))]).toHaveLength(1);
    expect(isWhite(body[0]!)).toBe(false);
    // Escape returns to the whole graph.
    await page.keyboard.press('Escape');
    expect(key((await rowPixels(page, box.depth))[0]!)).toBe(key(before[0]!));
    await page.close();
  });

  it('search highlights matching frames and reports their share', async () => {
    const page = await open('plain.html');
    const magenta = (px: number[][]): number => px.filter((p) => p[0] === MAGENTA[0] && p[1] === MAGENTA[1] && p[2] === MAGENTA[2]).length;
    expect(magenta(await allPixels(page))).toBe(0);
    await page.fill('#flame-search', 'makeRecords');
    expect(magenta(await allPixels(page))).toBeGreaterThan(50);
    expect(await page.textContent('#flame-status')).toMatch(/^matched 476\.21kB \(15\.\d\d% of/);
    await page.fill('#flame-search', '');
    expect(magenta(await allPixels(page))).toBe(0);
    await page.close();
  });

  it('hover shows flat, cum, share and file:line; hostile names stay text', async () => {
    const page = await open('plain.html');
    expect(await page.title()).toBe(`${HOSTILE} allocs-new.pb.gz`);
    expect(await page.textContent('h1')).toBe(`${HOSTILE} allocs-new.pb.gz`);
    expect(await page.textContent('.notes')).toBe('note </script><b>x</b>');
    // Ours: the data block, one values block per sample type, the viewer.
    expect(await page.locator('script').count()).toBe(2 + plain.sampleTypes.length);
    expect(await page.locator('b').count()).toBe(0);
    // 320 B of 3 MB is under a pixel: search for it and press Enter to zoom to it.
    await page.fill('#flame-search', 'alert');
    await page.press('#flame-search', 'Enter');
    const box = await frameBox(page, plain, HOSTILE);
    const canvas = (await page.locator('#flame-canvas').boundingBox())!;
    await page.mouse.move(canvas.x + canvas.width / 2, box.y);
    const tip = (await page.textContent('#flame-tip'))!;
    expect(tip.split('\n')[0]).toBe(HOSTILE);
    expect(tip).toContain(`<script>alert(1)</script>"'&amp;.go:1`);
    expect(tip).toMatch(/flat 320B\s+cum 320B\s+share 0\.01%/);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('the sample-index switcher redraws with another index', async () => {
    const page = await open('plain.html');
    const before = (await allPixels(page)).map(key).join(';');
    await page.selectOption('#flame-index', { label: 'alloc_objects (count)' });
    const after = (await allPixels(page)).map(key).join(';');
    expect(after).not.toBe(before);
    await page.close();
  });

  it('diff view colours growth orange and shrinkage blue, with a legend', async () => {
    const page = await open('diff.html');
    const px = await allPixels(page);
    const orange = px.filter((p) => p[0]! > 200 && p[1]! < 180 && p[2]! < 120).length;
    const blue = px.filter((p) => p[2]! > 150 && p[0]! < 120).length;
    expect(orange).toBeGreaterThan(50);
    expect(blue).toBeGreaterThan(50);
    expect(await page.textContent('#flame-legend')).toMatch(/less than base.*more than base/);
    const box = await frameBox(page, diff, 'main.onlyInBase');
    await page.mouse.move(box.x, box.y);
    const tip = (await page.textContent('#flame-tip'))!;
    expect(tip).toMatch(/new 0B\s+base 480\.00kB\s+delta -480\.00kB/);
    // Share is relative to the base's total, as pprof -diff_base prints it (-491520B = 15.61%).
    expect(tip).toMatch(/share -15\.61% of base/);
    await page.close();
  });
});
