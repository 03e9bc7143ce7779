// decode.test.ts checks the profile.proto reader on real Go 1.26.8 profiles
// (testdata/profile, see its README), the writer's round trip through
// `go tool pprof -raw`, merging, and the typed errors for bad input.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { CorruptProfileError, NotAProfileError, ProfileCapExceededError, ProfileTooLargeError, decodeProfile, readProfile } from '../../src/profile/decode.js';
import { ProfileStreamDecoder } from '../../src/profile/profile-stream-decoder.js';
import { encodeProfile } from '../../src/profile/encode.js';
import { mergeProfiles } from '../../src/profile/merge.js';
import { sampleLabels, sampleStack, sampleValue } from '../../src/profile/model.js';
import { ProfileMismatchError } from '../../src/profile/profile-error.js';

const dir = new URL('../../testdata/profile/', import.meta.url).pathname;
const load = (name: string) => decodeProfile(readFileSync(join(dir, name)), name);
const tmp = mkdtempSync(join(tmpdir(), 'heapsight-decode-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** pprofRaw is `go tool pprof -raw`, the anchor's own dump of a profile. */
function pprofRaw(path: string): string {
  return execFileSync('go', ['tool', 'pprof', '-raw', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('decodeProfile on real Go profiles', () => {
  it('reads an allocs profile: sample types, default, labels, inlined lines', () => {
    const p = load('allocs.pb.gz');
    expect(p.sampleTypes.map((t) => `${t.type}/${t.unit}`)).toEqual([
      'alloc_objects/count',
      'alloc_space/bytes',
      'inuse_objects/count',
      'inuse_space/bytes',
    ]);
    expect(p.defaultSampleType).toBe('alloc_space');
    expect(p.period).toBe(4096);
    expect(p.periodType).toEqual({ type: 'space', unit: 'bytes' });
    // Every allocating sample of a Go heap profile carries the object size as numeric label "bytes".
    let labelled = 0;
    for (let i = 0; i < p.samples.count; i++) {
      const l = sampleLabels(p, i);
      if (sampleValue(p, i, 0) !== 0) {
        expect(l.some((x) => x.kind === 'number' && x.key === 'bytes' && x.value > 0)).toBe(true);
        labelled++;
      }
    }
    expect(labelled).toBeGreaterThan(10);
    // newBuf is inlined into bigBuffers/mediumBuffers: a location with two lines, innermost first.
    const inl = p.locations.find((l) => l.lines.length >= 2 && l.lines[0]!.function.name === 'main.newBuf');
    expect(inl?.lines[1]?.function.name).toMatch(/^main\.(big|medium)Buffers$/);
  });

  it('reads a heap profile whose default_sample_type is unset', () => {
    const p = load('heap.pb.gz');
    expect(p.defaultSampleType).toBe('');
    expect(p.samples.count).toBeGreaterThan(0);
  });

  it('reads a CPU profile with nanosecond values and duration', () => {
    const p = load('cpu.pb.gz');
    expect(p.sampleTypes.map((t) => t.type)).toEqual(['samples', 'cpu']);
    expect(p.durationNanos).toBeGreaterThan(1e9);
    expect(p.period).toBe(10_000_000);
    for (let i = 0; i < p.samples.count; i++) expect(sampleValue(p, i, 1)).toBe(sampleValue(p, i, 0) * 10_000_000);
  });

  it('re-encodes so that go tool pprof -raw prints the same profile', () => {
    for (const name of ['allocs.pb.gz', 'heap.pb.gz', 'cpu.pb.gz']) {
      const p = load(name);
      const bytes = encodeProfile(p);
      const again = decodeProfile(bytes, 'reencoded');
      expect(again).toEqual(p);
      const out = join(process.env['HS_KEEP'] ?? tmp, `re-${name}`);
      writeFileSync(out, gzipSync(bytes));
      expect(pprofRaw(out)).toBe(pprofRaw(join(dir, name)));
    }
  });

  it('keeps negative int64 values (delta profiles) exact through encode and decode', () => {
    const p = load('allocs.pb.gz');
    const neg = { ...p, samples: { ...p.samples, values: p.samples.values.map((v) => (v === 0 ? 0 : -v)) } };
    const back = decodeProfile(encodeProfile(neg), 'neg');
    expect(Array.from(back.samples.values)).toEqual(Array.from(neg.samples.values));
    const out = join(tmp, 'neg.pb.gz');
    writeFileSync(out, gzipSync(encodeProfile(neg)));
    const raw = pprofRaw(out);
    const big = Math.max(...Array.from(p.samples.values));
    expect(raw).toContain(`-${big}`);
  });
});

describe('ids that are not indices', () => {
  it('decodes sparse, shuffled location ids to the same stacks', () => {
    const p = load('allocs.pb.gz');
    // Renumber locations 1..N to sparse ids in reverse order; ids are not indices.
    const locations = [...p.locations].reverse().map((l) => ({ ...l, id: l.id * 7919 + 100_000 }));
    const index = new Map(p.locations.map((l, i) => [l, locations.length - 1 - i]));
    const stackLocations = Uint32Array.from(p.samples.stackLocations, (i) => index.get(p.locations[i]!)!);
    const sparse = { ...p, locations, samples: { ...p.samples, stackLocations } };
    const back = decodeProfile(encodeProfile(sparse), 'sparse');
    const names = (q: typeof p) =>
      Array.from({ length: q.samples.count }, (_, i) => sampleStack(q, i).map((l) => `${l.id}:${l.lines.map((x) => x.function.name).join('+')}`).join(';'));
    expect(names(back)).toEqual(names(sparse));
    expect(back.locations.map((l) => l.id)).toEqual(locations.map((l) => l.id));
  });
});

describe('mergeProfiles', () => {
  it('sums identical stacks and labels', () => {
    const a = load('allocs.pb.gz');
    const m = mergeProfiles([a, a]);
    // Go's heap profile can hold several samples with one stack and one size
    // (buckets differ in the hidden runtime frames); merging sums those too.
    const keys = new Set(
      Array.from({ length: a.samples.count }, (_, i) => sampleStack(a, i).map((l) => l.id).join(',') + JSON.stringify(sampleLabels(a, i))),
    );
    expect(m.samples.count).toBe(keys.size);
    const total = (p: typeof a) => {
      let t = 0;
      for (let i = 0; i < p.samples.count; i++) t += sampleValue(p, i, 1);
      return t;
    };
    expect(total(m)).toBe(2 * total(a));
    // Stacks survive renumbering: the same function names in the same order.
    const names = (p: typeof a, i: number) => sampleStack(p, i).map((l) => l.lines.map((x) => x.function.name).join('+'));
    const before = new Set(Array.from({ length: a.samples.count }, (_, i) => names(a, i).join(';')));
    const after = new Set(Array.from({ length: m.samples.count }, (_, i) => names(m, i).join(';')));
    expect(after).toEqual(before);
  });

  it('merges a heap and an allocs profile of one program (same sample types)', () => {
    const m = mergeProfiles([load('heap.pb.gz'), load('allocs.pb.gz')]);
    expect(m.samples.count).toBeGreaterThan(0);
  });

  it('refuses to merge different kinds', () => {
    expect(() => mergeProfiles([load('allocs.pb.gz'), load('cpu.pb.gz')])).toThrow(ProfileMismatchError);
    expect(() => mergeProfiles([])).toThrow(ProfileMismatchError);
  });
});

describe('bad input gives typed errors naming the file', () => {
  const real = readFileSync(join(dir, 'allocs.pb.gz'));
  const expectError = (bytes: Uint8Array, cls: new (...a: never[]) => InputError, msg: RegExp, opts = {}) => {
    let err: unknown;
    try {
      decodeProfile(bytes, 'bad.pb.gz', opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^bad\.pb\.gz: /);
    expect((err as Error).message).toMatch(msg);
  };

  it('empty file', () => expectError(new Uint8Array(0), NotAProfileError, /empty file/));
  it('text file', () => expectError(Buffer.from('hello, this is a README\n'), NotAProfileError, /text file/));
  it('legacy text heap profile (debug=1)', () =>
    expectError(readFileSync(join(dir, 'legacy-heap.txt')), NotAProfileError, /legacy format/));
  it('legacy text goroutine profile (debug=1)', () =>
    expectError(readFileSync(join(dir, 'legacy-goroutine.txt')), NotAProfileError, /legacy format/));
  it('legacy binary CPU profile header', () => {
    const words = new BigUint64Array([0n, 3n, 0n, 10000n, 0n, 1n, 1n, 0x401000n]);
    expectError(new Uint8Array(words.buffer), NotAProfileError, /legacy format/);
  });
  it('truncated gzip', () => expectError(real.subarray(0, real.length >> 1), CorruptProfileError, /decompressing profile/));
  it('truncated raw protobuf reports a byte offset', () => {
    const raw = encodeProfile(load('allocs.pb.gz'));
    expectError(raw.subarray(0, raw.length - 7), CorruptProfileError, /corrupt profile at byte \d+/);
  });
  it('gzip bomb: 10 GB of zeros in concatenated gzip members hits the size limit', () => {
    // 100 MiB of zeros compresses to ~100 KiB; 100 members make a 10 GiB bomb.
    const member = gzipSync(Buffer.alloc(100 << 20), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 100 }, () => member));
    expectError(bomb, ProfileTooLargeError, /size limit/, { maxDecompressedBytes: 64 << 20 });
  });
  it('a raw protobuf that is not a profile', () => {
    expectError(Uint8Array.from([0x08, 0x96, 0x01]), NotAProfileError, /without sample types/);
  });
});

describe('readProfile streams files through the same decoder', () => {
  it('gives the same profile as decodeProfile, gzipped and raw', async () => {
    for (const name of ['allocs.pb.gz', 'cpu.pb.gz']) {
      const want = load(name);
      expect(await readProfile(join(dir, name))).toEqual(want);
      const raw = join(tmp, `${name}.raw`);
      writeFileSync(raw, gunzipSync(readFileSync(join(dir, name))));
      expect(await readProfile(raw)).toEqual(want);
    }
  });

  it('decodes the same whatever the chunk boundaries', () => {
    const raw = gunzipSync(readFileSync(join(dir, 'allocs.pb.gz')));
    const want = load('allocs.pb.gz');
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const d = new ProfileStreamDecoder(0);
      for (let i = 0; i < raw.length; i += size) d.push(raw.subarray(i, i + size));
      expect(d.finish()).toEqual(want);
    }
  });

  const badFile = async (name: string, bytes: Uint8Array, cls: new (...a: never[]) => InputError, msg: RegExp, opts = {}) => {
    const path = join(tmp, name);
    writeFileSync(path, bytes);
    const err = await readProfile(path, opts).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(cls);
    expect((err as Error).message.startsWith(`${path}: `)).toBe(true);
    expect((err as Error).message).toMatch(msg);
  };
  const real = readFileSync(join(dir, 'allocs.pb.gz'));

  it('empty, text, legacy, truncated gzip, truncated raw, bomb, missing', async () => {
    await badFile('empty.pb.gz', new Uint8Array(0), NotAProfileError, /empty file/);
    await badFile('notes.txt', Buffer.from('just some notes\n'.repeat(500)), NotAProfileError, /text file/);
    await badFile('legacy.txt', readFileSync(join(dir, 'legacy-heap.txt')), NotAProfileError, /legacy format/);
    await badFile('gzipped-text.gz', gzipSync(Buffer.from('heap profile: 1: 2 [3: 4] @ heap/1048576\n')), NotAProfileError, /legacy format/);
    await badFile('trunc.pb.gz', real.subarray(0, real.length >> 1), CorruptProfileError, /decompressing profile/);
    const raw = gunzipSync(real);
    await badFile('trunc.pb', raw.subarray(0, raw.length - 5), CorruptProfileError, /corrupt profile at byte \d+: truncated/);
    // A streaming decoder would reject a bomb of zeros as corrupt at byte 0 before any limit; this
    // bomb is well-formed as far as it goes: one unknown field 99 claiming 1 GiB - 1, then 10 GiB of zeros.
    const header = gzipSync(Uint8Array.from([0x9a, 0x06, 0xff, 0xff, 0xff, 0xff, 0x03]));
    const member = gzipSync(Buffer.alloc(100 << 20), { level: 9 });
    const bomb = Buffer.concat([header, ...Array.from({ length: 100 }, () => member)]);
    // (The field cap would refuse that length first; lifted here so the size limit is what stops it.)
    await badFile('bomb.pb.gz', bomb, ProfileTooLargeError, /size limit/, { maxDecompressedBytes: 64 << 20, caps: { fieldBytes: 1 << 30 } });
    await badFile('bomb-field.pb.gz', bomb, ProfileCapExceededError, /more than 67108864 bytes in one field/, { maxDecompressedBytes: 64 << 20 });
    await badFile('zeros.pb.gz', Buffer.concat([member, member]), CorruptProfileError, /corrupt profile at byte 0: field number 0/);
    await expect(readProfile(join(tmp, 'no-such.pb.gz'))).rejects.toThrow(/no-such\.pb\.gz: not a profile: no such file/);
  });
});
