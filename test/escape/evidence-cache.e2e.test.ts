// evidence-cache.e2e.test.ts: the compiler-evidence cache on the real
// go1.26.8 toolchain. Fixtures are copied to a temp dir (some tests edit
// them); every test has a cache directory of its own. A hit is proven by the
// runs the Runner saw: no diagnostic build (no -gcflags argv) ran.
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCompilerEvidence, type CollectOptions, type CompilerEvidence } from '../../src/escape/index.js';
import { decodeEntry, encodeEntryLines, EvidenceCache, evidenceCacheDir, EVIDENCE_CACHE_FORMAT } from '../../src/escape/evidence-cache.js';
import { findGo, type GoToolchain } from '../../src/toolchain/go-command.js';
import { liveRunner, type Runner } from '../../src/toolchain/process.js';
import { runCli } from '../support/cli-io.js';
import { fixtureEvidence, testdata } from './golden.js';

/** countingRunner runs live and keeps every argv. */
function countingRunner(): { runner: Runner; argvs: string[][] } {
  const argvs: string[][] = [];
  return { argvs, runner: { run: (req) => (argvs.push([...req.argv]), liveRunner.run(req)) } };
}
const diagnosticBuilds = (argvs: readonly string[][]): string[][] => argvs.filter((a) => a.some((x) => x.startsWith('-gcflags=')));
const exportLists = (argvs: readonly string[][]): string[][] => argvs.filter((a) => a[1] === 'list' && a.includes('-export'));

