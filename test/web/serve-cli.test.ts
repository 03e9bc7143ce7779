// serve-cli.test.ts runs `heapsight serve` in process on recorded profiles:
// it prints exactly one line on stdout, the URL with its token, serves the
// page with its CSP until the signal stops it, then exits 0; mixed or bad
// inputs are usage errors (exit 2) with a plain message.
import { join, resolve } from 'node:path';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIO, runCli } from '../support/cli-io.js';

const root = resolve(__dirname, '../..');
const profile = join(root, 'testdata/flame/allocs-new.pb.gz');

describe('heapsight serve', () => {
  it('prints the URL with its token, serves the page, and exits 0 when stopped', async () => {
    const io = fakeIO();
    const stop = new AbortController();
    const running = main(['serve', profile, '--quiet'], io, { cwd: root, signal: stop.signal });
    let url = '';
    for (let i = 0; i < 200 && url === ''; i++) {
      await new Promise((r) => setTimeout(r, 50));
      url = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32})\n$/.exec(io.out())?.[1] ?? '';
    }
    expect(url, io.out() + io.err()).not.toBe('');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('id="wb-flame"');
    expect((await fetch(url.replace(/token=.*/, ''))).status).toBe(401);
    stop.abort();
    expect(await running).toBe(0);
    expect(io.err()).toBe('');
  });

  it('refuses packages and files together, a bad --addr, and a JSON file that is not a check report', async () => {
    const mixed = await runCli(['serve', './examples/mapptr', profile], { cwd: root });
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/packages, or files .* not both/);
    const addr = await runCli(['serve', profile, '--addr', 'nonsense'], { cwd: root });
    expect(addr.code).toBe(2);
    expect(addr.err).toMatch(/--addr must be host:port/);
    const tmp = await mkdtemp(join(tmpdir(), 'heapsight-serve-cli-'));
    try {
      await writeFile(join(tmp, 'x.json'), '{"schema":"something/else"}');
      const bad = await runCli(['serve', join(tmp, 'x.json')], { cwd: root });
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/x\.json: schema "something\/else" is not heapsight\.check\/v3/);
      expect(bad.err).not.toMatch(/\n\s+at /);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
