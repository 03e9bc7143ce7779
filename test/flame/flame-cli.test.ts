// flame-cli.test.ts runs `heapsight flame` in-process on real profiles and
// checks the HTML as text: self-contained, data block parseable, every
// hostile string escaped (the browser test checks how it renders).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { FlameWire, FlameWireValues } from '../../src/render/flame-client/flame-data.js';
import { jsonForScript } from '../../src/render/flame-html.js';
import { fakeIO } from '../support/cli-io.js';

const dir = resolve(__dirname, '../../testdata/flame');
const NEW = join(dir, 'allocs-new.pb.gz');
const BASE = join(dir, 'allocs-base.pb.gz');
const HOSTILE = `<script>alert(1)</script>"'`;

/** terminal is the fake terminal every run here writes to: stdout is a TTY, as when a user types the command. */
const terminal = () => fakeIO({ stdoutIsTTY: true });

function block(html: string, id: string): string {
  const m = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html);
  if (!m) throw new Error(`no block ${id}`);
  return m[1]!;
}

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'heapsight-flame-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('heapsight flame', () => {
  it('writes one self-contained HTML file named after the profile', async () => {
    const c = terminal();
    expect(await main(['flame', NEW], { ...c }, { cwd: tmp })).toBe(0);
    const html = await readFile(join(tmp, 'allocs-new.flame.html'), 'utf8');
    expect(c.err()).toMatch(/flame graph: \d+ nodes, \d+ frames, .* → allocs-new\.flame\.html/);
    // No external resources: no src=, no href=, no url(.
    expect(html).not.toMatch(/\ssrc=|\shref=|url\(/);
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    const wire = JSON.parse(block(html, 'flame-data')) as FlameWire;
    expect(wire.sampleTypes.map((t) => t.type)).toEqual(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    expect(wire.defaultIndex).toBe(1);
    expect(wire.diff).toBe(false);
    const values = JSON.parse(block(html, 'flame-values-1')) as FlameWireValues;
    expect(values.pos.length).toBe(wire.frame.length);
    expect(values.neg).toBeNull();
    expect(wire.names).toContain('main.buildKey');
    expect(wire.inlined[wire.names.indexOf('main.buildKey')]).toBe(1);
  });

  it('escapes hostile names and titles everywhere in the file', async () => {
    const c = terminal();
    expect(await main(['flame', NEW, '-o', '-', '--title', HOSTILE], c, { cwd: tmp })).toBe(0);
    const html = c.out();
    // The only script tags are heapsight's own: data, one per sample type, viewer.
    expect(html.match(/<script/g)!.length).toBe(6);
    expect(html.match(/<\/script/g)!.length).toBe(6);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<title>&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;</title>');
    const wire = JSON.parse(block(html, 'flame-data')) as FlameWire;
    // The //line file name survives the round trip through the escaped JSON.
    expect(wire.files).toContain(`<script>alert(1)</script>"'&amp;.go`);
    expect(jsonForScript('</script>\u2028')).toBe('"\\u003c/script\\u003e\\u2028"');
  });

  it('draws a diff against --diff-base (pprof spelling) and says it is not normalised', async () => {
    const c = terminal();
    expect(await main(['flame', NEW, `-diff_base=${BASE}`, '-o', join(tmp, 'd.html')], c, { cwd: tmp })).toBe(0);
    const html = await readFile(join(tmp, 'd.html'), 'utf8');
    const wire = JSON.parse(block(html, 'flame-data')) as FlameWire;
    expect(wire.diff).toBe(true);
    expect(wire.notes.join('\n')).toMatch(/base scaled by -1 and merged \(pprof -diff_base\); not normalised/);
    const v = JSON.parse(block(html, 'flame-values-1')) as FlameWireValues;
    expect(v.neg).not.toBeNull();
    expect(html).toMatch(/less than base/);
  });

  it('draws a profile with negative values (a delta) with diverging colours and says so', async () => {
    const delta = join(tmp, 'delta.pb.gz');
    expect(await main(['export', NEW, `--diff-base=${BASE}`, '--format', 'pprof', '-o', delta], terminal(), { cwd: tmp })).toBe(0);
    const c = terminal();
    expect(await main(['flame', delta, '-o', '-'], c, { cwd: tmp })).toBe(0);
    const html = c.out();
    const wire = JSON.parse(block(html, 'flame-data')) as FlameWire;
    expect(wire.diff).toBe(false);
    expect(wire.hasNeg[1]).toBe(true);
    expect(wire.notes.join('\n')).toMatch(/delta profile: some values are negative/);
    expect(html).toMatch(/decreased<\/span><span class="swatch"/);
    const v = JSON.parse(block(html, 'flame-values-1')) as FlameWireValues;
    expect(Math.min(...v.neg!)).toBeLessThan(0);
  });

  it('fails with exit 2 on a non-profile and on --normalize without a base', async () => {
    const c = terminal();
    expect(await main(['flame', join(dir, 'README.md'), '-o', '-'], c, { cwd: tmp })).toBe(2);
    expect(c.err()).toMatch(/README\.md: not a profile/);
    expect(await main(['flame', NEW, '--normalize'], c, { cwd: tmp })).toBe(2);
    expect(c.err()).toMatch(/--normalize needs --diff-base/);
  });
});