const scratch = mkdtempSync(join(tmpdir(), 'heapsight-cache-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
/** fresh returns a new cache directory and a private copy of a testdata/escape fixture. */
function fresh(fixture: string): { cacheDir: string; dir: string } {
  const base = join(scratch, `t${n++}`);
  const dir = join(base, fixture);
  cpSync(join(testdata, fixture), dir, { recursive: true });
  return { cacheDir: join(base, 'cache'), dir };
}
const entries = (cacheDir: string): string[] => readdirSync(join(cacheDir, 'evidence')).filter((f) => f.endsWith('.ndjson.gz'));

let go: GoToolchain;
beforeAll(async () => {
  go = await findGo(liveRunner, testdata);
}, 60_000);

async function collect(runner: Runner, opts: Partial<CollectOptions> & { cwd: string; cacheDir: string | null }): Promise<CompilerEvidence> {
  return collectCompilerEvidence(runner, go, { packages: ['.'], ...opts });
}

describe('evidence cache (live go)', () => {
  it('a second collect on the unchanged package answers from the cache: no diagnostic build, the same evidence', async () => {
    const { cacheDir, dir } = fresh('causes');
    const first = countingRunner();
    const a = await collect(first.runner, { cwd: dir, cacheDir });
    expect(diagnosticBuilds(first.argvs)).toHaveLength(1);
    expect(entries(cacheDir)).toHaveLength(1);
    const second = countingRunner();
    const b = await collect(second.runner, { cwd: dir, cacheDir });
    expect(diagnosticBuilds(second.argvs)).toEqual([]);
    expect(exportLists(second.argvs)).toHaveLength(1);
    expect(b).toEqual(a);
    expect(a.sites.length).toBeGreaterThan(20);
  }, 120_000);

  it('a changed file misses, and the new evidence shows the change', async () => {
    const { cacheDir, dir } = fresh('causes');
    await collect(liveRunner, { cwd: dir, cacheDir });
    appendFileSync(join(dir, 'causes.go'), '\n// Added escapes: a new heap site.\nfunc Added() *int { added := 7; return &added }\n');
    const r = countingRunner();
    const ev = await collect(r.runner, { cwd: dir, cacheDir });
    expect(diagnosticBuilds(r.argvs)).toHaveLength(1);
    expect(ev.sites.find((s) => s.subject === 'added')?.kind).toBe('moved-to-heap');
    expect(entries(cacheDir)).toHaveLength(2);
  }, 120_000);

  it('a changed test file misses when tests are compiled, and does not matter when they are not', async () => {
    const { cacheDir, dir } = fresh('causes');
    await collect(liveRunner, { cwd: dir, cacheDir, tests: false });
    await collect(liveRunner, { cwd: dir, cacheDir });
    appendFileSync(join(dir, 'causes_test.go'), '\nfunc TestAdded(t *testing.T) { _ = t }\n');
    const noTests = countingRunner();
    await collect(noTests.runner, { cwd: dir, cacheDir, tests: false });
    expect(diagnosticBuilds(noTests.argvs)).toEqual([]);
    const withTests = countingRunner();
    const ev = await collect(withTests.runner, { cwd: dir, cacheDir });
    expect(diagnosticBuilds(withTests.argvs)).toHaveLength(1);
    expect(ev.inlining.some((d) => d.function === 'TestAdded')).toBe(true);
  }, 120_000);

  it('a changed dependency misses: dep.Wrap kept out of line moves the caller\'s n to the heap (testdata/escape/depinline)', async () => {
    const { cacheDir, dir } = fresh('depinline');
    const before = await collect(liveRunner, { cwd: dir, cacheDir });
    expect(before.sites.filter((s) => s.kind === 'moved-to-heap')).toEqual([]);
    expect(before.inlining.some((d) => d.kind === 'inlined-call' && d.function === 'dep.Wrap')).toBe(true);
    const depFile = join(dir, 'dep', 'dep.go');
    writeFileSync(depFile, readFileSync(depFile, 'utf8').replace('func Wrap', '//go:noinline\nfunc Wrap'));
    const r = countingRunner();
    const after = await collect(r.runner, { cwd: dir, cacheDir });
    expect(diagnosticBuilds(r.argvs)).toHaveLength(1);
    expect(after.sites.filter((s) => s.kind === 'moved-to-heap').map((s) => s.subject)).toEqual(['n']);
    expect(after.inlining.some((d) => d.kind === 'inlined-call')).toBe(false);
  }, 120_000);

  it('a changed build tag misses; going back to the old tags hits the old entry', async () => {
    const { cacheDir, dir } = fresh('multi');
    const cwd = dir;
    const plain = await collect(liveRunner, { cwd, cacheDir, packages: ['./tagged'] });
    expect(plain.sites.some((s) => s.function.endsWith('.Special'))).toBe(false);
    const tagged = countingRunner();
    const special = await collect(tagged.runner, { cwd, cacheDir, packages: ['./tagged'], tags: ['special'] });
    expect(diagnosticBuilds(tagged.argvs)).toHaveLength(1);
    expect(special.sites.find((s) => s.function === 'example.com/multi/tagged.Special')?.kind).toBe('moved-to-heap');
    const back = countingRunner();
    expect(await collect(back.runner, { cwd, cacheDir, packages: ['./tagged'] })).toEqual(plain);
    expect(diagnosticBuilds(back.argvs)).toEqual([]);
  }, 120_000);

  it('a corrupt entry is a warning and a miss, never trusted, and is overwritten', async () => {
    const { cacheDir, dir } = fresh('causes');
    const good = await collect(liveRunner, { cwd: dir, cacheDir });
    const [entry] = entries(cacheDir);
    const path = join(cacheDir, 'evidence', entry!);
    const bytes = readFileSync(path);
    // Truncated: gzip's length and CRC catch it.
    writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
    const r = countingRunner();
    const ev = await collect(r.runner, { cwd: dir, cacheDir });
    expect(diagnosticBuilds(r.argvs)).toHaveLength(1);
    expect(ev.warnings.filter((w) => /evidence cache/.test(w))).toEqual([expect.stringMatching(/^ignored the evidence cache entry .*\.ndjson\.gz \(corrupt: .*\); compiling instead$/)]);
    expect({ ...ev, warnings: good.warnings }).toEqual(good);
    // Rewritten: the next run hits, with no warning.
    const again = countingRunner();
    expect(await collect(again.runner, { cwd: dir, cacheDir })).toEqual(good);
    expect(diagnosticBuilds(again.argvs)).toEqual([]);
    // Well-formed gzip whose records are not evidence: refused too.
    writeFileSync(path, gzipSync(Buffer.from(`{"kind":"heapsight-evidence-cache","format":${EVIDENCE_CACHE_FORMAT},"key":"${entry!.split('.')[0]}","goVersion":"go1.26.8","counts":{"packages":1,"sites":1,"inlining":0,"runtimeCalls":0,"warnings":0}}\n{"importPath":"x","dir":"/x"}\n{"pos":"nope"}\n`)));
    const shaped = await collect(liveRunner, { cwd: dir, cacheDir });
    expect(shaped.warnings.join('\n')).toMatch(/corrupt: site record 1 is not one/);
    expect(shaped.sites).toEqual(good.sites);
  }, 180_000);

  it('a cache directory that cannot be written is a warning, not an error', async () => {
    const { dir } = fresh('causes');
    const blocker = join(scratch, `file-${n++}`);
    writeFileSync(blocker, 'not a directory');
    const ev = await collect(liveRunner, { cwd: dir, cacheDir: join(blocker, 'cache') });
    expect(ev.sites.length).toBeGreaterThan(20);
    expect(ev.warnings.filter((w) => /evidence cache/.test(w))).toEqual([expect.stringMatching(/^cannot write the evidence cache in .* the next run compiles again$/)]);
  }, 120_000);

  it('heapsight escape: the second --explain hits; --no-cache neither reads nor writes', async () => {
    const { cacheDir, dir } = fresh('causes');
    const env = { ...process.env, HEAPSIGHT_CACHE: cacheDir };
    const first = countingRunner();
    const a = await runCli(['escape', '--explain', 'causes.go:31'], { runner: first.runner, cwd: dir, env });
    expect(a.code).toBe(0);
    expect(diagnosticBuilds(first.argvs)).toHaveLength(1);
    const second = countingRunner();
    const b = await runCli(['escape', '--explain', 'causes.go:31'], { runner: second.runner, cwd: dir, env, stderrIsTTY: true });
    expect(b.code).toBe(0);
    expect(diagnosticBuilds(second.argvs)).toEqual([]);
    expect(b.out).toBe(a.out);
    expect(b.err).toMatch(/compiler evidence of 1 package from the cache/);
    // The report without --explain reads the same entry.
    const report = countingRunner();
    expect((await runCli(['escape'], { runner: report.runner, cwd: dir, env })).code).toBe(0);
    expect(diagnosticBuilds(report.argvs)).toEqual([]);

    const [entry] = entries(cacheDir);
    const mtime = statSync(join(cacheDir, 'evidence', entry!)).mtimeMs;
    const bypass = countingRunner();
    const c = await runCli(['escape', '--no-cache', '--explain', 'causes.go:31'], { runner: bypass.runner, cwd: dir, env });
    expect(c.code).toBe(0);
    expect(c.out).toBe(a.out);
    expect(diagnosticBuilds(bypass.argvs)).toHaveLength(1);
    expect(exportLists(bypass.argvs)).toEqual([]);
    expect(entries(cacheDir)).toEqual([entry]);
    expect(statSync(join(cacheDir, 'evidence', entry!)).mtimeMs).toBe(mtime);
    // HEAPSIGHT_CACHE=off turns it off as well.
    const off = countingRunner();
    await runCli(['escape', '--explain', 'causes.go:31'], { runner: off.runner, cwd: dir, env: { ...process.env, HEAPSIGHT_CACHE: 'off' } });
    expect(diagnosticBuilds(off.argvs)).toHaveLength(1);
  }, 180_000);
});

describe('evidence cache entries (no go)', () => {
  const ev = fixtureEvidence('causes', { log: true, asm: true });
  const digest = 'a'.repeat(64);
  const encode = (d: string, e: CompilerEvidence): Buffer => gzipSync(Buffer.from([...encodeEntryLines(d, e)].join('')));

  it('round-trips real evidence', () => {
    const r = decodeEntry(encode(digest, ev), digest);
    expect(r).toEqual({ ok: true, evidence: ev });
  });

  it('refuses foreign and damaged entries with a reason', () => {
    const good = [...encodeEntryLines(digest, ev)].join('');
    const reason = (bytes: Buffer): string => {
      const r = decodeEntry(bytes, digest);
      return r.ok ? 'trusted' : r.reason;
    };
    expect(reason(encode('b'.repeat(64), ev))).toBe('foreign: the entry was written for another key');
    expect(reason(gzipSync(Buffer.from(good.replace(`"format":${EVIDENCE_CACHE_FORMAT}`, '"format":0'))))).toMatch(/^foreign: format 0/);
    expect(reason(gzipSync(Buffer.from('{"kind":"something else"}\n')))).toBe('foreign: not a heapsight evidence entry');
    expect(reason(Buffer.from('plain text'))).toMatch(/^corrupt: /);
    const lines = good.split('\n');
    expect(reason(gzipSync(Buffer.from(lines.slice(0, -3).join('\n'))))).toMatch(/^truncated: /);
    expect(reason(gzipSync(Buffer.from(good + '{"extra":1}\n')))).toBe('corrupt: records beyond the counts');
    const flipped = encode(digest, ev);
    const mid = flipped.length >> 1;
    flipped[mid] = flipped[mid]! ^ 0xff;
    expect(reason(flipped)).toMatch(/^(corrupt|truncated|foreign): /);
    const badKind = good.replace('"kind":"moved-to-heap"', '"kind":"moved-to-mars"');
    expect(reason(gzipSync(Buffer.from(badKind)))).toMatch(/^corrupt: site record \d+ is not one$/);
  });

  it('evicts the least recently used entries beyond its bounds, never the one just written', async () => {
    const dir = join(scratch, `evict-${n++}`);
    const cache = new EvidenceCache(dir, { maxBytes: 1 << 30, maxEntries: 2 });
    const digests = ['1', '2', '3'].map((c) => c.repeat(64));
    for (const [i, d] of digests.entries()) {
      expect((await cache.write(d, ev)).warning).toBeNull();
      // Distinct mtimes, oldest first, whatever the file system's resolution.
      const t = new Date(Date.now() - (10 - i) * 60_000);
      utimesSync(cache.pathOf(d), t, t);
    }
    expect(cache.read(digests[0]!).kind).toBe('miss');
    expect(cache.read(digests[1]!).kind).toBe('hit');
    expect(cache.read(digests[2]!).kind).toBe('hit');
    const small = new EvidenceCache(join(scratch, `evict-${n++}`), { maxBytes: 1, maxEntries: 10 });
    await small.write(digests[0]!, ev);
    await small.write(digests[1]!, ev);
    expect([small.read(digests[0]!).kind, small.read(digests[1]!).kind]).toEqual(['miss', 'hit']);
  });

  it('lives where Go keeps user caches unless HEAPSIGHT_CACHE or XDG_CACHE_HOME say otherwise', () => {
    expect(evidenceCacheDir({ HEAPSIGHT_CACHE: '/c' }, 'linux', '/home/u')).toBe('/c');
    expect(evidenceCacheDir({ HEAPSIGHT_CACHE: 'off', XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBeNull();
    expect(evidenceCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/heapsight');
    expect(evidenceCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.cache/heapsight');
    expect(evidenceCacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/heapsight');
    expect(evidenceCacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/heapsight');
    expect(evidenceCacheDir({ LocalAppData: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toMatch(/AppData.Local.heapsight$/);
    expect(evidenceCacheDir({}, 'linux', '')).toBeNull();
  });
});
