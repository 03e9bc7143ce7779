// hostile-input.test.ts: what a profile or a server says is data. Names with
// ESC/CR/LF (a remote program's profile) are shown escaped by top, list,
// peek and diff; standard input reads as a profile; collect refuses a body
// made to exhaust memory and a redirect to another host; escape --explain on
// a file that is not there fails.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeProfile } from '../../src/profile/encode.js';
import { ProfileBuilder } from '../../src/profile/profile-builder.js';
import { runCli } from '../support/cli-io.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const evilName = 'main.red\u001b[31mRED\u001b[0m\r\nforged line\u202eoverride';
const evilFile = `${tmp}/evil\u001b]0;pwned\u0007.go`;

function evilProfile(): Uint8Array {
  const b = new ProfileBuilder([{ type: 'alloc_space', unit: 'bytes' }]);
  const fn = b.function({ name: evilName, systemName: evilName, filename: evilFile, startLine: 1 });
  const caller = b.function({ name: 'main.main', systemName: 'main.main', filename: `${tmp}/main.go`, startLine: 1 });
  const leaf = b.location(null, 0x10n, [{ function: fn, line: 3, column: 0 }]);
  const root = b.location(null, 0x20n, [{ function: caller, line: 5, column: 0 }]);
  b.addSample([leaf, root], [4096]);
  return gzipSync(
    encodeProfile(
      b.build({ defaultSampleType: 'alloc_space', dropFrames: '', keepFrames: '', timeNanos: 0n, durationNanos: 0, periodType: null, period: 0, comments: [] }),
    ),
  );
}

describe('control characters from a profile are rendered visibly', () => {
  const path = join(tmp, 'evil.pb.gz');
  writeFileSync(path, evilProfile());
  writeFileSync(evilFile, 'package main\n\nfunc red() { _ = make([]byte, 4096) \u001b[2J }\n');
  const cases: [string, string[]][] = [
    ['top', ['top', path]],
    ['list', ['list', 'red', path]],
    ['peek', ['peek', 'main', path]],
    ['diff', ['diff', path, path]],
  ];
  for (const [what, argv] of cases) {
    it(what, async () => {
      const r = await runCli(argv);
      expect(r.code, r.err).toBe(0);
      // No raw ESC, CR, BEL or bidi override reaches the terminal, and no forged line.
      expect(r.out).not.toMatch(/[\u001b\r\u0007\u202e]/);
      expect(r.out.split('\n').some((l) => l.startsWith('forged line'))).toBe(false);
      if (what !== 'diff') expect(r.out).toContain('main.red\\x1b[31mRED\\x1b[0m\\r\\nforged line\\u202eoverride');
    });
  }
});

describe('standard input', () => {
  const allocs = resolve('testdata/profile/allocs.pb.gz');
  for (const arg of ['-', '/dev/stdin']) {
    it(`top ${arg} reads a piped profile (gzipped and raw)`, () => {
      const gz = readFileSync(allocs);
      for (const input of [gz, gunzipSync(gz)]) {
        const r = spawnSync(process.execPath, [resolve('bin/heapsight'), 'top', arg], { input, encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toMatch(/^File: /);
        expect(r.stdout).toContain('Showing nodes accounting for');
      }
    });
  }
  it('an empty stdin is "empty file", exit 2', () => {
    const r = spawnSync(process.execPath, [resolve('bin/heapsight'), 'top', '-'], { input: '', encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not a profile: empty file');
  });
});

describe('collect from a hostile server', () => {
  let server: Server;
  let base = '';
  let other = '';
  let otherServer: Server;
  beforeAll(async () => {
    // 8M empty strings: 16 MB raw, ~16 KB gzipped; over the 4M-string cap.
    const bomb = gzipSync(Buffer.concat([Buffer.from([0x0a, 0x04, 0x08, 0x01, 0x10, 0x02]), Buffer.alloc(8 << 21, 0).map((_, i) => (i % 2 === 0 ? 0x32 : 0))]), { level: 9 });
    const good = readFileSync(resolve('testdata/profile/allocs.pb.gz'));
    otherServer = createServer((_req, res) => res.end(good));
    await new Promise<void>((r) => otherServer.listen(0, '127.0.0.2', () => r()));
    const oa = otherServer.address();
    other = `http://127.0.0.2:${typeof oa === 'object' && oa ? oa.port : 0}`;
    server = createServer((req, res) => {
      if (req.url?.startsWith('/debug/pprof/allocs')) res.end(bomb);
      else if (req.url?.startsWith('/debug/pprof/heap')) res.writeHead(302, { location: `${other}/debug/pprof/heap` }).end();
      else if (req.url?.startsWith('/moved/debug/pprof/heap')) res.end(good);
      else if (req.url?.startsWith('/debug/pprof/goroutine')) res.writeHead(301, { location: '/moved/debug/pprof/heap' }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const a = server.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await new Promise((r) => otherServer.close(r));
  });

  it('a small gzip of millions of empty strings: stopped by the cap, naming the URL, exit 2', async () => {
    const r = await runCli(['collect', base, '--kind', 'allocs', '-o', join(tmp, 'bomb.pb.gz')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`heapsight collect: ${base}/debug/pprof/allocs: profile too large at byte`);
    expect(r.err).toContain('more than 4194304 strings');
  });

  it('a redirect to another host is refused and named', async () => {
    const r = await runCli(['collect', base, '--kind', 'heap', '-o', join(tmp, 'heap.pb.gz')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`redirects to another host (${other})`);
  });

  it('a redirect on the same host is followed and the URL that answered is reported', async () => {
    const r = await runCli(['collect', base, '--kind', 'goroutine', '-o', join(tmp, 'moved.pb.gz')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`from ${base}/moved/debug/pprof/heap`);
  });
});

describe('escape --explain', () => {
  it('a file that does not exist and the compiler never named: exit 2', async () => {
    const r = await runCli(['escape', '--explain', 'nofile.go:9', resolve('testdata/bench-fixtures/healthy')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--explain nofile.go:9: no such file');
  }, 120_000);
});
