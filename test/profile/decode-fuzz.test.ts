// decode-fuzz.test.ts mutates real profiles (raw and gzipped) with fast-check
// and asserts the decoder's contract: it returns a Profile or throws an
// InputError subclass — never another exception, never a hang — and
// whatever it returns can be analysed and re-encoded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { decodeProfile } from '../../src/profile/decode.js';
import { encodeProfile } from '../../src/profile/encode.js';
import { ProfileStreamDecoder } from '../../src/profile/profile-stream-decoder.js';
import { top } from '../../src/profile/top.js';

const dir = new URL('../../testdata/profile/', import.meta.url).pathname;
const seeds = ['allocs.pb.gz', 'heap.pb.gz', 'cpu.pb.gz'].map((f) => gunzipSync(readFileSync(join(dir, f))));

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; len: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 16 }) }),
);

function mutate(src: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let b = Uint8Array.from(src);
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    switch (m.kind) {
      case 'flip':
        b[at]! ^= 1 << m.bit;
        break;
      case 'set':
        b[at] = m.value;
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
      case 'splice':
        b = Uint8Array.from([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
        break;
      case 'delete':
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.len)]);
        break;
    }
  }
  return b;
}

/** exercise decodes and, when that succeeds, runs the analysis and writer over the result. */
function exercise(bytes: Uint8Array): void {
  try {
    const p = decodeProfile(bytes, 'fuzz.pb', { maxDecompressedBytes: 8 << 20 });
    top(p, { granularity: 'lines' });
    decodeProfile(encodeProfile(p), 'fuzz-reencoded.pb');
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    expect(e.message).toMatch(/^fuzz(-reencoded)?\.pb: /);
  }
}

describe('decoder under mutation', () => {
  it('raw protobuf: only InputError, no hang', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (s, ms) => {
        exercise(mutate(seeds[s]!, ms));
      }),
      { numRuns: 1500, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('gzip stream: only InputError, no hang', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (s, ms) => {
        exercise(mutate(gzipSync(seeds[s]!), ms));
      }),
      { numRuns: 400, interruptAfterTimeLimit: 10_000 },
    );
  });

  it('chunked decoding of a mutated profile fails or succeeds exactly like one-shot decoding', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 0, maxLength: 3 }), fc.integer({ min: 1, max: 300 }), (ms, chunk) => {
        const bytes = mutate(seeds[0]!, ms);
        const outcome = (f: () => unknown): string => {
          try {
            return JSON.stringify(f(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array || v instanceof Uint16Array || v instanceof Uint32Array || v instanceof Float64Array ? Array.from(v) : v));
          } catch (e) {
            return `error ${(e as Error).message}`;
          }
        };
        const oneShot = outcome(() => {
          const d = new ProfileStreamDecoder(bytes.length);
          d.push(bytes);
          return d.finish();
        });
        const chunked = outcome(() => {
          const d = new ProfileStreamDecoder(0);
          for (let i = 0; i < bytes.length; i += chunk) d.push(bytes.subarray(i, i + chunk));
          return d.finish();
        });
        expect(chunked).toBe(oneShot);
      }),
      { numRuns: 150, interruptAfterTimeLimit: 10_000 },
    );
  });

  it('arbitrary bytes: only InputError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (b) => exercise(b)), { numRuns: 1000 });
  });
});
