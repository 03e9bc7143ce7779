// decode-caps.test.ts feeds the decoder profiles made to exhaust memory: a
// small gzip that inflates to millions of two-byte entries (empty strings,
// samples, locations, labels, …). Each must stop at its cap with an error
// naming the file and the cap, before the memory is taken: the CLI runs in a
// child process whose peak RSS is measured.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeProfile, ProfileCapExceededError, readProfile } from '../../src/profile/decode.js';
import { DEFAULT_PROFILE_CAPS, type CapName } from '../../src/profile/profile-stream-decoder.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-caps-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

/** field is one length-delimited field: tag, length, body. */
function field(num: number, body: readonly number[]): number[] {
  return [(num << 3) | 2, ...varint(body.length), ...body];
}

// A valid start: one sample type (alloc_space/bytes) and its strings.
const head = [
  ...field(1, [0x08, 0x01, 0x10, 0x02]),
  ...field(6, []),
  ...field(6, [...Buffer.from('alloc_space')]),
  ...field(6, [...Buffer.from('bytes')]),
];

/** hostile is the head followed by `unit` repeated n times. */
function hostile(unit: readonly number[], n: number): Buffer {
  const u = Buffer.from(unit);
  const body = Buffer.alloc(u.length * n);
  for (let i = 0; i < n; i++) u.copy(body, i * u.length);
  return Buffer.concat([Buffer.from(head), body]);
}

const repeat = (xs: readonly number[], k: number): number[] => Array.from({ length: k }, () => xs).flat();

/** units: for each cap, the repeated entry that fills it fastest. */
const units: Record<Exclude<CapName, 'fieldBytes' | 'totalBytes'>, { unit: number[]; perUnit: number }> = {
  strings: { unit: field(6, []), perUnit: 1 },
  entities: { unit: field(4, []), perUnit: 1 },
  samples: { unit: field(2, []), perUnit: 1 },
  // One sample with 100 empty labels; one location with 1000 empty lines.
  labels: { unit: field(2, repeat(field(3, []), 100)), perUnit: 100 },
  lines: { unit: field(4, repeat(field(4, []), 1000)), perUnit: 1000 },
  // One sample holding 100 location ids (packed), or 100 values.
  stackEntries: { unit: field(2, field(1, repeat([1], 100))), perUnit: 100 },
  values: { unit: field(2, field(2, repeat([1], 100))), perUnit: 100 },
  comments: { unit: [0x68, 0x00], perUnit: 1 },
  stringBytes: { unit: field(6, repeat([0x61], 1000)), perUnit: 1000 },
};

describe('each cap stops hostile input with an error naming the file and the cap', () => {
  for (const [cap, { unit, perUnit }] of Object.entries(units) as [CapName, { unit: number[]; perUnit: number }][]) {
    it(cap, () => {
      // Small caps keep this fast; the CLI test below uses the defaults.
      const limit = 5000;
      const bytes = hostile(unit, Math.ceil((limit + 1) / perUnit) + 1);
      let err: unknown;
      try {
        decodeProfile(gzipSync(bytes), 'hostile.pb.gz', { caps: { [cap]: limit } });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProfileCapExceededError);
      expect((err as ProfileCapExceededError).cap).toBe(cap);
      expect((err as Error).message).toMatch(new RegExp(`^hostile\\.pb\\.gz: profile too large at byte \\d+: more than ${limit} `));
      // The same through the streaming file reader.
      const path = join(tmp, `${cap}.pb.gz`);
      writeFileSync(path, gzipSync(bytes, { level: 1 }));
      return expect(readProfile(path, { caps: { [cap]: limit } })).rejects.toThrow(ProfileCapExceededError);
    });
  }

  it('fieldBytes: a length prefix alone is refused before anything is buffered', () => {
    const bytes = Buffer.from([...head, 0x32, ...varint((64 << 20) + 1)]);
    expect(() => decodeProfile(bytes, 'big-field.pb')).toThrow(/^big-field\.pb: profile too large at byte \d+: more than 67108864 bytes in one field/);
  });

  it('totalBytes: many entries of several kinds together', () => {
    const mixed = Buffer.concat([hostile(units.entities.unit, 4000), Buffer.from(repeat(units.stringBytes.unit, 300))]);
    expect(() => decodeProfile(mixed, 'mixed.pb', { caps: { totalBytes: 1 << 20 } })).toThrow(/more than 1048576 bytes of decoded profile \(estimated\)/);
  });
});

describe('the default caps bound memory (heapsight top in a child process)', () => {
  const bin = resolve('bin/heapsight');
  // Prints the child's peak RSS (KiB) as it exits.
  const rssHook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss="+process.resourceUsage().maxRSS+"\\n"))';
  const cases: [string, CapName, number[], number][] = [
    // The cases: 2-byte entries, just past each default cap.
    ['empty strings', 'strings', units.strings.unit, DEFAULT_PROFILE_CAPS.strings + 10],
    ['empty samples', 'samples', units.samples.unit, DEFAULT_PROFILE_CAPS.samples + 10],
    ['empty locations', 'entities', units.entities.unit, DEFAULT_PROFILE_CAPS.entities + 10],
  ];
  for (const [what, cap, unit, n] of cases) {
    it(`${what}: exit 2, one plain message, peak RSS under 600 MB`, () => {
      const path = join(tmp, `default-${cap}.pb.gz`);
      writeFileSync(path, gzipSync(hostile(unit, n), { level: 1 }));
      const r = spawnSync(process.execPath, ['--import', rssHook, bin, 'top', path], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`heapsight top: ${path}: profile too large at byte`);
      expect(r.stderr).toContain(`more than ${DEFAULT_PROFILE_CAPS[cap]} `);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const rss = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]);
      expect(rss).toBeGreaterThan(0);
      expect(rss / 1024).toBeLessThan(600);
    });
  }
});
