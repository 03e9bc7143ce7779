// collect.test.ts runs `heapsight collect` against a real Go program serving
// net/http/pprof on 127.0.0.1 (testdata/collect/server), including the delta
// allocation profile and every failure the command must explain.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseGoDuration } from '../../src/go-duration.js';
import { profileUrl } from '../../src/profile/collect.js';
import { liveRunner, type RunRecord } from '../../src/toolchain/process.js';
import { fakeIO } from '../support/cli-io.js';

const serverDir = resolve(__dirname, '../../testdata/collect/server');

let dir = '';
let base = '';
let server: Promise<RunRecord> | undefined;

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heapsight-collect-test-'));
  const bin = join(dir, 'server');
  const build = await liveRunner.run({ argv: ['go', 'build', '-o', bin, '.'], cwd: serverDir, timeoutMs: 120_000 });
  expect(build.stderr).toBe('');
  expect(build.exitCode).toBe(0);
  let onPort: (p: string) => void = () => {};
  const port = new Promise<string>((r) => (onPort = r));
  // The server exits by itself after -life, so a crashed test leaves nothing behind.
  server = liveRunner.run({
    argv: [bin, '-life', '90s'],
    cwd: dir,
    timeoutMs: 100_000,
    onStdoutLine: (l) => {
      const m = /^listening on (\d+)$/.exec(l);
      if (m) onPort(m[1]!);
    },
  });
  base = `http://127.0.0.1:${await Promise.race([port, server.then((r) => Promise.reject(new Error(r.stderr)))])}`;
});

afterAll(async () => {
  if (base) await fetch(`${base}/quit`).catch(() => undefined);
  if (server) await server;
  await rm(dir, { recursive: true, force: true });
});

describe('profileUrl', () => {
  it('adds /debug/pprof/<kind> to a program address and keeps a full endpoint', () => {
    expect(profileUrl('127.0.0.1:6060', 'allocs')).toBe('http://127.0.0.1:6060/debug/pprof/allocs');
    expect(profileUrl('http://h:1/debug/pprof/', 'cpu', 5)).toBe('http://h:1/debug/pprof/profile?seconds=5');
    expect(profileUrl('http://h:1/debug/pprof/heap', 'allocs', 2)).toBe('http://h:1/debug/pprof/heap?seconds=2');
    expect(() => profileUrl('http://h:1', 'goroutine', 2)).toThrow(/does not apply/);
  });
  it('parses Go durations', () => {
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('soon')).toBeNull();
  });
});

describe('heapsight collect against a live Go program', () => {
  it('writes an allocs profile to -o FILE, readable by go tool pprof', async () => {
    const c = fakeIO({ stdoutIsTTY: true });
    const file = join(dir, 'allocs.pb.gz');
    expect(await main(['collect', base, '--kind', 'allocs', '-o', file], c)).toBe(0);
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const top = await liveRunner.run({ argv: ['go', 'tool', 'pprof', '-top', '-sample_index=alloc_space', file], cwd: dir });
    expect(top.exitCode).toBe(0);
    expect(top.stdout).toMatch(/main\.allocLoad/);
    expect(c.err()).toMatch(/collected allocs from http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/allocs/);
  });

  it('collects a delta allocation profile over an interval and says values can be negative', async () => {
    const c = fakeIO();
    expect(await main(['collect', base, '--kind', 'allocs', '--seconds', '1'], c)).toBe(0);
    const raw = gunzipSync(c.bytes());
    expect(raw[0]).toBe(0x0a);
    expect(c.err()).toMatch(/delta profile/);
    const file = join(dir, 'delta.pb.gz');
    await import('node:fs/promises').then((f) => f.writeFile(file, c.bytes()));
    const top = await liveRunner.run({ argv: ['go', 'tool', 'pprof', '-raw', file], cwd: dir });
    expect(top.stdout).toMatch(/Duration: 1\.0/);
  });

  it('collects goroutine and cpu profiles', async () => {
    const g = fakeIO();
    expect(await main(['collect', base, '--kind', 'goroutine', '-o', '-'], g)).toBe(0);
    expect(gunzipSync(g.bytes()).length).toBeGreaterThan(0);
    const cpu = fakeIO();
    expect(await main(['collect', `${base}/debug/pprof/`, '--kind=cpu', '--seconds=1', '-o', '-'], cpu)).toBe(0);
    expect(cpu.err()).toMatch(/\/debug\/pprof\/profile\?seconds=1/);
  });

  it('refuses to write binary to a terminal without -o', async () => {
    const c = fakeIO({ stdoutIsTTY: true });
    expect(await main(['collect', base], c)).toBe(2);
    expect(c.err()).toMatch(/refusing to write a binary profile to the terminal/);
    expect(c.bytes().length).toBe(0);
  });

  it('explains an HTTP error with the URL and the server message', async () => {
    const c = fakeIO();
    expect(await main(['collect', `${base}/debug/pprof/nosuch`], c)).toBe(2);
    expect(c.err()).toContain(`${base}/debug/pprof/nosuch: HTTP 404`);
    expect(c.err()).toMatch(/Unknown profile/);
  });

  it('rejects an HTML page and ?debug=1 text as not a profile', async () => {
    const html = fakeIO();
    expect(await main(['collect', `${base}/html`], html)).toBe(2);
    expect(html.err()).toContain(`${base}/html/debug/pprof/allocs: the response is not a pprof profile (text/html`);
    expect(html.bytes().length).toBe(0);
    const text = fakeIO();
    expect(await main(['collect', `${base}/debug/pprof/heap?debug=1`], text)).toBe(2);
    expect(text.err()).toMatch(/not a pprof profile \(text\/plain.*heap profile/);
  });

  it('rejects a truncated profile, naming the URL', async () => {
    const c = fakeIO();
    expect(await main(['collect', `${base}/trunc`], c)).toBe(2);
    expect(c.err()).toContain(`${base}/trunc/debug/pprof/allocs`);
    expect(c.err()).toMatch(/corrupt profile|decompressing profile/);
    expect(c.bytes().length).toBe(0);
  });

  it('times out on a stuck endpoint', async () => {
    const c = fakeIO();
    const started = Date.now();
    expect(await main(['collect', `${base}/slow`, '--timeout', '300ms'], c)).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(c.err()).toContain(`${base}/slow/debug/pprof/allocs: no complete response within 300 ms`);
  });

  it('names the URL when the connection is refused', async () => {
    const port = await freePort();
    const c = fakeIO();
    expect(await main(['collect', `127.0.0.1:${port}`], c)).toBe(2);
    expect(c.err()).toContain(`http://127.0.0.1:${port}/debug/pprof/allocs: connection refused`);
  });

  it('rejects bad flags with exit 2', async () => {
    const c = fakeIO();
    expect(await main(['collect', base, '--kind', 'mutex'], c)).toBe(2);
    expect(await main(['collect', base, '--timeout', 'soon'], c)).toBe(2);
    expect(c.err()).toMatch(/--kind must be one of heap, allocs, cpu, goroutine/);
  });
});
